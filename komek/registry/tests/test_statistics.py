"""Aggregate figures: scoped by territory, computed in a fixed number of queries."""

import datetime as dt

import pytest

from conftest import ALMATY_ALMALY, BALKHASH_TOWN, GULSHAT
from komek.accounts.choices import Reach, Role
from komek.accounts.policy import system
from komek.common.errors import PermissionDenied
from komek.common.models import AuditLog
from komek.registry.models import UnitSummary
from komek.registry.services.families import MemberSpec, family_create
from komek.registry.services.persons import person_update
from komek.registry.services.statuses import status_add
from komek.registry.services.summary import summary_refresh
from komek.registry.statistics import registry_summary, stored_summary

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


def _figures(summary):
    return {(u.kato, u.persons, u.families, u.children, u.disability, u.pensioners) for u in summary.units}


def test_stored_summary_equals_the_direct_count(
    registrar, make_person, make_user, django_assert_max_num_queries
):
    """The refreshed summary holds, per unit, exactly what the direct count gives on its date, and the
    page's reader gets it scoped to its territory in a fixed number of queries, with its time."""
    on = dt.date(2026, 11, 1)
    head = make_person(birth_date=dt.date(1950, 5, 5))
    child = make_person(birth_date=dt.date(2016, 2, 2))
    members = [MemberSpec(head, "head"), MemberSpec(child, "child")]
    family_create(actor=registrar, kato=BALKHASH_TOWN, members=members)
    dead = make_person(birth_date=dt.date(1990, 1, 1), kato=GULSHAT)
    person_update(actor=registrar, person=dead, reason="death record", death_date=dt.date(2025, 1, 1))
    make_person(birth_date=dt.date(2001, 1, 1), kato=GULSHAT)
    almaty = make_user(Role.REGISTRAR, units=(ALMATY_ALMALY,))
    make_person(kato=ALMATY_ALMALY, actor=almaty)
    status_add(
        actor=registrar, person=head, kind="disability", subtype="group_1", valid_from=dt.date(2019, 1, 1)
    )
    status_add(actor=registrar, person=head, kind="pensioner", subtype="age", valid_from=dt.date(2015, 5, 5))
    status_add(actor=registrar, person=child, kind="pensioner", subtype="age", valid_from=dt.date(2027, 1, 1))

    assert summary_refresh(actor=system("registry-summary"), on=on) == 3
    assert AuditLog.objects.filter(object_type="registry.unitsummary").count() == 1
    national = make_user(Role.ANALYST, units=(), reach=Reach.NATIONAL)
    direct = registry_summary(user=national, on=on)
    with django_assert_max_num_queries(2):
        stored = stored_summary(user=national, on=dt.date(2026, 12, 1))
    assert _figures(stored) == _figures(direct)
    assert stored.on == on and stored.as_of is not None
    town = {u.kato: u for u in stored.units}[BALKHASH_TOWN]
    assert (town.persons, town.families, town.children, town.disability, town.pensioners) == (2, 1, 1, 1, 1)
    assert {u.kato: u.persons for u in stored.units}[GULSHAT] == 1  # the dead are not counted

    analyst = make_user(Role.ANALYST, units=("351600000",), reach=Reach.UNITS)
    assert {u.kato for u in stored_summary(user=analyst, on=on).units} == {BALKHASH_TOWN, GULSHAT}

    # A new person is not in the stored figures until the next refresh, which replaces them.
    make_person(kato=GULSHAT)
    assert {u.kato: u.persons for u in stored_summary(user=analyst, on=on).units}[GULSHAT] == 1
    summary_refresh(actor=system("registry-summary"), on=on)
    assert {u.kato: u.persons for u in stored_summary(user=analyst, on=on).units}[GULSHAT] == 2
    assert UnitSummary.objects.count() == 3


def test_without_a_refresh_the_page_counts_directly(registrar, make_person, make_user):
    make_person()
    analyst = make_user(Role.ANALYST, units=("351600000",), reach=Reach.UNITS)
    summary = stored_summary(user=analyst, on=dt.date(2026, 11, 1))
    assert summary.as_of is None and summary.total.persons == 1


def test_only_an_importer_refreshes(make_user):
    with pytest.raises(PermissionDenied):
        summary_refresh(actor=make_user(Role.ANALYST, units=("351600000",), reach=Reach.UNITS))
    assert not UnitSummary.objects.exists()
