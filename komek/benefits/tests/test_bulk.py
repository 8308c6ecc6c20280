"""Assignments in bulk: the same assignment as ``assignment_create`` gives, set-based, checked row by
row and refused whole, the refusal audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest

from komek.benefits.models import Assignment, AssignmentAmount
from komek.benefits.services.bulk import assignments_create_bulk
from komek.benefits.tests.fixtures import valid_iban
from komek.common.errors import DomainError, PermissionDenied
from komek.common.models import AuditLog

pytestmark = pytest.mark.django_db

ALMATY_DISTRICT = "751110000"
MARCH = (dt.date(2020, 3, 1), dt.date(2020, 3, 31))
FIRE = {"programme": "balkhash.fire_damage", "kind": "one_time", "basis": "Council decision 5"}


def _rows(families: list[Any], **columns: list[Any]) -> pl.DataFrame:
    """One row per family (its head the recipient), with Halyk accounts unless ``columns`` say."""
    heads = [f.memberships.get(relation="head").person for f in families]
    values: dict[str, list[Any]] = {
        "person_id": [None] * len(families),
        "family_id": [f.pk for f in families],
        "recipient_id": [h.pk for h in heads],
        "kato_code": [f.kato_id for f in families],
        "monthly_amount": [50_000] * len(families),
        "bank_bic": ["HSBKKZKX"] * len(families),
        "iban": [valid_iban("601") for _ in families],
    }
    values.update(columns)
    return pl.DataFrame(values, schema_overrides={"person_id": pl.Int64})


def _bulk(actor: Any, rows: pl.DataFrame, **terms: Any) -> Any:
    start, end = terms.pop("period", MARCH)
    return assignments_create_bulk(
        actor=actor, **{**FIRE, **terms}, period_start=start, period_end=end, rows=rows
    )


def test_bulk_assigns_what_assignment_create_assigns(
    make_assignment: Any, make_family: Any, caseworker: Any
) -> None:
    """Each row gets the fields one ``assignment_create`` of the same terms gives (schedule, budget
    source and shares from the legislation, the amount row, the account) and one audit row naming it."""
    single = make_assignment(
        programme="balkhash.fire_damage", kind="one_time", monthly_amount=50_000, period_start=MARCH[0],
        period_end=MARCH[1], basis="Council decision 5", amount_limit=90_000,
    )  # fmt: skip
    families = [make_family(), make_family()]
    rows = _rows(families)
    created = _bulk(caseworker, rows, amount_limit=90_000)
    assert created.count == 2 and created.total == 100_000
    fields = (
        "programme", "kind", "status", "periodicity", "budget_source", "share_republican", "share_regional",
        "share_local", "amount_limit", "period_start",
        "period_end", "basis", "created_by_id", "social_contract_ref", "monthly_amount", "bank_id",
    )  # fmt: skip
    expected = {f: getattr(single, f) for f in fields}
    assert expected["periodicity"] == "once" and expected["budget_source"] == "local"
    for assignment_id, family, account in zip(created.ids, families, rows["iban"], strict=True):
        made = Assignment.objects.get(pk=int(assignment_id))
        assert {f: getattr(made, f) for f in fields} == expected
        assert (made.family_id, made.iban, made.kato_code) == (family.pk, account, family.kato_id)
        amounts = AssignmentAmount.objects.filter(assignment=made).values_list(
            "valid_from", "valid_to", "monthly_amount"
        )
        assert list(amounts) == [(dt.date(2020, 3, 1), None, 50_000)]
        assert list(single.amounts.values_list("valid_from", "valid_to", "monthly_amount")) == list(amounts)
    audited = AuditLog.objects.filter(object_type="benefits.assignment", action="create")
    assert sorted(audited.values_list("object_id", flat=True)) == sorted(
        str(i) for i in [single.pk, *created.ids]
    )


@pytest.mark.parametrize(
    ("columns", "code", "field"),
    [
        ({"iban": ["KZ00601000000000000", None]}, "iban", "iban"),
        ({"bank_bic": ["HSBKKZKX", "CASPKZKA"]}, "iban_bank", "iban"),
        ({"monthly_amount": [50_000, 0]}, "amount", "monthly_amount"),
        ({"monthly_amount": [50_000, 90_001]}, "above_limit", "monthly_amount"),
        ({"recipient_id": [None, None]}, "recipient", "rows"),
    ],
)
def test_a_bad_row_refuses_the_whole_set(
    make_family: Any, caseworker: Any, columns: dict[str, list[Any]], code: str, field: str
) -> None:
    """A wrong row is named (the second of two) with the field, nothing is written, and the refusal
    is audited."""
    families = [make_family(), make_family()]
    rows = _rows(families)
    rows = rows.with_columns(
        pl.Series(name, values, dtype=rows.schema[name]) for name, values in columns.items()
    )
    with pytest.raises(DomainError) as refused:
        _bulk(caseworker, rows, amount_limit=90_000)
    assert (refused.value.code, refused.value.field) == (code, field)
    assert "rows 2" in str(refused.value).lower() or "rows 1, 2" in str(refused.value).lower()
    assert not Assignment.objects.exists()
    refusal = AuditLog.objects.get(action="refuse", object_type="benefits.assignment")
    assert refusal.changes == {"refused": [code, field]}


def test_a_beneficiary_named_twice_or_unknown_is_refused(make_family: Any, caseworker: Any) -> None:
    """The same family on two rows, or a family the registry does not hold, is refused by row."""
    family = make_family()
    with pytest.raises(DomainError, match="named again on rows 1, 2") as twice:
        _bulk(caseworker, _rows([family, family]))
    assert twice.value.code == "twice"
    unknown = _rows([family]).with_columns(pl.lit(family.pk + 999).alias("family_id"))
    with pytest.raises(DomainError, match="does not hold") as missing:
        _bulk(caseworker, unknown, row_labels=["A-7"])
    assert missing.value.code == "unknown" and "A-7" in str(missing.value)
    assert not Assignment.objects.exists()


def test_an_overlap_and_a_second_once_only_assistance_are_refused(
    make_assignment: Any, make_family: Any, caseworker: Any, make_user: Any, make_person: Any
) -> None:
    """A family with an open assignment of the programme over the period is refused; so is a family
    that already got an assistance given once per household (Almaty's gas connection)."""
    family = make_family()
    make_assignment(
        family, programme="balkhash.fire_damage", kind="one_time", period_start=MARCH[0],
        period_end=MARCH[1],
    )  # fmt: skip
    with pytest.raises(DomainError, match="overlaps") as overlap:
        _bulk(caseworker, _rows([make_family(), family]))
    assert overlap.value.code == "overlap" and "Rows 2 (1 in all)" in str(overlap.value)

    from komek.accounts.choices import Role
    from komek.registry.services.families import MemberSpec, family_create

    registrar = make_user(Role.REGISTRAR, units=("750000000",), username="almaty_registrar")
    almaty_caseworker = make_user(Role.CASEWORKER, units=("750000000",), username="almaty_caseworker")
    head = make_person(kato=ALMATY_DISTRICT, actor=registrar)
    almaty = family_create(
        actor=registrar, members=[MemberSpec(person=head, relation="head")], kato=ALMATY_DISTRICT,
        valid_from=dt.date(2019, 1, 1),
    )  # fmt: skip
    gas = {"programme": "almaty.gas_connection", "kind": "one_time"}
    make_assignment(almaty, actor=almaty_caseworker, period_start=MARCH[0], period_end=MARCH[1], **gas)
    april = {"period": (dt.date(2020, 4, 1), dt.date(2020, 4, 30)), "programme": gas["programme"]}
    with pytest.raises(DomainError, match="given once") as again:
        _bulk(almaty_caseworker, _rows([almaty]), **april)
    assert again.value.code == "once_per"
    assert Assignment.objects.count() == 2


def test_role_and_territory(make_family: Any, make_user: Any) -> None:
    """Staff without the right to assign, or outside the beneficiaries' territory, are refused."""
    from komek.accounts.choices import Role

    rows = _rows([make_family()])
    with pytest.raises(PermissionDenied):
        _bulk(make_user(Role.REGISTRAR, username="clerk"), rows)
    almaty = make_user(Role.CASEWORKER, units=("750000000",), username="almaty_caseworker")
    with pytest.raises(PermissionDenied, match="outside your territorial units"):
        _bulk(almaty, rows)
    assert not Assignment.objects.exists()
