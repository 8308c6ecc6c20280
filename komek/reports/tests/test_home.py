"""The start page of each role: its parts (as the policy allows them), the figures in them, and a
number of queries that does not grow with the records (10 rows of each kind, then 100).

The records are a year of Balkhash made through the services (``year``: TSA, housing assistance
and a council's payment paid January to March 2020, a jobseeker, an employment plan), a case, a
payroll waiting and a queue entry; ``grow`` copies them to reach a number of rows of each kind."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import new_iin
from komek.accounts.choices import Reach, Role
from komek.rehabilitation.tests.conftest import make_disabled, make_ipr, specialist  # noqa: F401
from komek.reports.tests.conftest import BALKHASH, BALKHASH_TOWN, YEAR, Year
from komek.reports.tests.journey import Clock

ON = dt.date(YEAR, 4, 10)  # the day the pages are opened: January to March paid, April not yet
_numbers = itertools.count(1)

#: Each role's parts of the start page (the ids of their sections), and the parts it must not see.
PARTS: dict[str, set[str]] = {
    Role.CASEWORKER: {"dash-cases"},
    Role.ACCOUNTANT: {"dash-payrolls", "dash-budget"},
    Role.DEPARTMENT_HEAD: {
        "dash-payrolls",
        "dash-budget",
        "dash-indicators",
        "dash-employment",
        "dash-queues",
    },
    Role.EMPLOYMENT_COUNSELLOR: {"dash-employment", "dash-reregistrations"},
    Role.REHABILITATION_SPECIALIST: {"dash-queues"},
    Role.ANALYST: {"dash-budget", "dash-indicators", "dash-employment", "dash-queues"},
    Role.REGISTRAR: set(),
    Role.AUDITOR: set(),
}
ALL_PARTS = set().union(*PARTS.values())


def _copies(obj: Any, n: int, **vary: Callable[[int], Any]) -> list[Any]:
    """``n`` copies of a row made by the services, each field of ``vary`` set from the copy's number."""
    rows = []
    for i in range(n):
        copy = type(obj).objects.get(pk=obj.pk)
        copy.pk = None
        for name, value in vary.items():
            setattr(copy, name, value(i))
        rows.append(copy)
    return type(obj).objects.bulk_create(rows)


@pytest.fixture
def records(
    year: Year,
    caseworker: Any,
    make_disabled: Callable[..., Any],  # noqa: F811
    make_ipr: Callable[..., Any],  # noqa: F811
) -> Callable[[int], None]:
    """``grow(n)``: n more of each kind of row the start page lists or counts: the caseworker's
    cases, payrolls waiting, payment lines of March (each of its own assignment), jobseekers due to
    re-register and persons waiting in the wheelchair queue."""
    from komek.applications.models import Application, Service
    from komek.benefits.models import Assignment
    from komek.common.models import KatoUnit
    from komek.payments.choices import PayrollStatus
    from komek.payments.models import PaymentLine, Payroll
    from komek.registry.models import Person
    from komek.rehabilitation.models import QueueEntry

    patient = make_disabled()
    make_ipr(patient, kinds=("wheelchair",))
    entry = QueueEntry.objects.get(person=patient)
    payroll = Payroll.objects.filter(status=PayrollStatus.APPROVED).order_by("-month").first()
    assert payroll is not None
    line = PaymentLine.objects.filter(payroll=payroll).first()
    assert line is not None
    service = Service.objects.get(code="tsa")
    town = KatoUnit.objects.get(code=BALKHASH_TOWN)
    applicant = year.tsa_family.memberships.get(relation="head").person
    received = dt.datetime(YEAR, 3, 1, 10, tzinfo=dt.UTC)

    def persons(n: int) -> list[Any]:
        return _copies(applicant, n, iin=lambda i: new_iin(dt.date(1980, 1, 1), "male"))

    def grow(n: int) -> None:
        Application.objects.bulk_create(
            Application(
                number=f"T-{next(_numbers):06d}",
                service=service,
                channel="office",
                applicant=applicant,
                kato=town,
                language="ru",
                received_at=received,
                due_date=ON + dt.timedelta(days=i % 9 - 4),
                status="in_review",
                caseworker=caseworker,
            )  # fmt: skip
            for i in range(n)
        )
        base = Payroll.objects.order_by("-month").values_list("month", flat=True)[0]
        _copies(
            payroll, n, status=lambda i: PayrollStatus.PREPARED, approved_by=lambda i: None,
            approved_at=lambda i: None, month=lambda i: dt.date(base.year + 1 + i // 12, i % 12 + 1, 1),
        )  # fmt: skip
        assignments = _copies(Assignment.objects.get(pk=line.assignment_id), n)
        _copies(line, n, assignment_id=lambda i: assignments[i].pk)
        seekers, waiting = persons(n), persons(n)
        _copies(year.jobseeker, n, person_id=lambda i: seekers[i].pk)
        _copies(entry, n, person_id=lambda i: waiting[i].pk)
        assert Person.objects.count() > 2 * n

    return grow


def _queries(client: Any, user: Any) -> tuple[int, str]:
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.parametrize("role", list(PARTS))
def test_each_role_sees_its_parts_in_the_same_number_of_queries_whatever_the_records(
    role: str, records: Callable[[int], None], make_user: Callable[..., Any], client: Any, clock: Clock
) -> None:
    reach = Reach.REGION if role in (Role.ANALYST, Role.AUDITOR) else Reach.UNITS
    units = ("350000000",) if reach == Reach.REGION else (BALKHASH,)
    user = make_user(role, units=units, reach=reach)
    clock.set(ON)
    records(10)
    few, page = _queries(client, user)
    for part in PARTS[role]:
        assert f'id="{part}"' in page, part
    for part in ALL_PARTS - PARTS[role]:
        assert f'id="{part}"' not in page, part
    records(90)
    many, _ = _queries(client, user)
    assert many == few, f"{role}: {few} queries with 10 rows of each kind, {many} with 100"


def test_the_heads_charts_hold_the_money_and_recipients_of_the_approved_payrolls(
    year: Year, head: Any, make_user: Callable[..., Any], clock: Clock
) -> None:
    from komek.reports.selectors.home import home_page

    clock.set(ON)
    home = home_page(actor=head, on=ON)
    assert home.indicators is not None
    money, payments, districts = home.indicators.charts
    # TSA 20,000 and housing 5,000 each month; the council's 24,050 in February only.
    assert list(money.series[0].values)[-4:] == [25_000, 49_050, 25_000, 0]
    assert list(payments.series[0].values)[-4:] == [2, 3, 2, 0]
    assert sum(money.series[0].values) == 99_050
    assert home.indicators.month == dt.date(YEAR, 3, 1)
    assert [str(label) for label in districts.labels] == [
        "Balkhash town", "Gulshat settlement administration", "Sayak settlement administration"
    ]  # fmt: skip
    assert list(districts.series[0].values) == [2, 0, 0]
    # The employment plan of the year against what happened: one of the two social jobs filled.
    assert [(r.indicator, r.planned, r.actual) for r in home.employment] == [("social_job", 2, 1)]
    # The region's analyst sees the region's towns, Balkhash with its two recipients.
    analyst = make_user(Role.ANALYST, units=("350000000",), reach=Reach.REGION)
    regional = home_page(actor=analyst, on=ON).indicators
    assert regional is not None
    by_town = dict(zip(regional.charts[2].labels, regional.charts[2].series[0].values, strict=True))
    assert by_town["Balkhash town administration"] == 2
    assert sum(by_town.values()) == 2


def test_the_registry_figures_come_from_the_stored_summary_once_refreshed(
    year: Year, head: Any, client: Any, clock: Clock
) -> None:
    """Before a refresh the page counts the registry itself; after it, the page shows the stored
    figures (the same numbers) with the time they were counted, in no more queries."""
    from komek.accounts.policy import system
    from komek.registry.services.summary import summary_refresh
    from komek.registry.statistics import registry_summary

    clock.set(ON)
    direct, page = _queries(client, head)
    assert 'id="registry-as-of"' not in page
    summary_refresh(actor=system("registry-summary"), on=ON)
    stored, page = _queries(client, head)
    assert 'id="registry-as-of"' in page
    assert stored <= direct
    total = registry_summary(user=head, on=ON).total
    assert total.persons > 0
    assert f'<th class="num">{total.persons}</th>' in page or f'<td class="num">{total.persons}</td>' in page
