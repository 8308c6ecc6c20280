"""The section of special social services: persons served at home, in day care, in institutions
and by the social order's projects, and the queues at the year's end, counted from the care records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from komek.accounts.choices import Reach, Role
from komek.rehabilitation.models import Institution
from komek.rehabilitation.services.care import (
    care_enrol,
    placement_admit,
    placement_apply,
    project_create,
    project_serve,
)
from komek.rehabilitation.tests.conftest import YEAR, make_disabled, specialist  # noqa: F401
from komek.reports.selectors import annual_report
from komek.reports.tests.conftest import ALMALY, BALKHASH
from komek.reports.tests.tracing import traced_figures

pytestmark = pytest.mark.django_db

LAST = YEAR - 1


def _figures(actor: Any, year: int, territory: str = BALKHASH) -> dict[str, Any]:
    report = annual_report(actor=actor, year=year, territory=territory).as_json()
    return {f["code"]: f for s in report["sections"] for f in s["figures"]}


def test_served_and_waiting_of_last_year(
    make_disabled: Callable[..., Any],  # noqa: F811
    specialist: Any,  # noqa: F811
    make_user: Callable[..., Any],
) -> None:
    """Last year: two persons at home (one living alone, one with disability), one of them also in a
    project; one in day care who waited from the year before; one placed in an institution; one
    waiting for home care and one for an institution at the year's end. Each figure is the number
    of its records; the year before counts only what was already there."""
    home_alone, home_disabled, day, placed, waiting_home, waiting_institution = (
        make_disabled() for _ in range(6)
    )
    common = {"actor": specialist, "provider": "ОСП на дому", "social_worker": specialist}
    care_enrol(
        person=home_alone, setting="home", category="lonely_elderly",
        applied_on=dt.date(LAST, 2, 1), started_on=dt.date(LAST, 2, 10), **common,
    )  # fmt: skip
    care_enrol(
        person=home_disabled, setting="home", category="disabled",
        applied_on=dt.date(LAST, 3, 1), started_on=dt.date(LAST, 3, 5), **common,
    )  # fmt: skip
    care_enrol(
        person=day, setting="day", category="disabled_child",
        applied_on=dt.date(LAST - 1, 11, 1), started_on=dt.date(LAST, 1, 15), **common,
    )  # fmt: skip
    care_enrol(
        person=waiting_home, setting="home", category="disabled",
        applied_on=dt.date(LAST, 12, 1), **common,
    )  # fmt: skip
    institution = Institution.objects.create(
        name="ПНИ", profile="psychoneurological", beds=10, kato="351010000"
    )
    placement = placement_apply(
        actor=specialist, person=placed, profile="psychoneurological", applied_on=dt.date(LAST, 1, 5)
    )
    placement_admit(actor=specialist, placement=placement, institution=institution, on=dt.date(LAST, 4, 1))
    placement_apply(
        actor=specialist,
        person=waiting_institution,
        profile="psychoneurological",
        applied_on=dt.date(LAST, 6, 1),
    )
    project = project_create(
        actor=specialist, title="Реабилитация", provider="ОО Шапагат", provider_bin="123456789012",
        year=LAST, district=placement.district, planned_people=5, planned_amount=1_000_000,
    )  # fmt: skip
    project_serve(actor=specialist, project=project, person=home_alone, on=dt.date(LAST, 5, 5))

    national = make_user(Role.ANALYST, reach=Reach.NATIONAL, username="national_analyst")
    got = _figures(national, LAST)
    expected = {
        "special.served": 4,
        "special.home.served": 2,
        "special.home.lonely_elderly.served": 1,
        "special.home.disabled.served": 1,
        "special.home.disabled_child.served": 0,
        "special.day.served": 1,
        "special.institution.served": 1,
        "special.queue": 2,
        "special.home.queue": 1,
        "special.day.queue": 0,
        "special.institution.queue": 1,
        "special.social_order.persons": 1,
        "special.social_order.amount": 0,
    }
    assert {code: got[code]["value"] for code in expected} == expected
    assert got["special.social_order.persons"]["plan"] == 5
    assert got["special.social_order.amount"]["plan"] == 1_000_000
    # The year before: the day-care client was waiting at its end, the rest did not exist.
    assert got["special.day.queue"]["previous"] == 1
    assert got["special.served"]["previous"] == 0
    traced = traced_figures(national, LAST, BALKHASH)
    assert {code: traced[code][0] for code in expected if code in traced} == {
        code: value for code, value in expected.items() if code != "special.social_order.amount"
    }
    assert _figures(national, LAST, ALMALY)["special.served"]["value"] == 0
