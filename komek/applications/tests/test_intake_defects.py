"""Issue 10's intake defects: the bank account checked where it is typed (front office, akim,
portal) and correctable on the case with its audit; one open application per family and programme."""

from __future__ import annotations

import json

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from komek.applications.choices import Status
from komek.applications.models import Application, RefusalReason
from komek.applications.services.account import application_account_change
from komek.applications.services.cases import application_calculate, application_verify
from komek.applications.services.decisions import application_decide, default_period
from komek.applications.services.portal import sign
from komek.benefits.iban import make_iban
from komek.benefits.models import Assignment
from komek.common.errors import DomainError
from komek.common.models import AuditLog

from .conftest import BIC, IBAN

pytestmark = pytest.mark.django_db
SHORT_IBAN = IBAN[:19]
OTHER_BANK_IBAN = make_iban("998", "0000000000042")  # valid check digits, bank code not Halyk's (601)
SECRET = "portal-test-secret-0123456789"


@pytest.mark.parametrize("channel", ["office", "akim"])
def test_a_19_character_iban_is_refused_at_intake_in_the_users_language(receive, household, channel):
    """At the front office and the akim's, a 19-character IBAN is refused at the IBAN field, in
    Russian for a Russian-speaking registrar, and no case is registered."""
    with translation.override("ru"), pytest.raises(DomainError) as exc:
        receive(household.head, channel=channel, iban=SHORT_IBAN)
    assert exc.value.field == "iban"
    assert str(exc.value.message) == "Казахстанский IBAN состоит из 20 знаков, а в этом 19."
    assert not Application.objects.exists()


def test_an_iban_of_another_bank_is_refused_at_intake(receive, household):
    """An IBAN whose bank code is not the chosen bank's is refused at the IBAN field."""
    with translation.override("en"), pytest.raises(DomainError) as exc:
        receive(household.head, iban=OTHER_BANK_IBAN)
    assert (exc.value.field, exc.value.code) == ("iban", "iban_bank")
    assert "998" in str(exc.value.message)
    assert not Application.objects.exists()


def test_the_intake_page_shows_the_iban_error_at_its_field(client, registrar, household):
    """The front office's form shows the IBAN's error beside the field and registers nothing."""
    client.force_login(registrar)
    response = client.post(
        "/services/new/tsa/",
        {"applicant_iin": household.head.iin, "channel": "office", "language": "ru", "bank_bic": BIC,
         "iban": SHORT_IBAN, "documents": ["application", "identity", "residence", "family", "incomes",
                                           "bank_account"]},
        HTTP_ACCEPT_LANGUAGE="ru",
    )  # fmt: skip
    assert response.status_code == 200
    assert "состоит из 20 знаков" in response.content.decode()
    assert not Application.objects.exists()


def test_a_portal_delivery_with_a_short_iban_is_refused_in_the_applicants_language(
    client, household, monkeypatch
):
    """The portal's delivery with a 19-character IBAN is refused (400) at the IBAN field, in the
    applicant's chosen language (Kazakh), and audited."""
    monkeypatch.setenv("KOMEK_PORTAL_SECRET", SECRET)
    body = json.dumps({
        "external_id": "EGOV-2026-0042", "service": "tsa", "applicant_iin": household.head.iin,
        "documents": ["application", "incomes", "bank_account"], "language": "kk", "bank_bic": BIC,
        "iban": SHORT_IBAN,
    }).encode()  # fmt: skip
    response = client.post(
        "/services/portal/applications/", data=body, content_type="application/json",
        HTTP_X_KOMEK_SIGNATURE=sign(body, SECRET.encode()),
    )  # fmt: skip
    assert response.status_code == 400
    message = response.json()["errors"]["iban"][0]
    assert "20" in message and "19" in message and "IBAN" in message and "знаков" not in message
    assert not Application.objects.exists()
    assert AuditLog.objects.filter(object_type="applications.portal_delivery", action="refuse").exists()


def test_the_account_is_corrected_on_the_case_with_its_audit_and_the_case_is_assigned(
    receive, caseworker, household, social_contract
):
    """A case received without an account: a wrong IBAN typed on the case is refused (audited), the
    right one is saved with the account before and after in the audit log, and the case is assigned."""
    app = receive(household.head, bank_bic="", iban="")
    with pytest.raises(DomainError) as exc:
        application_account_change(
            actor=caseworker, application_id=app.pk, version=app.version, bank_bic=BIC, iban=SHORT_IBAN
        )
    assert exc.value.field == "iban"
    assert AuditLog.objects.filter(action="refuse", changes__refused__1="account:iban").exists()
    app = application_account_change(
        actor=caseworker, application_id=app.pk, version=app.version, bank_bic=BIC.lower(),
        iban=" ".join(IBAN[i : i + 4] for i in range(0, 20, 4)),
    )  # fmt: skip
    assert (app.bank_bic, app.iban) == (BIC, IBAN)
    row = AuditLog.objects.get(object_type="applications.application", changes__event__1="account_changed")
    assert row.changes["iban"] == ["", IBAN] and row.changes["bank_bic"] == ["", BIC]
    assert row.actor == caseworker
    app = application_verify(actor=caseworker, application_id=app.pk, version=app.version,
                             documents=app.documents, incomes_checked=True)  # fmt: skip
    app = application_calculate(actor=caseworker, application_id=app.pk, version=app.version)
    start, end = default_period(app)
    app = application_decide(
        actor=caseworker, application_id=app.pk, version=app.version, decision="assign",
        amount=app.calculated_amount, period_start=start, period_end=end,
        social_contract_ref=social_contract.number,
    )  # fmt: skip
    assert app.assignment_id is not None
    assert Assignment.objects.get(pk=app.assignment_id).iban == IBAN


def test_the_case_page_corrects_the_account(client, receive, caseworker, household):
    """The caseworker corrects the account through the case page's form."""
    app = receive(household.head, bank_bic="", iban="")
    client.force_login(caseworker)
    page = client.get(f"/services/{app.pk}/").content.decode()
    assert 'id="account-form"' in page
    client.post(f"/services/{app.pk}/account/", {"version": app.version, "bank_bic": BIC, "iban": IBAN})
    app.refresh_from_db()
    assert app.iban == IBAN


def test_a_second_open_tsa_application_of_the_family_is_refused_naming_the_open_one(receive, household):
    """While the family's TSA application is open, another member's TSA application is refused at
    intake naming the open one, and the refusal is audited; once the first is decided, a new one is
    received."""
    first = receive(household.head)
    with translation.override("en"), pytest.raises(DomainError) as exc:
        receive(household.spouse)
    assert (exc.value.code, exc.value.field) == ("second_open", "applicant")
    assert first.number in str(exc.value.message)
    assert Application.objects.count() == 1
    refused = AuditLog.objects.get(action="refuse", changes__open_application__1=first.number)
    assert refused.person_id == household.spouse.pk
    reason = RefusalReason.objects.first()
    Application.objects.filter(pk=first.pk).update(status=Status.REFUSED, refusal_reason=reason)
    assert receive(household.spouse).family_id == household.family.pk


def test_the_second_open_application_of_a_programme_is_refused_at_its_calculation(calculated, household):
    """Two town-assistance applications of one family that come to the same programme: the second
    one's calculation is refused naming the first."""
    first = calculated(household.head, "local_social_assistance")
    assert first.programme
    with pytest.raises(DomainError) as exc:
        calculated(household.spouse, "local_social_assistance")
    assert exc.value.code == "second_open" and first.number in str(exc.value.message)


def test_the_database_keeps_one_open_application_per_family_and_programme(calculated, household):
    """The database itself refuses a second open application of a family for the same programme."""
    first = calculated(household.head, "local_social_assistance")
    fields = {f.attname: getattr(first, f.attname) for f in Application._meta.concrete_fields}
    fields.update(id=None, number="TEST-2026-000999")
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(**fields)
