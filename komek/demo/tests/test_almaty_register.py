"""The demo's Almaty employment-centre register of 2020: drawn from the demo's Almaty persons of
working age, set-based, and at the demo's scale a registered-unemployment rate like the report's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from komek.accounts.choices import Reach, Role
from komek.accounts.policy import system
from komek.common.periods import age_on
from komek.demo.employment.almaty import (
    ALMATY,
    DISTRICTS,
    PERSONS,
    WORKING_AGE,
    YEAR,
    almaty_population,
    almaty_register,
)
from komek.demo.labour import demo_almaty_statistics
from komek.employment.models import Jobseeker
from komek.employment.selectors.directions import directions_year
from komek.labour.report import statistics_figures
from komek.registry.choices import StatusKind
from komek.registry.models import Person, PersonStatus

SMALL = 4_000  # persons at the tests' scale: a twenty-fifth of the demo's
LABOUR_FORCE = 1_008_500  # the published labour force of the demo (komek.demo.labour)


@pytest.fixture
def almaty(make_user: Callable[..., Any]) -> dict[str, Any]:
    """Almaty's districts at the tests' scale, its register of 2020 drawn (the queries counted)."""
    make_user(Role.EMPLOYMENT_COUNSELLOR, units=(ALMATY,), reach=Reach.UNITS)
    population = almaty_population(actor=system("demo"), persons=SMALL)
    with CaptureQueriesContext(connection) as queries:
        made = almaty_register()
    return {"population": population, "made": made, "queries": len(queries)}


@pytest.mark.django_db
def test_the_register_is_drawn_from_almaty_s_persons_of_working_age(almaty: dict[str, Any]) -> None:
    """Every registration is of a person of Almaty of working age in the middle of 2020, registered
    between October 2019 and the end of 2020, off the register today, with its jobseeker status; the
    population is spread over the districts beside Almaly and the register written in a few statements."""
    assert almaty["population"].persons == SMALL
    assert set(Person.objects.values_list("kato_id", flat=True).distinct()) <= set(DISTRICTS)
    rows = list(Jobseeker.objects.select_related("person"))
    assert len(rows) == almaty["made"] > 0
    youngest, oldest = WORKING_AGE
    for js in rows:
        assert youngest <= age_on(js.person.birth_date, dt.date(YEAR, 7, 1)) <= oldest
        assert js.kato_id == js.person.kato_id
        assert dt.date(YEAR - 1, 10, 1) <= js.registered_on <= dt.date(YEAR, 12, 31)
        assert js.status == "deregistered"
        assert js.deregistered_on is not None
        assert js.registered_on < js.deregistered_on <= dt.date(YEAR + 1, 12, 28)
        assert js.unemployed_from in (None, js.unemployed_due)
        if js.registered_on.year < YEAR:
            assert js.deregistered_on > dt.date(YEAR, 1, 1)  # carried into the year on the register
    statuses = PersonStatus.objects.filter(kind=StatusKind.JOBSEEKER)
    assert statuses.count() == len(rows)
    assert almaty["queries"] <= 8  # noqa: PLR2004 (one read, the writes by the batch, whatever the size)
    assert almaty_register() == 0  # a second run adds nothing


@pytest.mark.django_db
def test_at_the_demo_s_scale_the_rate_and_the_register_are_like_the_report_s(almaty: dict[str, Any]) -> None:
    """The register's figures keep the report's order (33 043 made unemployed in the year, 21 183 on
    the register at its end, 19 506 of them unemployed); scaled to the demo's population its
    unemployed make a registered-unemployment rate near the report's 1.9 % of the labour force."""
    actor = system("tests")
    demo_almaty_statistics(actor)
    got = directions_year(actor=actor, year=YEAR, prefix=ALMATY[:2])
    assert got.registered_unemployed > got.on_register > got.on_register_unemployed > 0
    assert 0.5 < got.on_register / got.registered_unemployed < 0.8  # noqa: PLR2004 (the report: 0.64)
    assert 0.9 < got.on_register_unemployed / got.on_register < 1  # noqa: PLR2004 (the report: 0.92)
    at_demo_scale = got.on_register_unemployed * PERSONS / SMALL
    assert 1.6 < at_demo_scale * 100 / LABOUR_FORCE < 2.2  # noqa: PLR2004 (the report: 1.9)
    rate = {f.code: f.value for f in statistics_figures(actor=actor, year=YEAR, prefix=ALMATY[:2])}
    expected = Decimal(got.on_register_unemployed * 100) / LABOUR_FORCE
    assert rate["labour_market.registered_unemployment_rate"] == expected.quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )
