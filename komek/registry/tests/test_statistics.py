"""Aggregate figures: scoped by territory, computed in a fixed number of queries."""

import datetime as dt

import pytest

from conftest import ALMATY_ALMALY, BALKHASH_TOWN, GULSHAT
from komek.accounts.choices import Reach, Role
from komek.registry.services.statuses import status_add
from komek.registry.statistics import registry_summary

pytestmark = pytest.mark.django_db


def test_summary_counts_by_unit(registrar, make_person, make_user, django_assert_max_num_queries):
    """Persons, children, disability and pensioners per unit; other territories are not counted."""
    adult = make_person(birth_date=dt.date(1960, 5, 5))
    make_person(birth_date=dt.date(2015, 1, 1), kato=BALKHASH_TOWN)
    make_person(birth_date=dt.date(1990, 1, 1), kato=GULSHAT)
    almaty = make_user(Role.REGISTRAR, units=(ALMATY_ALMALY,))
    make_person(kato=ALMATY_ALMALY, actor=almaty)
    status_add(
        actor=registrar, person=adult, kind="disability", subtype="group_2", valid_from=dt.date(2020, 1, 1)
    )
    status_add(actor=registrar, person=adult, kind="pensioner", subtype="age", valid_from=dt.date(2023, 5, 5))
    analyst = make_user(Role.ANALYST, units=("351600000",), reach=Reach.UNITS)
    with django_assert_max_num_queries(6):
        summary = registry_summary(user=analyst, on=dt.date(2026, 11, 1))
    by_code = {u.kato: u for u in summary.units}
    assert set(by_code) == {BALKHASH_TOWN, GULSHAT}
    town = by_code[BALKHASH_TOWN]
    assert (town.persons, town.children, town.disability, town.pensioners) == (2, 1, 1, 1)
    assert summary.total.persons == 3
    assert summary.adult_age == 18  # children are counted under the legislation's age of majority
    # The pension started after the date asked about is not counted then.
    earlier = registry_summary(user=analyst, on=dt.date(2022, 1, 1))
    assert {u.kato: u.pensioners for u in earlier.units}[BALKHASH_TOWN] == 0
