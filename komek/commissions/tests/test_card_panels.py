"""The card's panels of applications and commission cases: shown to the roles that read cases,
hidden from the others, refused outside the territory, the applicants named in the card's read row."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from komek.accounts.choices import Role
from komek.common.choices import AuditAction
from komek.common.models import AuditLog

pytestmark = pytest.mark.django_db

ALMALY = "751110000"


def page_of(user: Any, name: str, pk: int) -> tuple[int, str]:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    with translation.override("en"):
        response = client.get(reverse(name, args=[pk]))
    return response.status_code, response.content.decode()


def panel(page: str, code: str) -> str:
    assert f'id="panel-{code}"' in page, code
    return page.split(f'id="panel-{code}"')[1].split("</section>")[0]


def test_the_caseworker_sees_the_applications_with_status_and_due_date(
    household: Any, receive: Any, caseworker: Any
) -> None:
    """The person's and the family's cards list the application: number (a link), status, due date."""
    app = receive(household.head)
    for name, pk in (
        ("registry:person_detail", household.head.pk),
        ("registry:family_detail", household.family.pk),
    ):
        status, page = page_of(caseworker, name, pk)
        assert status == 200
        shown = panel(page, "applications")
        assert reverse("applications:case_detail", args=[app.pk]) in shown
        with translation.override("en"):
            assert app.number in shown and str(app.get_status_display()) in shown
        assert app.due_date.strftime("%d.%m.%Y") in shown
        assert reverse("applications:intake_choose") in shown  # the link to register another


def test_a_role_without_cases_sees_no_applications(household: Any, receive: Any, make_user: Any) -> None:
    """An employment counsellor opens the card without the applications or the commission."""
    app = receive(household.head)
    status, page = page_of(make_user(Role.EMPLOYMENT_COUNSELLOR), "registry:person_detail", household.head.pk)
    assert status == 200
    assert 'id="panel-applications"' not in page and 'id="panel-commission"' not in page
    assert app.number not in page


def test_a_foreign_territory_is_refused(household: Any, receive: Any, make_user: Any) -> None:
    """A caseworker of Almaty is refused the Balkhash family's cards."""
    receive(household.head)
    almaty = make_user(Role.CASEWORKER, units=(ALMALY,))
    assert page_of(almaty, "registry:person_detail", household.head.pk)[0] == 404
    assert page_of(almaty, "registry:family_detail", household.family.pk)[0] == 404


def test_the_commission_cases_of_the_family(
    meeting: Any, secretary: Any, caseworker: Any, waiting: Any, household: Any
) -> None:
    """The family's card shows both cases on the meeting's agenda; the secretary gets the link to the
    meeting, the caseworker sees the outcome without it; one read row names both applicants."""
    fire, tb = waiting
    before = AuditLog.objects.order_by("-pk").values_list("pk", flat=True).first()
    status, page = page_of(secretary, "registry:family_detail", household.family.pk)
    assert status == 200
    shown = panel(page, "commission")
    assert fire.number in shown and tb.number in shown and meeting.number in shown
    assert reverse("commissions:meeting_detail", args=[meeting.pk]) in shown
    reads = list(AuditLog.objects.filter(pk__gt=before, action=AuditAction.READ))
    assert len(reads) == 1  # the card's one read row (besides the sign-in)
    assert {household.head.pk, household.spouse.pk} <= set(reads[0].changes["persons"])
    shown = panel(page_of(caseworker, "registry:person_detail", household.spouse.pk)[1], "commission")
    assert tb.number in shown and "Pending" in shown
    assert reverse("commissions:meeting_detail", args=[meeting.pk]) not in shown


def test_the_commission_panel_keeps_to_the_territory(
    meeting: Any, secretary: Any, waiting: Any, household: Any
) -> None:
    """A meeting held in another territory is not shown by the panel, even to a viewer of the person."""
    from komek.commissions.card import commission_panel
    from komek.commissions.models import Meeting
    from komek.common.card import Subject

    subject = Subject(kind="family", person_ids=(household.head.pk,), family_ids=(household.family.pk,))
    assert len(commission_panel(actor=secretary, subject=subject).rows) == 2
    Meeting.objects.filter(pk=meeting.pk).update(kato_id=ALMALY)
    assert commission_panel(actor=secretary, subject=subject).rows == []
