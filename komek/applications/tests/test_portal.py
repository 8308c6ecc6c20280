"""The e-government portal's channel: signed deliveries, refusals audited, nothing half-written,
and a portal application carried to its decision with the status visible through the API."""

from __future__ import annotations

import json

import pytest

from komek.applications.choices import Status
from komek.applications.models import Application, IntakeRefusal
from komek.applications.services.cases import application_calculate, application_verify
from komek.applications.services.decisions import application_decide, default_period
from komek.applications.services.portal import sign
from komek.common.models import AuditLog

from .conftest import BIC, IBAN

pytestmark = pytest.mark.django_db
SECRET = "portal-test-secret-0123456789"
URL = "/services/portal/applications/"


@pytest.fixture(autouse=True)
def portal_secret(monkeypatch):
    monkeypatch.setenv("KOMEK_PORTAL_SECRET", SECRET)


def _body(person, **extra):
    data = {
        "external_id": "EGOV-2026-0001", "service": "tsa", "applicant_iin": person.iin,
        "documents": ["application", "incomes", "bank_account"], "language": "kk",
        "bank_bic": BIC, "iban": IBAN,
    }  # fmt: skip
    data.update(extra)
    return json.dumps(data).encode()


def _post(client, body, signature=None):
    signature = sign(body, SECRET.encode()) if signature is None else signature
    return client.post(URL, data=body, content_type="application/json", HTTP_X_KOMEK_SIGNATURE=signature)


def _refusals():
    return AuditLog.objects.filter(object_type="applications.portal_delivery")


def test_a_signed_delivery_is_registered(client, household, caseworker):
    """A signed portal delivery is registered once; the same delivery again is refused as a duplicate."""
    response = _post(client, _body(household.head))
    assert response.status_code == 201, response.content
    data = response.json()
    app = Application.objects.get(number=data["number"])
    assert (app.channel, app.external_id, app.language) == ("portal", "EGOV-2026-0001", "kk")
    assert data["status"] == Status.IN_REVIEW and data["due_date"] == app.due_date.isoformat()
    assert app.caseworker == caseworker
    # The same delivery again is refused as a duplicate, not registered twice.
    again = _post(client, _body(household.head))
    assert again.status_code == 409 and Application.objects.count() == 1


@pytest.mark.parametrize("signature", ["", "sha256=00", "sha256=" + "0" * 64, "md5=abc"])
def test_a_bad_signature_is_refused_and_audited(client, household, signature):
    """A delivery with a missing or wrong signature is refused, nothing registered, and the refusal audited as
    the portal's."""
    response = _post(client, _body(household.head), signature=signature)
    assert response.status_code == 401 and response.json()["code"] == "bad_signature"
    assert not Application.objects.exists()
    refusal = _refusals().get()
    assert (refusal.reason, refusal.action, refusal.actor_username) == (
        "bad signature",
        "refuse",
        "system:portal",
    )


def test_a_body_signed_with_another_secret_is_refused(client, household):
    """A body signed with another secret than the channel's is refused."""
    body = _body(household.head)
    response = _post(client, body, signature=sign(body, b"someone-else"))
    assert response.status_code == 401 and not Application.objects.exists()


def test_a_body_changed_after_signing_is_refused(client, household):
    """A body changed after it was signed is refused."""
    body = _body(household.head)
    signature = sign(body, SECRET.encode())
    response = _post(client, body.replace(b"EGOV-2026-0001", b"EGOV-2026-0002"), signature=signature)
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (b"{not json", "body"),
        (b"[1, 2]", "non_field_errors"),
        (json.dumps({"service": "tsa"}).encode(), "external_id"),
        (None, "applicant_iin"),
        (None, "language"),
        (None, "housing_costs"),
    ],
)
def test_a_malformed_body_is_refused_with_the_fields_named(client, household, body, field):
    """A signed body that fails validation is refused with the faulty fields named and audited."""
    if body is None:
        wrong = {"applicant_iin": "12345", "language": "de", "housing_costs": -5}
        body = _body(household.head, **{field: wrong[field]})
    response = _post(client, body)
    assert response.status_code == 400
    assert response.json()["code"] == "malformed" and field in response.json()["errors"]
    assert not Application.objects.exists()
    assert _refusals().get().reason == "malformed body"


def test_an_unknown_applicant_and_an_incomplete_package_are_refused(client, household):
    """A delivery for an IIN not in the registry, or with an incomplete package, is refused and audited."""
    response = _post(client, _body(household.head, applicant_iin="990101300005"))
    assert response.status_code == 400 and "applicant_iin" in response.json()["errors"]
    response = _post(client, _body(household.head, documents=["application"]))
    assert response.status_code == 400
    assert response.json()["missing"] == ["incomes", "bank_account"]
    assert IntakeRefusal.objects.get().channel == "portal"
    assert not Application.objects.exists()


@pytest.mark.usefixtures("social_contract")
def test_a_portal_application_reaches_a_decision_and_the_portal_sees_it(client, household, caseworker):
    """The portal's status query shows the decision taken on a portal application."""
    number = _post(client, _body(household.head)).json()["number"]
    app = Application.objects.get(number=number)
    app = application_verify(actor=caseworker, application_id=app.pk, version=app.version,
                             documents=app.documents, incomes_checked=True)  # fmt: skip
    app = application_calculate(actor=caseworker, application_id=app.pk, version=app.version)
    start, end = default_period(app)
    application_decide(actor=caseworker, application_id=app.pk, version=app.version, decision="assign",
                       amount=app.calculated_amount, period_start=start, period_end=end,
                       social_contract_ref="SK-3516-7")  # fmt: skip
    # The portal's application reaches an assignment paid to the account the portal delivered.
    from komek.benefits.models import Assignment

    assignment = Assignment.objects.get(application_id=app.pk)
    assert assignment.iban == IBAN and assignment.monthly_amount == app.calculated_amount
    status_url = f"{URL}{number}/"
    assert client.get(status_url, HTTP_X_KOMEK_SIGNATURE="sha256=bad").status_code == 401
    response = client.get(status_url, HTTP_X_KOMEK_SIGNATURE=sign(number.encode(), SECRET.encode()))
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "assigned" and data["decided_amount"] == app.calculated_amount
    assert data["period_start"] == start.isoformat()


def test_without_a_secret_the_channel_is_closed(client, household, monkeypatch, settings):
    """Without a configured secret, a production installation refuses every portal delivery."""
    monkeypatch.delenv("KOMEK_PORTAL_SECRET")
    settings.DEMO = settings.DEBUG = False
    response = _post(client, _body(household.head))
    assert response.status_code == 401 and response.json()["code"] == "not_configured"


def test_the_openapi_document_describes_the_portal_endpoint(client, registrar):
    """The OpenAPI document describes the portal's delivery endpoint."""
    client.force_login(registrar)
    response = client.get("/services/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    text = response.content.decode()
    assert "/services/portal/applications/" in text and "applicant_iin" in text
