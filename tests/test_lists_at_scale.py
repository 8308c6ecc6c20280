"""The lists that grow with the department's work stay within a fixed number of queries at 100,000
rows (issue: lists that scale): the applications, the jobseekers, the vacancies, the sanatorium
vouchers and an aid's queue, each searched, filtered, sorted and on a far page.

The rows are written set-based (bulk inserts, a few thousand a statement); a count of queries is a
property of the code, not of the machine, so the test asserts it exactly as a budget and never a time.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from conftest import BALKHASH, BALKHASH_TOWN
from komek.accounts.choices import Role

pytestmark = pytest.mark.django_db

ROWS = 100_000


class Sql(str):
    """A column's SQL expression over ``i``, the row's number (0, 1, ...)."""


def _series(model: Any, n: int, **columns: Any) -> None:
    """``n`` rows of ``model`` in one ``INSERT … SELECT`` over a recursive series (SQLite and
    PostgreSQL alike): a column is a constant, an :class:`Sql` expression over ``i``, or the field's
    default (``created_at`` now)."""
    from django.db import connection

    names, values, params = [], [], []
    now = timezone.now()
    for field in model._meta.concrete_fields:
        if field.primary_key and field.name not in columns:
            continue
        key = field.name if field.name in columns else field.attname
        if key in columns:
            value = columns[key]
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = now
        else:
            value = field.get_default()  # "" for a text field without a default, None for others
            assert value is not None or field.null, f"{model.__name__}.{field.name} needs a value"
        names.append(connection.ops.quote_name(field.column))
        if isinstance(value, Sql):
            values.append(str(value))
        else:
            values.append("%s")
            params.append(field.get_db_prep_save(value, connection))
    table = connection.ops.quote_name(model._meta.db_table)
    # The table and columns are the model's, the expressions this module's own: nothing from outside.
    series = f"WITH RECURSIVE series(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM series WHERE i < {n - 1})"  # noqa: S608
    sql = f"INSERT INTO {table} ({', '.join(names)}) {series} SELECT {', '.join(values)} FROM series"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _sqlite() -> bool:
    from django.db import connection

    return connection.vendor == "sqlite"


def text(expression: str) -> Sql:
    return Sql(f"CAST({expression} AS TEXT)")


@pytest.fixture
def scale(make_user: Any) -> None:
    """100,000 persons, and for them 100,000 applications, jobseekers, vacancies, vouchers and
    places in the wheelchair queue, and 100,000 meetings of the special commission, all in Balkhash;
    written set-based, a statement a table."""
    from komek.applications.models import Application, Service
    from komek.commissions.models import Meeting
    from komek.employment.models import Employer, Jobseeker, Occupation, Vacancy
    from komek.employment.services.occupations import occupations_load
    from komek.registry.models import Person
    from komek.registry.names import fold
    from komek.rehabilitation.models import Entitlement, Ipr, QueueEntry, Voucher

    occupations_load()
    counsellor = make_user(Role.EMPLOYMENT_COUNSELLOR, username="scale_writer")
    today = timezone.localdate()
    base = Sql("(SELECT MIN(id) FROM registry_person WHERE iin >= '900000000000')")
    _series(
        Person, ROWS, iin=text("900000000000 + i"), surname=Sql("'Сынақов' || " + text("i %% 997")),
        name="Ерлан",
        birth_date=dt.date(1980, 1, 1), sex="male", kato=BALKHASH_TOWN,
        search_key=Sql(f"'{fold('Сынақов')}' || " + text("i %% 997") + f" || ' {fold('Ерлан')}'"),
    )  # fmt: skip
    service = Service.objects.filter(active=True).order_by("code").first()
    assert service is not None
    _series(
        Application, ROWS, number=Sql("'S-' || " + text("1000000 + i")), service=service.pk, channel="office",
        applicant=Sql(f"{base} + i"), applicant_territory=BALKHASH_TOWN, kato=BALKHASH_TOWN, language="ru",
        received_at=timezone.now(),
        due_date=today, status=Sql("CASE WHEN i %% 3 = 0 THEN 'registered' ELSE 'in_review' END"),
    )  # fmt: skip
    _series(
        Jobseeker, ROWS, person=Sql(f"{base} + i"), person_territory=BALKHASH_TOWN, kato=BALKHASH_TOWN,
        status="jobseeker",
        registered_on=today,
        unemployed_due=today, reregistration_due=today, created_by=counsellor.pk,
    )  # fmt: skip
    _series(
        Employer, ROWS, bin=text("180540000000 + i"), name=Sql("'ТОО «Сынақ-' || " + text("i") + " || '»'"),
        activity="", size="small", kato=BALKHASH_TOWN,
    )  # fmt: skip
    employer = Employer.objects.get(bin="180540000001")
    occupation = Occupation.objects.get(code="7212")
    _series(
        Vacancy, ROWS, employer=employer.pk, occupation=occupation.pk, minor_group="721",
        sub_major_group="72",
        title=Sql("'Дәнекерлеуші ' || " + text("i")), wage=Sql("100000 + i"), schedule="full_time",
        kato=BALKHASH_TOWN, opened_on=today,
    )  # fmt: skip
    _series(
        Voucher, ROWS, district=BALKHASH, sanatorium="Бережки", number=Sql("'V-' || " + text("1000000 + i")),
        starts_on=today, ends_on=today, price=180_000,
    )  # fmt: skip
    first = Person.objects.get(iin="900000000000")
    ipr = Ipr.objects.create(person=first, number="IPR-S", issued_on=today, valid_from=today)
    entitlement = Entitlement.objects.create(ipr=ipr, person=first, kind="wheelchair", valid_from=today)
    _series(
        QueueEntry, ROWS, person=Sql(f"{base} + i"), person_territory=BALKHASH_TOWN,
        entitlement=entitlement.pk, kind="wheelchair",
        district=BALKHASH, applied_on=today, priority=Sql("CASE WHEN i %% 10 = 0 THEN 1 ELSE 9 END"),
        status="waiting",
    )  # fmt: skip
    secretary = make_user(Role.COMMISSION_MEMBER, username="scale_secretary")
    _series(
        Meeting, ROWS, kato=BALKHASH, kind="social_assistance", number=Sql("'M-' || " + text("100000 + i")),
        date=Sql(f"DATE('{today.isoformat()}', '-' || " + text("i %% 3000") + " || ' days')")
        if _sqlite() else Sql(f"DATE '{today.isoformat()}' - (i %% 3000)"),
        quorum=1, status=Sql("CASE WHEN i %% 4 = 0 THEN 'planned' ELSE 'signed' END"), secretary=secretary.pk,
    )  # fmt: skip
    for model in (Person, Application, Jobseeker, Employer, Vacancy, Voucher, QueueEntry, Meeting):
        assert model.objects.count() >= ROWS, model
    if not _sqlite():
        # Statistics, as autovacuum keeps them in use: without them the planner cannot know that a
        # person's id is unique within the persons' partitions (their key is (id, region): ADR 0070).
        from django.db import connection

        with connection.cursor() as cursor:
            for model in (Person, Application, Jobseeker, Employer, Vacancy, Voucher, QueueEntry, Meeting):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


CASES, JOBSEEKERS, VACANCIES = "/services/", "/employment/jobseekers/", "/employment/vacancies/"
EMPLOYERS, MEETINGS = "/employment/employers/", "/commissions/"
VOUCHERS, QUEUE = "/rehabilitation/vouchers/", "/rehabilitation/queues/wheelchair/"
CASEWORKER, COUNSELLOR, SPECIALIST, MEMBER = (
    Role.CASEWORKER,
    Role.EMPLOYMENT_COUNSELLOR,
    Role.REHABILITATION_SPECIALIST,
    Role.COMMISSION_MEMBER,
)

# (role, page, query, budget). Every page: the session, the user and their units (3); the filters'
# choices of territory (1, and 1 of services on the case list); the count and the rows (2); the read
# naming the persons shown (the addresses of the persons of a row list (1); a savepoint, the insert,
# its release (3)). The case list adds its counters (2); the queue, the districts' names (1) and the
# search the entries found and the number ahead of each (2 more, and the persons found in the read).
# The commission's meetings name no person; they add the cases waiting for the commission (1).
PAGES = [
    (CASEWORKER, CASES, {"view": "all", "q": "Сынақов1", "sort": "-number", "page": "3"}, 13),
    (CASEWORKER, CASES, {"view": "all", "status": "registered", "due_from": "2000-01-01", "page": "900"}, 13),
    (COUNSELLOR, JOBSEEKERS, {"q": "9000000", "sort": "due", "page": "40"}, 11),
    (COUNSELLOR, JOBSEEKERS, {"status": "", "territory": "3516", "page": "1500"}, 11),
    (COUNSELLOR, VACANCIES, {"q": "Дәнекерлеуші 99", "sort": "-wage", "page": "2"}, 6),
    (COUNSELLOR, VACANCIES, {"wage_from": "150000", "page": "700"}, 6),
    (COUNSELLOR, EMPLOYERS, {"q": "18054000", "sort": "-vacancies", "page": "3"}, 6),
    (COUNSELLOR, EMPLOYERS, {"size": "small", "hiring": "no", "page": "1900"}, 6),
    (SPECIALIST, VOUCHERS, {"q": "V-10012", "sort": "number", "page": "2"}, 7),
    (SPECIALIST, VOUCHERS, {"status": "available", "page": "1800"}, 7),
    (SPECIALIST, QUEUE, {"page": "1500"}, 12),
    (SPECIALIST, QUEUE, {"q": "Сынақов12", "district": "3516"}, 16),
    (MEMBER, MEETINGS, {"q": "M-10012", "sort": "-cases", "territory": "3516", "page": "2"}, 7),
    (MEMBER, MEETINGS, {"status": "signed", "date_from": "2000-01-01", "page": "1400"}, 7),
]


def test_lists_keep_their_query_budgets_at_100000_rows(
    client, make_user, scale, django_assert_max_num_queries
):
    users = {}
    for role, path, query, budget in PAGES:
        if role not in users:
            users[role] = make_user(role, units=(BALKHASH,), username=f"scale_{role}")
        client.force_login(users[role])
        with django_assert_max_num_queries(budget) as counted:
            response = client.get(path, query)
        assert response.status_code == 200, (path, query)
        listing = response.context.get("listing")
        page = listing.page if listing is not None else response.context["page"]
        assert page.paginator.count > 1_000 or (listing and listing.filters.data.get("q")), (path, query)
        assert page.object_list, (path, query, len(counted))
