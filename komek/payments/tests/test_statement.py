"""The statement of an assignment's payments as PDF: the recipient, the programme, every payment and
the total in the recipient's language; its reading recorded; other roles and territories refused."""

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
from komek.payments.services import payroll_run

pytestmark = pytest.mark.django_db


def _get(user: Any, url: str) -> Any:
    client = Client()
    client.force_login(user)
    return client.get(url)


def test_the_statement_pdf(make_assignment: Any, accountant: Any, caseworker: Any) -> None:
    """Two months paid: the statement shows the recipient, the bank, each month and the total."""
    a = make_assignment()
    for month in (2, 3):
        payroll_run(actor=accountant, month=dt.date(2020, month, 1))
    response = _get(caseworker, reverse("payments:assignment_statement", args=[a.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    person = a.recipient
    missing = shows(
        response.content, person.full_name, person.iin, a.bank.name, "02.2020", "03.2020", "53 020"
    )
    assert missing == []
    assert "Выписка" in pdf_text(response.content)
    read = AuditLog.objects.filter(action=AuditAction.READ, object_type="benefits.assignment").latest("pk")
    assert read.person_id == person.pk


def test_refused_to_other_roles_and_territories(make_assignment: Any, make_user: Any) -> None:
    """A registrar reads no assignments; a caseworker of Almaty does not see Balkhash."""
    a = make_assignment()
    url = reverse("payments:assignment_statement", args=[a.pk])
    assert _get(make_user(Role.REGISTRAR), url).status_code == 403
    assert _get(make_user(Role.CASEWORKER, units=("751110000",)), url).status_code == 404
