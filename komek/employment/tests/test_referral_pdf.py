"""The referral to an employer as PDF: the person, the employer, the position and the wage in the
jobseeker's language; the counsellor's read recorded; other roles and territories refused."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from komek.accounts.choices import Role
from komek.common.choices import AuditAction
from komek.common.models import AuditLog
from komek.common.tests.pdf_text import pdf_text, shows

pytestmark = pytest.mark.django_db


def _get(user: Any, url: str) -> Any:
    client = Client()
    client.force_login(user)
    return client.get(url)


def test_the_referral_pdf(make_jobseeker: Any, make_vacancy: Any, counsellor: Any) -> None:
    """The PDF names the jobseeker, the employer and the wage; its reading names the person."""
    from komek.employment.services.referrals import referral_issue

    js = make_jobseeker()
    vacancy = make_vacancy(wage=185_000)
    referral = referral_issue(actor=counsellor, person=js.person, vacancy=vacancy, on=dt.date(2025, 3, 10))
    response = _get(counsellor, reverse("employment:referral_download", args=[referral.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert (
        shows(
            response.content,
            js.person.full_name,
            js.person.iin,
            vacancy.employer.name,
            "185 000",
            "10.03.2025",
        )
        == []
    )
    assert "Направление" in pdf_text(response.content)  # the person's language: Russian when unknown
    read = AuditLog.objects.filter(action=AuditAction.READ, object_type="employment.referral").get()
    assert read.person_id == js.person_id


def test_the_referral_in_kazakh(make_jobseeker: Any, make_vacancy: Any, counsellor: Any) -> None:
    """A jobseeker who prefers Kazakh gets the referral in Kazakh."""
    from komek.employment.services.referrals import referral_issue
    from komek.registry.models import Person

    js = make_jobseeker()
    Person.objects.filter(pk=js.person_id).update(language="kk")
    referral = referral_issue(
        actor=counsellor, person=js.person, vacancy=make_vacancy(), on=dt.date(2025, 3, 10)
    )
    text = pdf_text(_get(counsellor, reverse("employment:referral_download", args=[referral.pk])).content)
    assert "Жұмыс берушіге" in text


def test_refused_to_other_roles_and_territories(
    make_jobseeker: Any, make_vacancy: Any, counsellor: Any, make_user: Any
) -> None:
    """A caseworker has no employment capability; a counsellor of Almaty does not see Balkhash."""
    from komek.employment.services.referrals import referral_issue

    js = make_jobseeker()
    referral = referral_issue(
        actor=counsellor, person=js.person, vacancy=make_vacancy(), on=dt.date(2025, 3, 10)
    )
    url = reverse("employment:referral_download", args=[referral.pk])
    assert _get(make_user(Role.CASEWORKER), url).status_code == 403
    assert _get(make_user(Role.EMPLOYMENT_COUNSELLOR, units=("751110000",)), url).status_code == 404
