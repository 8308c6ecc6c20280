"""The extract of the audit log about a person as PDF: who read or changed the person's data, in the
person's language; taking it away recorded; roles without the audit log and other territories refused."""

from __future__ import annotations

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


def test_the_extract_names_who_read_the_person(make_person: Any, registrar: Any, auditor: Any) -> None:
    """The registrar registered and opened the person: the extract shows both, with the user name."""
    person = make_person()
    assert _get(registrar, reverse("registry:person_detail", args=[person.pk])).status_code == 200
    rows = AuditLog.objects.filter(person_id=person.pk).count()
    response = _get(auditor, reverse("audit:person_extract", args=[person.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert shows(response.content, person.full_name, person.iin, "registrar", f"{rows}") == []
    assert "Выписка" in pdf_text(response.content)
    export = AuditLog.objects.filter(action=AuditAction.EXPORT, object_type="registry.person_audit").get()
    assert export.person_id == person.pk


def test_refused_without_the_audit_log_or_outside_the_territory(make_person: Any, make_user: Any) -> None:
    """A caseworker cannot take the extract; an auditor of Almaty does not see Balkhash's person."""
    person = make_person()
    url = reverse("audit:person_extract", args=[person.pk])
    assert _get(make_user(Role.CASEWORKER), url).status_code == 403
    assert _get(make_user(Role.AUDITOR, units=("751110000",)), url).status_code == 404
