"""The filters of effective-dated rows: in force on a date, not ended before a date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from komek.common.dated import in_force_q, not_ended_q
from komek.registry.models import Person, PersonStatus

pytestmark = pytest.mark.django_db
ON = dt.date(2024, 6, 15)


@pytest.fixture
def statuses(make_person: Callable[..., Any]) -> dict[str, int]:
    """Four statuses of one person: ended before the date, ending on it, open, starting after it."""
    person = make_person(birth_date=dt.date(1960, 1, 1))
    periods = {
        "ended": (dt.date(2020, 1, 1), dt.date(2024, 6, 14)),
        "ends_on_the_day": (dt.date(2021, 1, 1), ON),
        "open": (dt.date(2022, 1, 1), None),
        "later": (dt.date(2024, 6, 16), None),
    }
    return {
        name: PersonStatus.objects.create(
            person=person, kind="pensioner", subtype="age", valid_from=start, valid_to=end
        ).pk
        for name, (start, end) in periods.items()
    }


def _names(statuses: dict[str, int], q: Any) -> set[str]:
    found = set(PersonStatus.objects.filter(q).values_list("pk", flat=True))
    return {name for name, pk in statuses.items() if pk in found}


def test_in_force_on_a_date(statuses: dict[str, int]) -> None:
    """In force: begun on or before the date, and open or ending on or after it."""
    assert _names(statuses, in_force_q(ON)) == {"ends_on_the_day", "open"}


def test_not_ended_before_a_date(statuses: dict[str, int]) -> None:
    """Not ended: whatever its start, open or ending on or after the date (a year's coverage)."""
    assert _names(statuses, not_ended_q(ON)) == {"ends_on_the_day", "open", "later"}


def test_dates_of_a_related_row(statuses: dict[str, int]) -> None:
    """With a prefix the filter reads a related row's dates (statuses through their person)."""
    q = in_force_q(ON, prefix="statuses__")
    assert Person.objects.filter(q).distinct().count() == 1
    assert not Person.objects.filter(in_force_q(dt.date(2019, 1, 1), prefix="statuses__")).exists()


def test_the_database_refuses_a_period_ending_before_it_begins(make_person: Callable[..., Any]) -> None:
    """``period_order`` is a real constraint: a status ending before it begins is not stored, an
    open one and one of a single day are."""
    person = make_person(birth_date=dt.date(1960, 1, 1))
    day = dt.date(2024, 1, 1)
    PersonStatus.objects.create(person=person, kind="pensioner", subtype="age", valid_from=day)
    one_day = {"valid_from": day, "valid_to": day}
    PersonStatus.objects.create(person=person, kind="veteran", subtype="equated", **one_day)
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonStatus.objects.create(
            person=person, kind="disability", subtype="2", valid_from=day, valid_to=day - dt.timedelta(days=1)
        )
