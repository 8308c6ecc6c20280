"""The card's employment panel: the registration and the referrals shown to the employment centre,
hidden from a role without it, refused outside the territory; the link to register a jobseeker."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from komek.accounts.choices import Role

pytestmark = pytest.mark.django_db

ALMALY = "751110000"


def page_of(user: Any, pk: int) -> tuple[int, str]:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    with translation.override("en"):
        response = client.get(reverse("registry:person_detail", args=[pk]))
    return response.status_code, response.content.decode()


def test_the_registration_and_the_referral_are_shown(
    make_jobseeker: Any, make_vacancy: Any, counsellor: Any
) -> None:
    """The counsellor sees the person's registration (a link to it) and the referral to the employer."""
    from komek.employment.services.referrals import referral_issue

    js = make_jobseeker()
    vacancy = make_vacancy()
    referral_issue(actor=counsellor, person=js.person, vacancy=vacancy, on=dt.date(2025, 3, 10))
    status, page = page_of(counsellor, js.person_id)
    assert status == 200
    shown = page.split('id="panel-employment"')[1].split("</section>")[0]
    assert reverse("employment:jobseeker_detail", args=[js.pk]) in shown
    assert "03.03.2025" in shown and "10.03.2025" in shown
    assert vacancy.employer.name in shown and vacancy.title in shown
    assert reverse("employment:jobseeker_create") not in shown  # registered already


def test_an_unregistered_person_gets_the_link_to_register(make_person: Any, counsellor: Any) -> None:
    """A person never registered: the panel says so and offers the registration, filled with the IIN."""
    person = make_person()
    shown = page_of(counsellor, person.pk)[1].split('id="panel-employment"')[1].split("</section>")[0]
    assert f"{reverse('employment:jobseeker_create')}?iin={person.iin}" in shown


def test_hidden_from_a_role_without_employment(make_jobseeker: Any, make_user: Any) -> None:
    """A caseworker (no employment capability) sees no employment panel."""
    js = make_jobseeker()
    status, page = page_of(make_user(Role.CASEWORKER), js.person_id)
    assert status == 200 and 'id="panel-employment"' not in page


def test_refused_outside_the_territory(make_jobseeker: Any, make_user: Any) -> None:
    """A counsellor of Almaty is refused the Balkhash jobseeker's card; the panel's own selector
    keeps to the viewer's territory as well."""
    from komek.common.card import Subject
    from komek.employment.card import employment_panel

    js = make_jobseeker()
    almaty = make_user(Role.EMPLOYMENT_COUNSELLOR, units=(ALMALY,))
    assert page_of(almaty, js.person_id)[0] == 404
    assert (
        employment_panel(actor=almaty, subject=Subject(kind="person", person_ids=(js.person_id,))).rows == []
    )
