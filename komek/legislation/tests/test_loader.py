"""The application's engine: shipped legislation plus the records, rebuilt when a record is added."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from komek.legislation import loader
from komek.legislation.selectors import family_entitlements
from komek.legislation.services.decisions import ConditionSpec, ProgrammeSpec, programme_version_add
from komek.legislation.services.parameters import parameter_value_add

pytestmark = pytest.mark.django_db
LABEL = {"kk": "туберкулез", "ru": "туберкулёз", "en": "tuberculosis"}


def tb_aid(on: dt.date, code: str = "balkhash.tb_transport") -> ProgrammeSpec:
    return ProgrammeSpec(
        code=code,
        title={"kk": "Жол ақысы", "ru": "Проезд на лечение", "en": "Travel to treatment"},
        legal_basis="Balkhash town council decision No. 3/14",
        kato="351600000",
        valid_from=on,
        periodicity="month",
        entity="person",
        conditions=(ConditionSpec("tb", "tb_outpatient", LABEL),),
        amount="2 * mci",
    )


def test_without_records_the_engine_is_the_shipped_one():
    """Without entered records the application's engine holds exactly the shipped programmes."""
    engine = loader.application_engine()
    shipped = loader.shipped_engine()
    assert [(p.code, p.valid_from) for p in engine.programmes] == [
        (p.code, p.valid_from) for p in shipped.programmes
    ]


def test_the_engine_is_kept_until_a_record_is_added(administrator):
    """The application's engine is reused until a record is added, then rebuilt."""
    first = loader.application_engine()
    assert loader.application_engine() is first
    programme_version_add(actor=administrator, spec=tb_aid(dt.date(2026, 1, 1)))
    assert loader.application_engine() is not first  # another process would see the newer record too


def test_a_council_decision_takes_effect_from_its_date(administrator, caseworker, household):
    """The caseworker's calculation of the family shows the new benefit from its date, not before."""
    start = household.on.replace(day=1)
    programme_version_add(actor=administrator, spec=tb_aid(start))
    before = family_entitlements(
        user=caseworker, family_id=household.family.pk, on=start - dt.timedelta(days=1), language="ru"
    )
    after = family_entitlements(
        user=caseworker, family_id=household.family.pk, on=household.on, language="ru"
    )
    assert "balkhash.tb_transport" not in before.result["programmes"]
    aid = after.result["programmes"]["balkhash.tb_transport"]
    assert aid["eligible"] is True
    mci = loader.application_engine().parameters.value("mci", household.on)
    assert aid["amount"] == int(2 * mci)
    assert aid["title"] == "Проезд на лечение"
    steps = [s for s in aid["explanation"] if s["step"] == "condition" and s["result"]]
    assert steps and steps[0]["person"] == household.child.full_name and steps[0]["text"] == "туберкулёз"


def test_an_entered_parameter_value_changes_the_amount_from_its_date(
    administrator, national_administrator, caseworker, household
):
    """A parameter value entered ahead changes a family's amount from its date, not before."""
    programme_version_add(actor=administrator, spec=tb_aid(dt.date(2020, 1, 1)))
    ahead = household.on + dt.timedelta(days=3)
    parameter_value_add(
        actor=national_administrator, name="mci", value=Decimal(6000), valid_from=ahead, reference="x"
    )
    later = family_entitlements(user=caseworker, family_id=household.family.pk, on=ahead, language="en")
    assert later.result["programmes"]["balkhash.tb_transport"]["amount"] == 12_000
    assert later.result["parameters"]["mci"] == 6000
