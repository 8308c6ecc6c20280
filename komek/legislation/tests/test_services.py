"""Parameter values and council decisions: checked by the engine, audited, never edited in place."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from komek.accounts.choices import Capability, Role
from komek.accounts.roles import CAPABILITIES
from komek.common.errors import DomainError, PermissionDenied, ValidationFailed
from komek.common.models import AuditLog
from komek.common.validation import today
from komek.legislation import loader
from komek.legislation.models import ParameterValueRecord, ProgrammeVersion, RecordChanged
from komek.legislation.services.decisions import (
    ConditionSpec,
    ProgrammeSpec,
    programme_version_add,
    programme_version_retire,
)
from komek.legislation.services.parameters import parameter_value_add

pytestmark = pytest.mark.django_db
BALKHASH = "351600000"
LABEL = {"kk": "шарт", "ru": "условие", "en": "condition"}
TITLE = {"kk": "Жылу көмегі", "ru": "Помощь на отопление", "en": "Heating aid"}


def spec(**changes: object) -> ProgrammeSpec:
    fields: dict[str, object] = {
        "code": "balkhash.heating_aid",
        "title": TITLE,
        "legal_basis": "Balkhash town council decision of 20.10.2026 No. 5/41",
        "kato": BALKHASH,
        "valid_from": dt.date(2026, 12, 1),
        "periodicity": "once",
        "entity": "family",
        "conditions": (
            ConditionSpec("low_income", "per_capita_income <= subsistence_minimum", LABEL),
            ConditionSpec("pensioner_in_family", "pensioners > 0", LABEL),
        ),
        "amount": "5 * mci",
    }
    fields.update(changes)
    return ProgrammeSpec(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("role", "capability", "allowed"),
    [
        (Role.CASEWORKER, Capability.RULES_VIEW, True),
        (Role.COMMISSION_MEMBER, Capability.RULES_VIEW, True),
        (Role.DEPARTMENT_HEAD, Capability.SIMULATE, True),
        (Role.ANALYST, Capability.SIMULATE, True),
        (Role.ADMINISTRATOR, Capability.RULES_EDIT, True),
        (Role.CASEWORKER, Capability.RULES_EDIT, False),
        (Role.CASEWORKER, Capability.SIMULATE, False),
        (Role.REGISTRAR, Capability.RULES_VIEW, False),
        (Role.ANALYST, Capability.PERSON_VIEW, False),
        (Role.ADMINISTRATOR, Capability.SIMULATE, False),
    ],
)
def test_capabilities_of_the_rules(role, capability, allowed):
    """Who views the rules, who edits them, who simulates (issue 3)."""
    assert (capability in CAPABILITIES[role]) is allowed


def test_a_parameter_value_is_added_from_its_date_with_one_audit_row(administrator):
    """A regional value of Balkhash: stored, filed under the region's prefix, used from its date."""
    record = parameter_value_add(
        actor=administrator, name="balkhash_tb_outpatient_mci", value=Decimal(12),
        valid_from=dt.date(2027, 1, 1), reference="Decision No. 7/1", kato=BALKHASH,
    )  # fmt: skip
    assert record.region == "3516"
    row = AuditLog.objects.get(object_type="legislation.parametervaluerecord")
    assert (row.actor, row.territory, row.object_id) == (administrator, "3516", str(record.pk))
    assert row.changes["value"] == [None, "12"]
    table = loader.application_engine().parameters
    assert table.value("balkhash_tb_outpatient_mci", dt.date(2027, 1, 1), "351610000") == 12
    assert table.value("balkhash_tb_outpatient_mci", dt.date(2026, 12, 31), "351610000") != 12


def test_a_value_in_force_is_never_replaced(national_administrator):
    """The MCI of this year's 1 January exists: the same date is refused, a later date is added."""
    january = today().replace(month=1, day=1)
    with pytest.raises(DomainError) as exc:
        parameter_value_add(
            actor=national_administrator, name="mci", value=Decimal(9999), valid_from=january, reference="x"
        )
    assert exc.value.field == "valid_from"
    assert not ParameterValueRecord.objects.exists()
    ahead = today() + dt.timedelta(days=30)
    parameter_value_add(
        actor=national_administrator, name="mci", value=Decimal(5000), valid_from=ahead, reference="x"
    )
    parameter_value_add(
        actor=national_administrator, name="mci", value=Decimal(5100), valid_from=ahead, reference="y"
    )
    assert loader.application_engine().parameters.value("mci", ahead) == 5100  # a later entry before the date
    assert loader.application_engine().parameters.value("mci", today()) != 5100


def test_records_of_the_legislation_cannot_be_edited_or_deleted(national_administrator):
    """An entered value can be neither edited nor deleted, one by one or in bulk."""
    record = parameter_value_add(
        actor=national_administrator, name="mci", value=Decimal(5000),
        valid_from=today() + dt.timedelta(days=40), reference="x",
    )  # fmt: skip
    record.value = Decimal(1)
    with pytest.raises(RecordChanged):
        record.save()
    with pytest.raises(RecordChanged):
        record.delete()
    with pytest.raises(RecordChanged):
        ParameterValueRecord.objects.update(value=1)
    with pytest.raises(RecordChanged):
        ParameterValueRecord.objects.all().delete()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": "mcii"}, "name"),
        ({"name": "per_capita_income"}, "name"),
        ({"name": "Bad Name"}, "name"),
        ({"reference": " "}, "reference"),
        ({"valid_to": dt.date(2026, 1, 1)}, "valid_to"),
    ],
)
def test_a_wrong_parameter_value_is_refused_at_its_field(administrator, changes, field):
    """A wrong parameter value is refused at the field it concerns."""
    values = {"name": "balkhash_hiv_mci", "value": Decimal(3), "valid_from": dt.date(2027, 1, 1),
              "reference": "Decision", "kato": BALKHASH, **changes}  # fmt: skip
    with pytest.raises(DomainError) as exc:
        parameter_value_add(actor=administrator, **values)  # type: ignore[arg-type]
    assert exc.value.field == field


def test_territory_of_parameter_values(administrator, caseworker):
    """A caseworker edits nothing; an administrator of Balkhash neither Almaty nor national values."""
    kwargs = {
        "name": "balkhash_hiv_mci",
        "value": Decimal(3),
        "valid_from": dt.date(2027, 1, 1),
        "reference": "x",
    }
    with pytest.raises(PermissionDenied):
        parameter_value_add(actor=caseworker, kato=BALKHASH, **kwargs)  # type: ignore[arg-type]
    with pytest.raises(PermissionDenied):
        parameter_value_add(actor=administrator, kato="751110000", **kwargs)  # type: ignore[arg-type]
    with pytest.raises(PermissionDenied):
        parameter_value_add(actor=administrator, **kwargs)  # type: ignore[arg-type]


def test_a_new_parameter_needs_to_be_asked_for(administrator):
    """A parameter the legislation does not have is entered only when asked for as new."""
    kwargs = {"name": "balkhash_heating_mci", "value": Decimal(5), "valid_from": dt.date(2026, 1, 1),
              "reference": "Decision", "kato": BALKHASH}  # fmt: skip
    with pytest.raises(DomainError):
        parameter_value_add(actor=administrator, **kwargs)  # type: ignore[arg-type]
    parameter_value_add(actor=administrator, new=True, **kwargs)  # type: ignore[arg-type]
    assert "balkhash_heating_mci" in loader.application_engine().parameters.names


def test_a_council_decision_is_checked_stored_and_audited(administrator):
    """A valid decision: stored as the engine reads it, in force from its date, one audit row."""
    version = programme_version_add(actor=administrator, spec=spec())
    assert (version.jurisdiction, version.document["jurisdiction"]) == ("3516", "3516")
    row = AuditLog.objects.get(object_type="legislation.programmeversion")
    assert (row.territory, row.object_id) == ("3516", str(version.pk))
    engine = loader.application_engine()
    assert "balkhash.heating_aid" in [
        p.code for p in engine.in_force(dt.date(2026, 12, 1), region="351610000")
    ]
    assert "balkhash.heating_aid" not in [p.code for p in engine.in_force(dt.date(2026, 11, 30))]
    version.legal_basis = "changed"
    with pytest.raises(RecordChanged):
        version.save()


def test_a_council_decision_states_the_term_of_its_assignments(administrator):
    """A monthly decision assigned for two months carries the term, citing the decision, into the
    engine; one entered without a term is offered the month one payment covers."""
    from komek.rules.schedule import assignment_term_months

    monthly = spec(periodicity="month", assignment_term_months=2)
    version = programme_version_add(actor=administrator, spec=monthly)
    assert version.document["assignment_term"] == {"months": 2, "reference": monthly.legal_basis}
    entered = loader.application_engine().in_force(
        dt.date(2026, 12, 1), ["balkhash.heating_aid"], "351610000"
    )
    assert assignment_term_months(entered[0]) == 2
    assert entered[0].facts.assignment_term.reference == monthly.legal_basis  # type: ignore[union-attr]
    later = spec(periodicity="month", valid_from=dt.date(2027, 1, 1))
    programme_version_add(actor=administrator, spec=later)
    engine = loader.application_engine()
    entered = engine.in_force(dt.date(2027, 1, 1), ["balkhash.heating_aid"], "351610000")
    assert "assignment_term" not in later.document("3516")
    assert assignment_term_months(entered[0]) == 1


def test_an_unknown_name_is_reported_at_its_condition_with_its_position(administrator):
    """A typo in the second condition: the error names it and points at column 1 of that expression."""
    conditions = (
        ConditionSpec("low_income", "per_capita_income <= subsistence_minimum", LABEL),
        ConditionSpec("pensioner_in_family", "pensionres > 0", LABEL),
    )
    with pytest.raises(ValidationFailed) as exc:
        programme_version_add(actor=administrator, spec=spec(conditions=conditions))
    message = exc.value.errors["condition_1"][0]
    assert "pensionres" in message and "1" in message and "⟶pensionres" in message
    assert not ProgrammeVersion.objects.exists()
    assert not AuditLog.objects.filter(object_type="legislation.programmeversion").exists()


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"amount": "pensioners > 0"}, "amount", "⟶"),
        ({"amount": "5 * mci +"}, "amount", "Syntax"),
        ({"amount": "5 * mci / 0"}, "amount", "zero"),
        ({"conditions": (ConditionSpec("c", "per_capita_income", LABEL),)}, "condition_0", ""),
        ({"conditions": (ConditionSpec("c", "tb_outpatient", LABEL),)}, "condition_0", "count_tb_outpatient"),
        ({"kato": ""}, "kato", ""),
        ({"code": "tsa"}, "code", ""),
        ({"code": "Heating Aid"}, "code", ""),
        ({"title": {"kk": "", "ru": "x", "en": "x"}}, "title_kk", ""),
        ({"conditions": ()}, "conditions", ""),
        ({"assignment_term_months": 0}, "assignment_term_months", "at least 1"),
    ],
)
def test_a_wrong_decision_is_refused_at_its_field(administrator, changes, field, fragment):
    """Type errors, syntax, division by zero, a person's variable in a family programme, a missing
    territory, a code of another territory: each at the field to correct."""
    with translation.override("en"), pytest.raises(ValidationFailed) as exc:
        programme_version_add(actor=administrator, spec=spec(**changes))
    assert field in exc.value.errors, exc.value.errors
    assert fragment in " ".join(exc.value.errors[field])


def test_a_parameter_without_a_value_on_the_date_in_the_territory_is_named(administrator):
    """Almaty's parameter in a Balkhash decision: the message names parameter, date and region."""
    with pytest.raises(ValidationFailed) as exc:
        programme_version_add(actor=administrator, spec=spec(amount="almaty_tb_outpatient_mci * mci"))
    message = exc.value.errors["amount"][0]
    assert "almaty_tb_outpatient_mci" in message and "01.12.2026" in message and "3516" in message


def test_only_administrators_of_the_territory_enter_decisions(caseworker, make_user):
    """Only an administrator whose territory holds the council enters its decisions."""
    with pytest.raises(PermissionDenied):
        programme_version_add(actor=caseworker, spec=spec())
    almaty = make_user(Role.ADMINISTRATOR, units=("751110000",))
    with pytest.raises(PermissionDenied):
        programme_version_add(actor=almaty, spec=spec())


def test_a_retired_decision_is_applied_until_the_day_before(administrator):
    """A retired decision is in force until the day before; the retirement is audited, done once."""
    version = programme_version_add(actor=administrator, spec=spec(periodicity="month"))
    programme_version_retire(
        actor=administrator, version=version, effective_from=dt.date(2027, 3, 1), reason="Repealed by No. 9/2"
    )
    engine = loader.application_engine()
    codes = {on: [p.code for p in engine.in_force(on)] for on in (dt.date(2027, 2, 28), dt.date(2027, 3, 1))}
    assert "balkhash.heating_aid" in codes[dt.date(2027, 2, 28)]
    assert "balkhash.heating_aid" not in codes[dt.date(2027, 3, 1)]
    assert (
        AuditLog.objects.filter(object_type="legislation.programmeretirement", territory="3516").count() == 1
    )
    with pytest.raises(DomainError):
        programme_version_retire(
            actor=administrator, version=version, effective_from=dt.date(2027, 4, 1), reason="x"
        )


def test_a_decision_entered_in_error_gives_back_the_version_it_replaced(administrator):
    """A new version of a Balkhash programme, retired from its first day: the shipped one is back."""
    shipped = loader.shipped_engine()
    code = "balkhash.tb_outpatient"
    assert [p for p in shipped.programmes if p.code == code]
    conditions = (ConditionSpec("tb", "tb_outpatient", LABEL),)
    new = spec(
        code=code, entity="person", amount="20 * mci", valid_from=dt.date(2027, 1, 1), conditions=conditions
    )
    version = programme_version_add(actor=administrator, spec=new)
    after = loader.application_engine()
    amounts = {p.valid_from: p.amount.text for p in after.programmes if p.code == code}
    assert amounts[dt.date(2027, 1, 1)] == "20 * mci"
    programme_version_retire(
        actor=administrator, version=version, effective_from=dt.date(2026, 1, 1), reason="error"
    )
    restored = loader.application_engine()
    assert [(p.valid_from, p.valid_to) for p in restored.programmes if p.code == code] == [
        (p.valid_from, p.valid_to) for p in shipped.programmes if p.code == code
    ]
