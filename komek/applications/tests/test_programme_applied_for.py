"""The programme applied for: a service of several programmes reaches each of them, not only the one
with the largest amount (a tuberculosis patient of Balkhash gets the food package as well as the
one-time assistance, which the engine finds larger)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation

from komek.applications.models import Application
from komek.applications.services.cases import application_calculate
from komek.common.errors import DomainError
from komek.common.models import AuditLog
from komek.reports.tests.conftest import clock, walk  # noqa: F401 (the clock and the walk of the journeys)
from komek.reports.tests.journey import Journey, Member, Walk

pytestmark = pytest.mark.django_db
TB_PATIENT = Journey(
    "balkhash.tb_food_package", dt.date(2018, 1, 1), "balkhash", dt.date(2018, 2, 12),
    (Member("head", dt.date(1980, 4, 2), "male", (("dispensary", "tuberculosis"),)),), 0, 0,
    service="local_social_assistance",
)  # fmt: skip


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """The assertions read the English texts of refusals."""
    with translation.override("en"):
        yield


def _case(walk: Walk) -> Any:  # noqa: F811 (the fixture, passed on)
    return walk.case(TB_PATIENT, walk.household(TB_PATIENT))


def test_without_a_choice_the_largest_entitlement_is_the_case(walk: Walk) -> None:  # noqa: F811
    """Calculated without naming a programme, the case is the one-time assistance (10 MCI = 24,050
    in 2018), the largest of the programmes the patient is entitled to, and the explanation shows
    the food package too."""
    app = _case(walk)
    app = application_calculate(actor=app.caseworker, application_id=app.pk, version=None)
    assert (app.programme, app.calculated_amount) == ("balkhash.tb_outpatient", 24_050)
    assert (app.calculation or {})["programmes"]["balkhash.tb_food_package"]["eligible"] is True


def test_the_programme_applied_for_is_the_case(walk: Walk) -> None:  # noqa: F811
    """Naming the food package makes it the case's programme (4,984 a month, in kind), calculated
    alone."""
    app = _case(walk)
    app = application_calculate(
        actor=app.caseworker, application_id=app.pk, version=None, programme="balkhash.tb_food_package"
    )
    assert (app.programme, app.calculated_amount, app.programme_kind) == (
        "balkhash.tb_food_package", 4_984, "in_kind",
    )  # fmt: skip
    assert list((app.calculation or {})["programmes"]) == ["balkhash.tb_food_package"]


@pytest.mark.parametrize(
    ("programme", "message"),
    [
        ("balkhash.hiv", "The applicant is not entitled to"),
        ("tsa", "is not a programme of this service in force"),
    ],
)
def test_a_programme_not_open_to_the_applicant_is_refused_and_audited(
    walk: Walk,  # noqa: F811
    programme: str,
    message: str,
) -> None:
    """A programme the patient is not entitled to, or one of another service, is refused naming the
    field; the case stays uncalculated and the refusal is in the audit log."""
    app = _case(walk)
    with pytest.raises(DomainError, match=message) as refused:
        application_calculate(actor=app.caseworker, application_id=app.pk, version=None, programme=programme)
    assert refused.value.field == "programme"
    assert Application.objects.get(pk=app.pk).calculated_at is None
    audit = AuditLog.objects.filter(object_type="applications.application", object_id=str(app.pk))
    assert [row.changes.get("programme") for row in audit.filter(action="refuse")] == [[None, programme]]


def test_the_case_page_offers_the_programmes_and_calculates_the_one_chosen(
    walk: Walk,  # noqa: F811
    client: Any,
) -> None:
    """The calculation form lists the service's programmes in force where the patient lives; the
    one posted is the case's programme."""
    app = _case(walk)
    client.force_login(app.caseworker)
    page = client.get(f"/services/{app.pk}/").content.decode()
    assert 'name="programme"' in page and 'value="balkhash.tb_food_package"' in page
    client.post(
        f"/services/{app.pk}/calculate/", {"version": app.version, "programme": "balkhash.tb_food_package"}
    )
    assert Application.objects.get(pk=app.pk).programme == "balkhash.tb_food_package"
