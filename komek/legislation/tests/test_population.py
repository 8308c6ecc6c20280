"""The registry read as the engine's population: members on the date, statuses, incomes, scope.

Runs on SQLite (``pl.read_database``) and on PostgreSQL (``COPY ... TO STDOUT``) alike.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from komek.legislation.population import registry_population
from komek.registry.services.families import MemberSpec, family_create, family_remove_member
from komek.registry.services.incomes import income_record
from komek.registry.services.persons import person_update
from komek.registry.services.statuses import status_add

pytestmark = pytest.mark.django_db
GULSHAT = "351633100"


def test_a_family_is_read_with_its_members_statuses_and_quarter(household):
    """Three members, the spouse's and child's statuses mapped to flags, the quarter's wages."""
    population = registry_population(on=household.on, prefix="3516")
    persons = population.persons.sort("person_id")
    assert persons["person_id"].to_list() == [household.head.pk, household.spouse.pk, household.child.pk]
    assert set(persons["family_id"]) == {household.family.pk}
    assert persons.filter(pl.col("person_id") == household.spouse.pk)["statuses"].to_list() == [
        ["large_family_mother"]
    ]
    child = persons.filter(pl.col("person_id") == household.child.pk).row(0, named=True)
    assert (child["disability_group"], child["statuses"]) == ("child", ["tb_outpatient"])
    family = population.families.row(0, named=True)
    assert (family["region"], family["dwellings"], family["area_m2"], family["housing_costs"]) == (
        "351610000", 1, 54.0, 0.0,
    )  # fmt: skip
    assert population.incomes["amount"].sum() == 90_000
    assert population.incomes["month"].n_unique() == 3


def test_the_scope_is_a_kato_prefix_or_a_list_of_families(household):
    """The population is read for a KATO prefix or for a list of families, and nothing outside it."""
    assert registry_population(on=household.on, prefix="75").families.height == 0
    assert registry_population(on=household.on, family_ids=[household.family.pk]).persons.height == 3
    assert registry_population(on=household.on, family_ids=[household.family.pk + 1000]).persons.height == 0


def test_members_are_those_of_the_date(household, registrar):
    """A member who left is not counted after; a deceased person is not counted; the date decides."""
    left = household.on - dt.timedelta(days=5)
    family_remove_member(
        actor=registrar, family=household.family, person=household.spouse, reason="Moved out", valid_to=left
    )
    before = registry_population(on=left - dt.timedelta(days=1), prefix="3516")
    after = registry_population(on=household.on, prefix="3516")
    assert household.spouse.pk in before.persons["person_id"].to_list()
    assert household.spouse.pk not in after.persons["person_id"].to_list()
    person_update(actor=registrar, person=household.head, reason="Death certificate", death_date=household.on)
    assert household.head.pk not in registry_population(on=household.on, prefix="3516").persons["person_id"]


def test_a_verified_income_wins_over_a_declared_one(household, registrar):
    """A verified income of a month replaces the declared one in the population."""
    month = registry_population(on=household.on, prefix="3516").incomes["month"].min()
    assert isinstance(month, dt.date)
    income_record(
        actor=registrar,
        person=household.head,
        month=month,
        income_type="wages",
        amount=50_000,
        source="verified",
    )
    incomes = registry_population(on=household.on, prefix="3516").incomes
    assert incomes.filter(pl.col("month") == month)["amount"].to_list() == [50_000.0]


def test_pension_and_veteran_statuses_become_flags(registrar, make_person):
    """Pension by age gives two flags; a veteran of Afghanistan and a university student theirs."""
    from komek.common.validation import today

    on = today()
    old = make_person(name="Серик", birth_date=dt.date(1950, 3, 1), kato=GULSHAT)
    student = make_person(
        name="Айдана", birth_date=on.replace(year=on.year - 19, day=1), sex="female", kato=GULSHAT
    )
    family_create(
        actor=registrar, members=[MemberSpec(old, "head"), MemberSpec(student, "grandchild")], kato=GULSHAT,
        valid_from=on.replace(year=on.year - 1),
    )  # fmt: skip
    status_add(actor=registrar, person=old, kind="pensioner", subtype="age", valid_from=dt.date(2013, 3, 1))
    status_add(
        actor=registrar, person=old, kind="veteran", subtype="afghanistan", valid_from=dt.date(1990, 1, 1)
    )
    status_add(
        actor=registrar,
        person=student,
        kind="student",
        subtype="university",
        valid_from=on.replace(year=on.year - 1),
    )
    status_add(
        actor=registrar, person=old, kind="disability", subtype="group_3", valid_from=dt.date(2010, 1, 1),
        valid_to=dt.date(2011, 1, 1), cause="general_illness",
    )  # fmt: skip
    persons = registry_population(on=on, prefix="351633").persons.sort("person_id")
    assert persons["statuses"].to_list() == [
        ["afghanistan_veteran", "pensioner", "pensioner_by_age"],
        ["student", "university_student"],
    ]
    assert persons["disability_group"].to_list() == [None, None]  # the group III ended in 2011


def test_income_totals_are_the_quarter_per_person_a_verified_amount_winning(household, registrar):
    """``income_totals``: one row per person, the quarter's counted income summed by the database
    (a verified month replacing the declared one), as the monthly rows add up."""
    from komek.rules.periods import reference_months

    month = reference_months(household.on)[0]
    income_record(
        actor=registrar,
        person=household.head,
        month=month,
        income_type="wages",
        amount=10_000,
        source="verified",
    )
    monthly = registry_population(on=household.on, prefix="3516")
    totals = registry_population(on=household.on, prefix="3516", income_totals=True)
    by_person = monthly.incomes.group_by("person_id").agg(pl.col("amount").sum()).sort("person_id")
    assert totals.incomes.select("person_id", "amount").sort("person_id").equals(by_person)
    assert set(totals.incomes["month"]) == {month} and set(totals.incomes["income_type"]) == {"quarter"}
    assert totals.incomes["person_id"].n_unique() == totals.incomes.height
