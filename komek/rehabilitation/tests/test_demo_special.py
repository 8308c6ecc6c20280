"""The special services given by stays come out of the demo's records: the demo's Almaty 2020, made
through the services, gives back what the report of the Almaty Social Welfare Department for 2020
prints (section II): 775 persons in «Пана» of 180 beds, 311 in the crisis centre «Жан Сая», 102
victims of domestic violence (plan 17, 22.4 million tenge), 16 victims of trafficking (plan 6, 10
million), 152 children in early intervention (plan 150, 24.2 million), 40 in independent-living
centres; each figure's records are its persons. The demo's own queue of «Пана» (the report has
none, ADR 0045) gives its figures from the records too."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from komek.accounts.policy import system
from komek.demo.rehabilitation.special import demo_special
from komek.rehabilitation.models import Institution
from komek.rehabilitation.report import special_figures, special_records
from komek.rehabilitation.selectors.stays import centres

pytestmark = pytest.mark.django_db


def test_almaty_2020_as_its_report_prints_it(kato: None) -> None:
    """The demo's stays give the report's figures, «Пана» never over its 180 beds."""
    actor = system("tests")
    assert demo_special(actor) == 775 + 311 + 102 + 16 + 152 + 40
    figures = {f.code: f for f in special_figures(actor=actor, year=2020, prefix="75")}
    expected = {
        "special.temporary_stay.persons": (775, None),
        "special.temporary_stay.beds": (180, None),
        "special.crisis.persons": (311, None),
        "special.violence.persons": (102, 17),
        "special.violence.amount": (22_400_000, None),
        "special.trafficking.persons": (16, 6),
        "special.trafficking.amount": (10_000_000, None),
        "special.early_intervention.children": (152, 150),
        "special.early_intervention.amount": (24_200_000, None),
        "special.independent_living.persons": (40, 40),
    }
    assert {code: (figures[code].value, figures[code].plan) for code in expected} == expected
    assert "special.independent_living.amount" not in figures  # the report states no amount
    for code in expected:
        if code.endswith((".persons", ".children")):
            records = special_records(actor=actor, year=2020, prefix="75", code=code)
            assert records is not None and records.queryset.count() == figures[code].value
    pana = Institution.objects.get(name__startswith="Центр социальной адаптации «Пана»")
    days = [dt.date(2020, 1, 1) + dt.timedelta(days=d) for d in range(0, 366, 5)]
    peak = max(next(c.taken for c in centres(actor, day) if c.centre == pana) for day in days)
    assert 0 < peak <= 180
    assert demo_special(actor) == 0  # idempotent


def test_the_queue_of_pana_and_its_occupancy_come_from_the_records(kato: None) -> None:
    """194 persons (every fourth) admitted from the queue after 6.0 days on average, 12 waiting at
    the end of 2020; the occupancy is the bed-days taken, counted here day by day from the centre's
    occupancy, over 180 beds × 366 days."""
    actor = system("tests")
    demo_special(actor)
    figures = {f.code: f.value for f in special_figures(actor=actor, year=2020, prefix="75")}
    assert figures["special.temporary_stay.from_queue"] == 194
    assert figures["special.temporary_stay.wait_days"] == Decimal("6.0")
    assert figures["special.temporary_stay.waiting"] == 12
    assert figures["special.crisis.waiting"] == 0
    pana = Institution.objects.get(name__startswith="Центр социальной адаптации «Пана»")
    days = [dt.date(2020, 1, 1) + dt.timedelta(days=d) for d in range(366)]
    taken = sum(next(c.taken for c in centres(actor, day) if c.centre == pana) for day in days)
    assert figures["special.temporary_stay.occupancy"] == (Decimal(100 * taken) / (180 * 366)).quantize(
        Decimal("0.1")
    )
    waiting = special_records(actor=actor, year=2020, prefix="75", code="special.temporary_stay.waiting")
    assert waiting is not None and waiting.queryset.count() == 12
    assert figures["special.temporary_stay.persons"] == 775  # the waiting are not counted as served
