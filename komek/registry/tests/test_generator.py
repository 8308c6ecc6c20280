"""The synthetic population: structure, valid IINs, statuses and incomes, repeatable runs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import polars as pl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone, translation

from komek.accounts.policy import system
from komek.common.errors import DomainError
from komek.common.models import AuditLog
from komek.demo.guard import demo_actor
from komek.demo.population.facts import POVERTY_LINE
from komek.demo.population.generator import csv_frame, demo_data, demo_data_by_region, population
from komek.demo.population.names import female_surname, patronymics
from komek.registry.iin_vector import validate_iins
from komek.registry.models import Family, Income, Membership, Person, PersonStatus
from komek.registry.services.imports import persons_import

IMPORT = system("import-persons")

pytestmark = pytest.mark.django_db
PERSONS = 3000


def frame(queryset, *fields: str) -> pl.DataFrame:
    return pl.DataFrame(list(queryset.values_list(*fields)), schema=list(fields), orient="row")


@pytest.fixture
def town(reference):
    return demo_data(actor=demo_actor(), persons=PERSONS, seed=11)


def num(value: object) -> float:
    """A polars aggregate as a number (typed as any literal or None)."""
    assert isinstance(value, int | float | Decimal), value
    return float(value)


def test_counts_iins_and_addresses(town):
    """The town has the persons asked for, with valid unique IINs agreeing with birth date and sex."""
    assert (town.persons, Person.objects.count(), Family.objects.count()) == (PERSONS, PERSONS, town.families)
    assert PersonStatus.objects.count() == town.statuses and Income.objects.count() == town.incomes
    people = frame(Person.objects.all(), "iin", "birth_date", "sex", "kato", "search_key")
    checked = validate_iins(people["iin"])
    assert checked["error"].null_count() == PERSONS and people["iin"].n_unique() == PERSONS
    assert checked["birth_date"].to_list() == people["birth_date"].to_list()
    assert checked["sex"].to_list() == people["sex"].to_list()
    assert set(people["kato"]) <= {"351610000", "351633100", "351635100"}
    assert num(people["kato"].value_counts()["count"].min()) > 0
    assert (people["search_key"] != "").all()
    audit = AuditLog.objects.get()
    assert (audit.action, audit.object_type, audit.territory) == (
        "import",
        "registry.importbatch",
        "351600000",
    )


def test_households_heads_spouses_and_children(town):
    """Households have one adult head, one to eight members, and spouses of the other sex."""
    members = frame(Membership.objects.all(), "family_id", "relation", "person__sex", "person__birth_date")
    sizes = members.group_by("family_id").len()["len"]
    assert num(sizes.min()) >= 1 and num(sizes.max()) <= 8 and 3.0 <= num(sizes.mean()) <= 3.8
    heads = members.filter(pl.col("relation") == "head")
    assert heads.height == Family.objects.count() and heads["family_id"].n_unique() == heads.height
    adult = timezone.localdate() - dt.timedelta(days=18 * 365)
    assert (heads["person__birth_date"] <= adult).all()
    couples = heads.join(members.filter(pl.col("relation") == "spouse"), on="family_id", suffix="_spouse")
    assert couples.height > 0 and (couples["person__sex"] != couples["person__sex_spouse"]).all()
    parents = members.filter(pl.col("relation").is_in(["head", "spouse"]))
    youngest = parents.group_by("family_id").agg(pl.col("person__birth_date").max().alias("parent_born"))
    children = members.filter(pl.col("relation") == "child").join(youngest, on="family_id")
    assert children.height > 0 and (children["person__birth_date"] > children["parent_born"]).all()


def test_age_pyramid_statuses_and_pensions(town):
    """Ages follow the pyramid and disability and pension statuses come in plausible shares."""
    people = frame(Person.objects.all(), "id", "birth_date", "sex")
    today = timezone.localdate()
    ages = people.select(((pl.lit(today) - pl.col("birth_date")).dt.total_days() / 365.2425).alias("age"))[
        "age"
    ]
    assert 0.22 <= num((ages < 18).mean()) <= 0.38
    kinds = frame(PersonStatus.objects.all(), "person_id", "kind", "subtype")
    share = kinds.filter(pl.col("kind") == "disability")["person_id"].n_unique() / PERSONS
    assert 0.03 <= share <= 0.08
    for kind in ("pensioner", "student", "large_family_mother"):
        assert kinds.filter(pl.col("kind") == kind).height > 0
    pensioners = kinds.filter(pl.col("kind") == "pensioner").join(people, left_on="person_id", right_on="id")
    retirement = pl.when(pl.col("sex") == "male").then(63).otherwise(61)
    age = (pl.lit(today) - pl.col("birth_date")).dt.total_days() / 365.2425
    assert pensioners.filter(age < retirement - 0.01).height == 0
    child_disability = kinds.filter((pl.col("kind") == "disability") & (pl.col("subtype") == "child"))
    grown = child_disability.join(people, left_on="person_id", right_on="id")
    assert (grown["birth_date"] > today - dt.timedelta(days=18 * 366)).all()


def test_twelve_months_of_incomes_with_a_poor_tail(town):
    """Everyone has twelve past months of incomes, and some families fall under the poverty line."""
    incomes = frame(Income.objects.all(), "person_id", "month", "income_type", "amount")
    first = timezone.localdate().replace(day=1)
    months = sorted(incomes["month"].unique().to_list())
    assert len(months) == 12 and months[-1] < first and months[0] >= dt.date(first.year - 1, first.month, 1)
    assert num(incomes["amount"].min()) >= 0
    assert {"wages", "social_payments"} <= set(incomes["income_type"])
    members = frame(Membership.objects.all(), "family_id", "person_id")
    monthly = incomes.group_by("person_id").agg((pl.col("amount").cast(pl.Float64).sum() / 12).alias("m"))
    families = (
        members.join(monthly, on="person_id", how="left")
        .group_by("family_id")
        .agg((pl.col("m").fill_null(0).sum() / pl.len()).alias("per_capita"))
    )
    poor = num((families["per_capita"] < POVERTY_LINE).mean())
    assert 0.03 <= poor <= 0.14


def test_running_again_adds_new_people_with_new_iins(town):
    """A second run adds new persons with new IINs under another region, with its own audit row."""
    second = demo_data(actor=demo_actor(), persons=500, seed=11, region="351633000")
    assert Person.objects.count() == PERSONS + 500 == Person.objects.values("iin").distinct().count()
    assert set(Person.objects.filter(import_batch_id=second.batch_id).values_list("kato", flat=True)) == {
        "351633100"
    }
    assert AuditLog.objects.count() == 2


def test_several_regions_in_one_batch(reference):
    """Several regions in one run (a national registry's load): each region gets its own count of
    persons under its own units, with IINs unique across them, in one import batch with one audit
    row filed under the unit covering them all; a count below one is refused before anything is
    written."""
    with pytest.raises(DomainError) as refused:
        demo_data_by_region(actor=demo_actor(), persons={"351610000": 10, "351633000": 0})
    assert refused.value.field == "persons" and Person.objects.count() == 0
    result = demo_data_by_region(actor=demo_actor(), persons={"351610000": 700, "351633000": 300}, seed=3)
    assert (result.persons, Person.objects.count(), Family.objects.count()) == (1000, 1000, result.families)
    assert Person.objects.values("iin").distinct().count() == 1000
    by_unit = frame(Person.objects.all(), "kato", "import_batch_id")
    assert by_unit["import_batch_id"].unique().to_list() == [result.batch_id]
    assert (by_unit["kato"] == "351610000").sum() == 700
    assert set(by_unit.filter(pl.col("kato") != "351610000")["kato"]) == {"351633100"}
    audit = AuditLog.objects.get()
    assert (audit.object_id, audit.territory) == (str(result.batch_id), "351600000")
    assert audit.changes["persons"] == 1000


def test_generated_file_passes_the_import(reference, tmp_path):
    """A generated population written as CSV passes the persons import without a rejected row."""
    people = population(
        persons=800, region="351600000", rng=np.random.default_rng(3), today=timezone.localdate()
    )
    path = tmp_path / "town.csv"
    csv_frame(people).write_csv(path)
    result = persons_import(actor=IMPORT, path=path)
    assert (result.rows_imported, result.rows_rejected) == (800, 0)
    assert result.families_imported == people["household"].n_unique()


def test_command_and_unknown_region(reference, capsys, settings):
    """``demo-data`` prints what it added on a demo installation and names an unknown region."""
    settings.DEMO = True
    with translation.override("en"):
        call_command("demo_data", persons=50, seed=1)
    assert "Added 50 persons" in capsys.readouterr().out
    with pytest.raises(Exception, match="999"):
        call_command("demo_data", persons=5, region="999000000")


def test_command_is_refused_outside_a_demo_installation(reference, settings):
    """``demo-data`` adds nothing to a registry that is not a demo (nor a developer's) installation."""
    settings.DEMO = settings.DEBUG = False
    with pytest.raises(CommandError, match="only on a demo installation"):
        call_command("demo_data", persons=5, seed=1)
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("male", "female"),
    [("Ахметов", "Ахметова"), ("Соловьёв", "Соловьёва"), ("Нуртазин", "Нуртазина"), ("Высоцкий", "Высоцкая"),
     ("Ким", "Ким"), ("Шевченко", "Шевченко")],
)  # fmt: skip
def test_female_surnames(male, female):
    """Female surnames are formed from the male ones (Ахметов → Ахметова, Высоцкий → Высоцкая)."""
    assert female_surname(male) == female


def test_patronymics():
    """Patronymics are formed in Russian and Kazakh from the father's name."""
    assert patronymics("Серик") == ("Серикович", "Сериковна", "Серикұлы", "Серикқызы")
    assert patronymics("Сергей")[:2] == ("Сергеевич", "Сергеевна")
    assert patronymics("Василий")[:2] == ("Васильевич", "Васильевна")
    assert patronymics("Игорь")[:2] == ("Игоревич", "Игоревна")


def schema_of(tables: list[str]) -> set[tuple[str, str]]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s)", [tables])
        indexes = set(cursor.fetchall())
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid::regclass::text = ANY(%s)",
            [tables],
        )
        return indexes | set(cursor.fetchall())


def test_a_first_load_leaves_the_schema_exactly_as_it_was(reference):
    """A first load into an empty registry rebuilds the indexes it dropped, leaving the schema as it was."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("indexes are rebuilt only on PostgreSQL")
    tables = [
        "registry_family",
        "registry_person",
        "registry_membership",
        "registry_personstatus",
        "registry_income",
    ]
    before = schema_of(tables)
    demo_data(actor=demo_actor(), persons=300, seed=5)
    assert schema_of(tables) == before
    assert len(before) > 20
