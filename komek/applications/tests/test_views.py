"""The pages: dashboard and case lists within a query budget, intake, the case, letters; roles and
territory checked on every one."""

from __future__ import annotations

import pytest

from komek.accounts.choices import Role
from komek.applications.choices import Status
from komek.applications.models import Application
from komek.demo.applications import seed_cases

from .conftest import ALL_DOCUMENTS, BALKHASH_TOWN

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_cases(household, caseworker):
    applicants = [(p.pk, BALKHASH_TOWN, household.family.pk) for p in (household.head, household.spouse)]
    return seed_cases(applicants=applicants, caseworkers=[caseworker], count=260, prefix="T")


@pytest.mark.parametrize("view", ["mine", "due_soon", "overdue", "all"])
def test_case_lists_stay_within_the_query_budget(
    client, caseworker, many_cases, view, django_assert_max_num_queries
):
    """Session, user and units, the counters, the statuses, the page's count and rows, and the read
    naming the applicants (a savepoint, its insert, its release): 13 queries, whatever the number
    of cases."""
    client.force_login(caseworker)
    with django_assert_max_num_queries(13):
        response = client.get(f"/services/?view={view}&page=2")
    assert response.status_code == 200


def test_the_dashboard_counts_and_highlights_overdue_cases(client, caseworker, many_cases):
    """The dashboard counts the caseworker's cases and marks overdue ones, within its query budget."""
    client.force_login(caseworker)
    response = client.get("/services/?view=overdue")
    html = response.content.decode()
    overdue = Application.objects.filter(
        status__in=["registered", "in_review", "commission", "returned", "appealed"],
        due_date__lt=response.context["board"].today,
    ).count()
    assert overdue > 0 and response.context["board"].overdue == overdue
    assert response.context["listing"].total == overdue
    assert 'class="overdue"' in html
    mine = Application.objects.filter(
        caseworker=caseworker, status__in=["in_review", "commission", "returned", "appealed"]
    )
    assert response.context["board"].mine == mine.count()


def test_cases_of_another_territory_are_not_listed(client, make_user, many_cases):
    """Cases of another territory are neither listed nor opened."""
    almaty = make_user(Role.CASEWORKER, units=("751110000",), username="almaty_cw")
    client.force_login(almaty)
    response = client.get("/services/?view=all")
    assert response.context["listing"].total == 0
    case = Application.objects.first()
    assert case is not None
    assert client.get(f"/services/{case.pk}/").status_code == 404
    assert client.get(f"/services/api/applications/{case.pk}/").status_code == 404


def test_roles_without_cases_are_refused(client, make_user):
    """Roles without access to cases are refused the case pages."""
    accountant = make_user(Role.ACCOUNTANT, username="acc")
    client.force_login(accountant)
    assert client.get("/services/").status_code == 403
    assert client.get("/services/new/").status_code == 403


def test_intake_through_the_form_and_the_refusal_listing_what_is_missing(
    client, household, registrar, caseworker
):
    """The intake form registers a complete package and refuses an incomplete one listing what is missing."""
    client.force_login(registrar)
    url = "/services/new/tsa/"
    assert client.get(url).status_code == 200
    data = {
        "applicant_iin": household.head.iin,
        "channel": "office",
        "language": "kk",
        "documents": ["application", "identity"],
        "bank_bic": "HSBKKZKX",
        "iban": "KZ20601KZT5004100100",
    }
    response = client.post(url, data)
    assert response.status_code == 200 and not Application.objects.exists()
    assert "documents" in response.context["form"].errors
    data["documents"] = ALL_DOCUMENTS["tsa"]
    response = client.post(url, data)
    app = Application.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/services/{app.pk}/"


CONDITION_LABEL = {  # TSA's income condition (komek/rules/data/programmes/tsa.yaml)
    "ru": "Среднедушевой доход за предыдущий квартал не превышает черту бедности",
    "kk": "Алдыңғы тоқсандағы жан басына шаққандағы орташа табыс кедейлік шегінен аспайды",
    "en": "Average monthly income per member over the previous quarter is not above the poverty line",
}


@pytest.mark.usefixtures("social_contract")
def test_a_case_is_processed_through_its_page(
    client, household, receive, caseworker, django_assert_max_num_queries
):
    """A case is verified, calculated and decided from its page, which explains conditions in words."""
    app = receive(household.head)
    client.force_login(caseworker)
    with django_assert_max_num_queries(22):
        page = client.get(f"/services/{app.pk}/")
    assert page.status_code == 200
    assert len(page.context["card"].incomes) == 3  # the head's wages over the reference quarter
    client.post(f"/services/{app.pk}/verify/", {"version": app.version, "documents": app.documents,
                                                "incomes_checked": "on"})  # fmt: skip
    app.refresh_from_db()
    assert app.verified_at is not None
    client.post(f"/services/{app.pk}/calculate/", {"version": app.version})
    app.refresh_from_db()
    assert app.calculation is not None
    response = client.get(f"/services/{app.pk}/")
    page = response.content.decode()
    # The explanation names the condition in the page's language, never by its internal code.
    assert "income_below_poverty_line" not in page
    assert CONDITION_LABEL[response["Content-Language"]] in page
    response = client.post(f"/services/{app.pk}/decide/", {
        "version": app.version, "decision": "assign", "amount": app.amount_limit + 1,
        "period_start": "2026-11-01", "period_end": "2027-01-31",
    }, follow=True)  # fmt: skip
    app.refresh_from_db()
    assert app.status == Status.IN_REVIEW and list(response.context["messages"])
    client.post(f"/services/{app.pk}/decide/", {
        "version": app.version, "decision": "assign", "amount": app.amount_limit,
        "period_start": "2026-11-01", "period_end": "2027-01-31", "social_contract_ref": "SK-3516-7",
    })  # fmt: skip
    app.refresh_from_db()
    assert app.status == Status.ASSIGNED
    note = app.notifications.get()
    pdf = client.get(f"/services/{app.pk}/letters/{note.pk}.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    status = client.get(f"/services/api/applications/{app.pk}/").json()
    assert status["status"] == "assigned" and status["decided_amount"] == app.amount_limit


def test_a_department_head_hands_a_case_to_another_caseworker(
    client, household, receive, caseworker, head, make_user
):
    """A department head hands a case to another caseworker of its district."""
    other = make_user(Role.CASEWORKER, username="caseworker_two")
    almaty = make_user(Role.CASEWORKER, units=("751110000",), username="almaty_caseworker")
    app = receive(household.head)
    client.force_login(head)
    page = client.get(f"/services/{app.pk}/").content.decode()
    assert 'id="reassign-form"' in page and "almaty_caseworker" not in page
    client.post(f"/services/{app.pk}/reassign/", {"caseworker": almaty.pk})
    app.refresh_from_db()
    assert app.caseworker == caseworker  # not a caseworker of this address
    client.post(f"/services/{app.pk}/reassign/", {"caseworker": other.pk})
    app.refresh_from_db()
    assert app.caseworker == other and app.events.filter(kind="reassigned").exists()
    client.force_login(caseworker)
    assert client.post(f"/services/{app.pk}/reassign/", {"caseworker": caseworker.pk}).status_code == 403


def test_a_refusal_appealed_and_upheld_through_the_pages(
    client, household, calculated, caseworker, registrar, head
):
    """The front office records the appeal, the head upholds it, the case is back with its caseworker."""
    app = calculated(household.head)
    client.force_login(caseworker)
    client.post(f"/services/{app.pk}/decide/", {"version": app.version, "decision": "refuse",
                                                "refusal_reason": "income_above_threshold"})  # fmt: skip
    app.refresh_from_db()
    assert app.status == Status.REFUSED
    client.force_login(registrar)
    assert "grounds" in client.get(f"/services/{app.pk}/").content.decode()
    client.post(f"/services/{app.pk}/appeal/", {"grounds": "The income of March was a one-off bonus"})
    app.refresh_from_db()
    assert app.status == Status.APPEALED
    appeal = app.appeals.get()
    client.force_login(head)
    client.post(f"/services/{app.pk}/appeals/{appeal.pk}/decide/", {"upheld": "1", "note": "Recount"})
    app.refresh_from_db()
    assert app.status == Status.IN_REVIEW and app.caseworker == caseworker
    history = client.get(f"/services/{app.pk}/").content.decode()
    assert history.count("<tr>") >= 5
