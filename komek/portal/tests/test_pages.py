"""The citizen's pages: their own family only, every read audited with the citizen as actor, and
online applications for the services with the portal channel."""

from __future__ import annotations

import pytest

from komek.applications.models import Application
from komek.common.models import AuditLog

pytestmark = pytest.mark.django_db


def test_staff_pages_stay_closed_and_the_portal_asks_for_its_own_sign_in(client):
    """Without a citizen session /my/ leads to the portal's sign-in, not to the staff login."""
    response = client.get("/my/")
    assert response.status_code == 302 and response["Location"] == "/my/sign-in/"  # noqa: PLR2004


def test_the_citizen_sees_their_family_and_the_read_is_audited(household, signed_in):
    """The start page shows the family's members and writes one read naming them, the citizen as actor."""
    client = signed_in(household.head)
    response = client.get("/my/")
    assert response.status_code == 200  # noqa: PLR2004
    for member in (household.head, household.spouse, household.child):
        assert member.full_name in response.content.decode()
    row = AuditLog.objects.filter(action="read", object_type="portal.family").get()
    assert row.actor_username == f"citizen:{household.head.iin}"
    assert set(row.changes["persons"]) == {household.head.pk, household.spouse.pk, household.child.pk}
    assert response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]


def test_apply_online_without_the_state_database_documents(household, signed_in, caseworker):
    """A portal service is applied for online; the documents of the state databases are never asked."""
    client = signed_in(household.head)
    page = client.get("/my/services/tsa/").content.decode()
    assert 'value="incomes"' in page and 'value="identity"' not in page
    response = client.post(
        "/my/services/tsa/",
        {
            "documents": ["application", "incomes", "bank_account"],
            "bank_bic": "HSBKKZKX",
            "iban": "KZ20601KZT5004100100",
        },
    )
    app = Application.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/my/applications/{app.pk}/"  # noqa: PLR2004
    assert (app.channel, app.applicant_id, app.caseworker) == ("portal", household.head.pk, caseworker)
    created = AuditLog.objects.filter(object_type="applications.application", action="create").get()
    assert created.actor_username == f"citizen:{household.head.iin}"
    page = client.get(f"/my/applications/{app.pk}/")
    assert app.number in page.content.decode()
    read = AuditLog.objects.filter(action="read", object_type="applications.application").get()
    assert read.actor_username == f"citizen:{household.head.iin}" and read.person_id == household.head.pk


def test_a_service_without_the_portal_channel_is_refused(household, signed_in):
    """A service whose standard has no portal channel is refused with a clear error, audited."""
    client = signed_in(household.head)
    response = client.post("/my/services/one_time_categories/", {"documents": ["application", "category"]})
    assert response.status_code == 200 and b"is not received online" in response.content  # noqa: PLR2004
    assert not Application.objects.exists()
    refusal = AuditLog.objects.filter(action="refuse", object_type="applications.application").get()
    assert refusal.actor_username == f"citizen:{household.head.iin}"


def test_another_familys_application_is_not_found(household, signed_in, receive, make_person):
    """An application of another family is "not found" for the citizen, as one that does not exist."""
    stranger = make_person(name="Асель")
    other = receive(stranger, "tsa")
    client = signed_in(household.head)
    assert client.get(f"/my/applications/{other.pk}/").status_code == 404  # noqa: PLR2004
    assert client.get("/my/applications/999999/").status_code == 404  # noqa: PLR2004


def test_the_citizen_corrects_their_contacts(household, signed_in):
    """The phone and e-mail are corrected through the registry, audited with the citizen as actor."""
    client = signed_in(household.head)
    response = client.post(
        "/my/contacts/", {"phone": "+7 701 555 0199", "email": "berik@example.kz", "street": "Ленина 5"}
    )
    assert response.status_code == 302  # noqa: PLR2004
    household.head.refresh_from_db()
    assert household.head.email == "berik@example.kz" and household.head.phone.endswith("5550199")
    row = AuditLog.objects.filter(object_type="registry.person", action="update").order_by("-id").first()
    assert row is not None
    assert row.actor_username == f"citizen:{household.head.iin}"
