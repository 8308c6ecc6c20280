"""The case file as PDF: the applicant, the documents, the calculated amount and the decision in
the applicant's language; its reading recorded; other roles and territories refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from komek.accounts.choices import Role
from komek.common.choices import AuditAction
from komek.common.models import AuditLog
from komek.common.money import format_tenge
from komek.common.tests.pdf_text import pdf_text, shows

pytestmark = pytest.mark.django_db


def _get(user: Any, url: str) -> Any:
    client = Client()
    client.force_login(user)
    return client.get(url)


def test_the_case_file_pdf(household: Any, calculated: Any, caseworker: Any) -> None:
    """A calculated TSA case: the file names the applicant, the number, each document and the amount."""
    app = calculated(household.head, language="kk")
    response = _get(caseworker, reverse("applications:case_file", args=[app.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    amount = format_tenge(app.calculated_amount, language="kk", sign="")
    assert shows(response.content, household.head.full_name, household.head.iin, app.number, amount) == []
    text = pdf_text(response.content)
    assert "Құжаттар" in text  # the applicant's language: Kazakh
    read = AuditLog.objects.filter(action=AuditAction.READ, object_type="applications.application").latest(
        "pk"
    )
    assert read.person_id == household.head.pk


def test_refused_to_other_roles_and_territories(household: Any, receive: Any, make_user: Any) -> None:
    """An employment counsellor reads no cases; a caseworker of Almaty does not see Balkhash."""
    app = receive(household.head)
    url = reverse("applications:case_file", args=[app.pk])
    assert _get(make_user(Role.EMPLOYMENT_COUNSELLOR), url).status_code == 403
    assert _get(make_user(Role.CASEWORKER, units=("751110000",)), url).status_code == 404
