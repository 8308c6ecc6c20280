"""The programme's figures besides the plan-versus-actual table, from constructed records: the third
direction's totals, the short-term training finished, the money of the grants and the microcredits,
the employment centre's register at the year's end and the registered-unemployment rate."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from komek.accounts.choices import Role
from komek.employment.tests.conftest import BALKHASH_TOWN, approve

pytestmark = pytest.mark.django_db
D = dt.date
YEAR = 2025


@pytest.fixture
def course(counsellor: Any) -> Any:
    from komek.common.models import KatoUnit
    from komek.employment.models import Course, TrainingProvider

    provider = TrainingProvider.objects.create(
        name="Балхашский колледж сервиса", kato=KatoUnit.objects.get(code=BALKHASH_TOWN)
    )
    found = Course.objects.create(provider=provider, title="Повар", occupation_id="5120", months=3)
    approve(found, 2025)
    return found


def test_the_directions_and_the_register(
    counsellor: Any,
    course: Any,
    make_user: Callable[..., Any],
    make_person: Callable[..., Any],
    make_jobseeker: Callable[..., Any],
    make_employer: Callable[..., Any],
) -> None:
    """Two registered in March become unemployed, one of them moves away in June, a third registers
    in November; public works, a finished course, a microcredit and a grant: each figure is its
    records, and the year before has none of them."""
    from komek.employment.report import employment_section, employment_section_records
    from komek.employment.selectors.directions import CODES, directions_year
    from komek.employment.services.jobseekers import jobseeker_deregister, jobseekers_promote_unemployed
    from komek.employment.services.measures import measure_complete, measure_enrol

    stays, leaves = make_jobseeker(), make_jobseeker()
    assert jobseekers_promote_unemployed(actor=counsellor, on=D(YEAR, 4, 1)) == 2
    make_jobseeker(on=D(YEAR, 11, 3))
    jobseeker_deregister(actor=counsellor, jobseeker=leaves, on=D(YEAR, 6, 2), ground="moved")
    measure_enrol(
        actor=counsellor, kind="public_works", person=stays.person, employer=make_employer(),
        date_from=D(YEAR, 4, 1), date_to=D(YEAR, 6, 30), monthly_wage=85_000,
    )  # fmt: skip
    training = measure_enrol(
        actor=counsellor, kind="training", person=stays.person, course=course,
        date_from=D(YEAR, 7, 1), date_to=D(YEAR, 9, 30),
    )  # fmt: skip
    measure_complete(actor=counsellor, participation=training, on=D(YEAR, 9, 30))
    measure_enrol(
        actor=counsellor, kind="microcredit", person=make_person(), date_from=D(YEAR, 5, 1),
        date_to=D(YEAR + 3, 5, 1), amount=8_400_000, purpose="Животноводство",
    )  # fmt: skip
    measure_enrol(
        actor=counsellor, kind="grant", person=make_person(), date_from=D(YEAR, 6, 1),
        date_to=D(YEAR, 12, 31), amount=700_000, purpose="Швейный цех",
    )  # fmt: skip
    d = directions_year(actor=counsellor, year=YEAR, prefix="3516")
    assert (d.temporary, d.business, d.training_finished) == (1, 2, 1)
    assert (d.microcredit_amount, d.grant_amount) == (8_400_000, 700_000)
    assert (d.registered_unemployed, d.on_register, d.on_register_unemployed) == (2, 2, 1)
    analyst = make_user(Role.ANALYST, username="analyst_directions")
    figures = {f.code: f.value for f in employment_section(actor=analyst, year=YEAR, prefix="3516")}
    assert figures["employment.register.unemployed"] == 1 and figures["employment.grant.amount"] == 700_000
    for code in CODES - {"employment.training.spent_percent"}:  # a share is traced to nothing
        if figures[code] is None:  # no money planned: like the report, nothing to trace
            continue
        records = employment_section_records(actor=analyst, year=YEAR, prefix="3516", code=code)
        assert records is not None and records.total() == figures[code], code
    before = directions_year(actor=counsellor, year=YEAR - 1, prefix="3516")
    assert before.on_register == before.registered_unemployed == before.temporary == 0


def test_the_registered_unemployment_rate(counsellor: Any, make_jobseeker: Callable[..., Any]) -> None:
    """The unemployed on the register at the year's end over the published labour force: 2 of 400 is
    0.5 %; without published statistics there is no rate."""
    from komek.employment.services.jobseekers import jobseekers_promote_unemployed
    from komek.labour.report import statistics_figures
    from komek.labour.services import labour_force_record

    make_jobseeker()
    make_jobseeker()
    jobseekers_promote_unemployed(actor=counsellor, on=D(YEAR, 4, 1))
    assert statistics_figures(actor=counsellor, year=YEAR, prefix="3516") == []
    labour_force_record(
        actor=counsellor, kato="351600000", year=YEAR, quarter=3, labour_force="0,4", employed="0,3",
        unemployed="0,1", source_title="Бюллетень", published_on=D(YEAR, 11, 13),
    )  # fmt: skip
    f = {x.code: x.value for x in statistics_figures(actor=counsellor, year=YEAR, prefix="3516")}
    assert f["labour_market.registered_unemployment_rate"] == Decimal("0.5")
