"""The case list takes the number of rows of an unfiltered list from its counters instead of counting
it again: the number shown and the pages are those of the list itself, in each territory, after a
case changes, and a list narrowed further is still counted."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import QuerySet

from komek.accounts.choices import Role
from komek.applications import selectors
from komek.applications.choices import Status
from komek.applications.models import Application
from komek.demo.applications import seed_cases

from .conftest import ALMALY, BALKHASH_TOWN

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_cities(household: Any, caseworker: Any, make_user: Any) -> Any:
    """130 cases in Balkhash for its caseworker, 90 in Almaty's Almaly district for Almaty's."""
    almaty = make_user(Role.CASEWORKER, units=(ALMALY,), username="almaly_cw")
    people = (household.head, household.spouse)
    seed_cases(applicants=[(p.pk, BALKHASH_TOWN, household.family.pk) for p in people],
               caseworkers=[caseworker], count=130, prefix="B")  # fmt: skip
    seed_cases(applicants=[(p.pk, ALMALY, household.family.pk) for p in people],
               caseworkers=[almaty], count=90, prefix="A", seed=2)  # fmt: skip
    return almaty


def _listed(user: Any, view: str, **filters: Any) -> QuerySet[Application]:
    found = selectors.cases_visible(user).filter(selectors.view_q(user, view, selectors.today()))
    return found.filter(**filters)


def _check(client: Any, user: Any, query: dict[str, str], expected: QuerySet[Application]) -> None:
    response = client.get("/services/", query)
    assert response.status_code == 200
    listing = response.context["listing"]
    assert listing.total == expected.count() > 0, query
    assert listing.page.paginator.num_pages == -(-expected.count() // 50)
    assert {a.pk for a in listing.rows} <= set(expected.values_list("pk", flat=True))


@pytest.mark.parametrize("who", ["balkhash", "almaty"])
def test_each_list_shows_its_own_number_in_each_territory(
    client: Any, caseworker: Any, two_cities: Any, who: str
) -> None:
    """The four lists and every status of the territory: the number shown is the list's count."""
    user = caseworker if who == "balkhash" else two_cities
    client.force_login(user)
    for view in selectors.VIEWS:
        _check(client, user, {"view": view}, _listed(user, view))
    for status in (Status.IN_REVIEW, Status.ASSIGNED, Status.REFUSED):
        _check(client, user, {"view": "all", "status": status}, _listed(user, "all", status=status))
    other = Application.objects.exclude(pk__in=selectors.cases_visible(user)).count()
    assert other > 0  # the other city's cases exist and are counted in neither list


def test_the_numbers_follow_a_change_of_a_case(client: Any, caseworker: Any, two_cities: Any) -> None:
    """A case rendered leaves "my open cases" and joins its status at once (nothing is kept between
    requests)."""
    client.force_login(caseworker)
    before = client.get("/services/", {"view": "mine"}).context["listing"].total
    case = _listed(caseworker, "mine").filter(status=Status.IN_REVIEW).order_by("id").first()
    assert case is not None
    Application.objects.filter(pk=case.pk).update(status=Status.RENDERED)
    assert client.get("/services/", {"view": "mine"}).context["listing"].total == before - 1
    _check(client, caseworker, {"view": "mine"}, _listed(caseworker, "mine"))
    _check(client, caseworker, {"view": "all", "status": Status.RENDERED},
           _listed(caseworker, "all", status=Status.RENDERED))  # fmt: skip


def test_a_list_narrowed_further_is_counted(client: Any, caseworker: Any, two_cities: Any) -> None:
    """A service, a channel, due dates or a status within "my open cases" are not the counters'
    lists: the page counts them (one query more) and shows their own number."""
    client.force_login(caseworker)
    service = _listed(caseworker, "all").values_list("service_id", flat=True).order_by("id")[0]
    _check(client, caseworker, {"view": "all", "service": str(service)},
           _listed(caseworker, "all", service_id=service))  # fmt: skip
    _check(client, caseworker, {"view": "mine", "status": Status.IN_REVIEW},
           _listed(caseworker, "mine", status=Status.IN_REVIEW))  # fmt: skip
    day = selectors.today()
    _check(client, caseworker, {"view": "all", "due_to": day.isoformat()},
           _listed(caseworker, "all", due_date__lte=day))  # fmt: skip


def test_the_counters_save_the_pages_count(client: Any, caseworker: Any, two_cities: Any) -> None:
    """The unfiltered list costs one query less than the same list narrowed by a search."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(caseworker)
    client.get("/services/", {"view": "all"})
    with CaptureQueriesContext(connection) as plain:
        client.get("/services/", {"view": "all", "page": "2"})
    with CaptureQueriesContext(connection) as searched:
        client.get("/services/", {"view": "all", "page": "2", "q": "B-"})
    assert len(searched.captured_queries) == len(plain.captured_queries) + 1
