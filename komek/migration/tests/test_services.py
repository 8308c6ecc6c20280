"""The rules of migration: the kandas status refused to a citizen of Kazakhstan, a permit refused
beyond its category's quota, a BIN failing its check and a term ending before it starts refused on
their fields. Every refusal is audited and leaves nothing half-written."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from komek.common.errors import DomainError, NotFound, PermissionDenied
from komek.common.models import AuditLog
from komek.employment.bin import make_bin
from komek.migration.models import Check, Invitation, KandasStatus, Permit, Support
from komek.migration.quota import quota_of
from komek.migration.services import (
    check_record,
    consultation_record,
    invitation_issue,
    kandas_assign,
    permit_issue,
    support_pay,
)

pytestmark = pytest.mark.django_db
ALMATY = "750000000"
DAY = dt.date(2020, 3, 2)
BIN = make_bin(2010, 5, 123) or make_bin(2010, 5, 124)


def _refusals(kind: str = "migration.") -> int:
    return AuditLog.objects.filter(action="refuse", object_type__startswith=kind).count()


def _permit(actor: Any, **change: Any) -> Permit:
    data = {
        "kato": ALMATY, "employer": "ТОО «Алатау Девелопмент»", "employer_bin": BIN, "category": "4",
        "country": "CN", "workers": 10, "issued": DAY, "term_from": DAY, "term_to": dt.date(2021, 3, 1),
        "fee": 4_500_000,
    }  # fmt: skip
    return permit_issue(actor=actor, **{**data, **change})


def test_the_status_is_assigned_with_its_family_and_audited(counsellor: Any, almaty_person: Any) -> None:
    holder, wife = almaty_person(), almaty_person(name="Айгерим", sex="female")
    found = kandas_assign(
        actor=counsellor, iin=holder.iin, assigned_on=DAY, kato=ALMATY, country="CN", members=[wife.iin]
    )
    assert list(found.members.all()) == [wife]
    row = AuditLog.objects.get(object_type="migration.kandasstatus", action="create")
    assert row.person_id == holder.pk and row.changes["members"][1] == [wife.pk]


def test_a_citizen_of_kazakhstan_is_refused_the_status(counsellor: Any, almaty_person: Any) -> None:
    citizen = almaty_person(citizenship="citizen")
    with pytest.raises(DomainError, match="is a citizen of Kazakhstan") as refused:
        kandas_assign(actor=counsellor, iin=citizen.iin, assigned_on=DAY, kato=ALMATY, country="CN")
    assert refused.value.field == "iin"
    holder = almaty_person()
    with pytest.raises(DomainError, match="is a citizen of Kazakhstan") as refused:
        kandas_assign(
            actor=counsellor,
            iin=holder.iin,
            assigned_on=DAY,
            kato=ALMATY,
            country="CN",
            members=[citizen.iin],
        )
    assert refused.value.field == "members"
    assert not KandasStatus.objects.exists()
    assert _refusals() == 2


def test_kazakhstan_as_country_of_origin_and_a_second_status_are_refused(
    counsellor: Any, almaty_person: Any
) -> None:
    holder = almaty_person()
    with pytest.raises(DomainError, match="abroad") as refused:
        kandas_assign(actor=counsellor, iin=holder.iin, assigned_on=DAY, kato=ALMATY, country="KZ")
    assert refused.value.field == "country"
    kandas_assign(actor=counsellor, iin=holder.iin, assigned_on=DAY, kato=ALMATY, country="MN")
    with pytest.raises(DomainError, match="has the kandas status already"):
        kandas_assign(actor=counsellor, iin=holder.iin, assigned_on=DAY, kato=ALMATY, country="MN")
    other = almaty_person(name="Максат")
    with pytest.raises(DomainError, match="has the kandas status already") as refused:
        kandas_assign(
            actor=counsellor, iin=other.iin, assigned_on=DAY, kato=ALMATY, country="MN", members=[holder.iin]
        )
    assert refused.value.field == "members"
    assert KandasStatus.objects.count() == 1


def test_a_person_of_another_territory_is_not_found(balkhash_counsellor: Any, almaty_person: Any) -> None:
    holder = almaty_person()
    with pytest.raises(DomainError, match="No person with this IIN"):
        kandas_assign(
            actor=balkhash_counsellor, iin=holder.iin, assigned_on=DAY, kato="351610000", country="CN"
        )


def test_the_analyst_may_not_write(analyst_user: Any) -> None:
    with pytest.raises(PermissionDenied):
        _permit(analyst_user)


def test_support_never_before_the_status_and_in_whole_tenge(counsellor: Any, almaty_person: Any) -> None:
    holder = almaty_person()
    status = kandas_assign(actor=counsellor, iin=holder.iin, assigned_on=DAY, kato=ALMATY, country="CN")
    with pytest.raises(DomainError, match=r"before the status was assigned \(02.03.2020\)") as refused:
        support_pay(actor=counsellor, status_id=status.pk, kind="rent", paid_on="2020-03-01", amount=90000)
    assert refused.value.field == "paid_on"
    with pytest.raises(DomainError) as refused:
        support_pay(actor=counsellor, status_id=status.pk, kind="rent", paid_on=DAY, amount="90000.5")
    assert refused.value.field == "amount"
    support_pay(actor=counsellor, status_id=status.pk, kind="relocation", paid_on=DAY, amount="194 460")
    assert Support.objects.get().amount == 194_460
    with pytest.raises(NotFound):
        support_pay(actor=counsellor, status_id=status.pk + 99, kind="rent", paid_on=DAY, amount=1)


def test_invitations_keep_whether_the_inviter_was_a_citizen(counsellor: Any, almaty_person: Any) -> None:
    citizen, kandas = almaty_person(citizenship="citizen"), almaty_person()
    invitation_issue(
        actor=counsellor, kato=ALMATY, inviter=citizen.iin, issued=DAY, relative="Ерлан", country="CN"
    )
    invitation_issue(
        actor=counsellor, kato=ALMATY, inviter=kandas.iin, issued=DAY, relative="Жанар", country="MN"
    )
    assert sorted(Invitation.objects.values_list("inviter_citizen", flat=True)) == [False, True]
    with pytest.raises(DomainError, match="lives abroad"):
        invitation_issue(
            actor=counsellor, kato=ALMATY, inviter=kandas.iin, issued=DAY, relative="X", country="KZ"
        )


def test_a_consultation_needs_a_name_and_a_topic(counsellor: Any) -> None:
    with pytest.raises(DomainError) as refused:
        consultation_record(actor=counsellor, kato=ALMATY, date=DAY, full_name=" ", topic="status")
    assert refused.value.field == "full_name"
    done = consultation_record(
        actor=counsellor, kato=ALMATY, date=DAY, full_name="Нурлан Ерденов", topic="status"
    )
    assert done.person is None


def test_a_permit_within_the_quota_and_one_beyond_it(counsellor: Any) -> None:
    """Category IV of Almaty in 2020: 49 workers; 40 issued, a permit for 10 more is refused."""
    _permit(counsellor, workers=40)
    assert quota_of(year=2020, code=ALMATY, category="4").left == 9
    with pytest.raises(DomainError, match="Category IV: 9 of the quota of 49 for 2020 are left") as refused:
        _permit(counsellor, workers=10)
    assert refused.value.field == "workers"
    assert Permit.objects.count() == 1
    assert _refusals("migration.permit") == 1
    _permit(counsellor, workers=9)
    assert quota_of(year=2020, code="751110000", category="4").left == 0


def test_no_quota_for_the_year_is_a_refusal(counsellor: Any) -> None:
    with pytest.raises(DomainError, match="No quota .* category II .* in 2021") as refused:
        _permit(counsellor, category="2", issued=dt.date(2021, 2, 1))
    assert refused.value.field == "category"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"employer_bin": "100540012340"}, "employer_bin", "check digit"),
        ({"employer_bin": "12345"}, "employer_bin", "12 digits"),
        ({"term_to": dt.date(2020, 3, 1)}, "term_to", r"ends \(01.03.2020\) before it starts \(02.03.2020\)"),
        ({"country": "KZ"}, "country", "abroad"),
        ({"workers": 0}, "workers", "not below 1"),
        ({"category": "5"}, "category", "category"),
    ],
)
def test_bad_input_names_its_field_and_writes_nothing(
    counsellor: Any, change: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(DomainError, match=message) as refused:
        _permit(counsellor, **change)
    assert refused.value.field == field
    assert not Permit.objects.exists()
    assert _refusals("migration.permit") == 1


def test_a_check_with_violations_says_what_they_were(counsellor: Any) -> None:
    with pytest.raises(DomainError, match="Describe the violations") as refused:
        check_record(actor=counsellor, kato=ALMATY, date=DAY, employer="ТОО", employer_bin=BIN, violations=2)
    assert refused.value.field == "findings"
    with pytest.raises(DomainError, match="check digit") as refused:
        check_record(actor=counsellor, kato=ALMATY, date=DAY, employer="ТОО", employer_bin="100540012340")
    assert refused.value.field == "employer_bin"
    check_record(
        actor=counsellor,
        kato=ALMATY,
        date=DAY,
        employer="ТОО",
        employer_bin=BIN,
        violations=2,
        findings="Без разрешения",
    )
    assert Check.objects.get().violations == 2
