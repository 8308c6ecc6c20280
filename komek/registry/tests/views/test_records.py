"""Registry pages of a person's records: incomes, statuses and documents, with field-level errors."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from komek.registry.models import Document, Family, Income, PersonStatus
from komek.registry.tests.views.conftest import (
    PDF,
    field_errors,
)

# --- Incomes and statuses -----------------------------------------------------------------------


@pytest.mark.django_db
def test_income_is_recorded_from_a_month_input(reg_client: Client, person_factory: Any) -> None:
    """A YYYY-MM month and an amount with spaces are accepted and stored on the first of the month."""
    person = person_factory()
    response = reg_client.post(
        reverse("registry:income_add", args=[person.pk]),
        {"month": "2025-03", "income_type": "wages", "amount": "150 000,50", "source": "declared"},
    )
    assert response.status_code == 302
    income = Income.objects.get(person=person)
    assert income.month == dt.date(2025, 3, 1) and str(income.amount) == "150000.50"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"amount": "-5000"}, "amount"),
        ({"amount": "много"}, "amount"),
        ({"month": "future"}, "month"),
        ({"month": "2025-13"}, "month"),
        ({"income_type": ""}, "income_type"),
    ],
)
def test_income_errors_are_field_level(
    reg_client: Client, person_factory: Any, override: dict[str, str], field: str
) -> None:
    """A negative amount, a future month and other mistakes are shown at their field."""
    person = person_factory()
    if override.get("month") == "future":
        nxt = (timezone.localdate().replace(day=28) + dt.timedelta(days=40)).replace(day=1)
        override = {"month": nxt.strftime("%Y-%m")}
    data = {"month": "2025-01", "income_type": "wages", "amount": "1000", "source": "declared", **override}
    response = reg_client.post(reverse("registry:income_add", args=[person.pk]), data)
    assert response.status_code == 200
    assert field_errors(response, field)
    assert not Income.objects.filter(person=person).exists()


@pytest.mark.django_db
def test_status_with_its_category_and_cause(reg_client: Client, person_factory: Any) -> None:
    """A disability group with its cause and an end date is recorded."""
    person = person_factory()
    response = reg_client.post(
        reverse("registry:status_add", args=[person.pk]),
        {
            "kind": "disability",
            "subtype": "group_2",
            "cause": "general_illness",
            "valid_from": "2024-02-01",
            "valid_to": "2026-02-01",
        },
    )
    assert response.status_code == 302
    status = PersonStatus.objects.get(person=person)
    assert (status.subtype, status.cause, status.valid_to) == (
        "group_2",
        "general_illness",
        dt.date(2026, 2, 1),
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "pensioner", "subtype": "group_2", "indefinite": "on"}, "subtype"),
        ({"kind": "pensioner", "subtype": "age"}, "valid_to"),
        ({"kind": "pensioner", "subtype": "age", "indefinite": "on", "cause": "military"}, "cause"),
        ({"kind": "pensioner", "subtype": "age", "valid_to": "2000-01-01"}, "valid_to"),
        ({"kind": "disability", "subtype": "child", "indefinite": "on"}, "subtype"),
    ],
)
def test_status_errors_are_field_level(
    reg_client: Client, person_factory: Any, data: dict[str, str], field: str
) -> None:
    """A category of another kind, a missing end, a cause outside disability are shown at their field."""
    person = person_factory()
    response = reg_client.post(
        reverse("registry:status_add", args=[person.pk]), {"valid_from": "2024-02-01", **data}
    )
    assert response.status_code == 200
    assert field_errors(response, field), response.context["form"].errors
    assert not PersonStatus.objects.filter(person=person).exists()


@pytest.mark.django_db
def test_status_categories_follow_the_kind(reg_client: Client, person_factory: Any) -> None:
    """Without a kind every category is offered grouped; choosing a kind (HTMX) narrows them."""
    person = person_factory()
    url = reverse("registry:status_add", args=[person.pk])
    page = reg_client.get(url).content.decode()
    assert "<optgroup" in page and f'hx-get="{url}"' in page
    partial = reg_client.get(url, {"kind": "student"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and 'value="university"' in partial and 'value="group_1"' not in partial
    assert 'name="cause"' not in partial
    disability = reg_client.get(url, {"kind": "disability"}, HTTP_HX_REQUEST="true").content.decode()
    assert 'value="group_1"' in disability and 'name="cause"' in disability


# --- Documents ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_attach_and_download_a_document(reg_client: Client, person_factory: Any) -> None:
    """A PDF is attached, then downloaded as an attachment with its stored type and nosniff."""
    person = person_factory()
    upload = SimpleUploadedFile("справка.pdf", PDF, content_type="application/pdf")
    response = reg_client.post(
        reverse("registry:document_add", args=[person.pk]), {"doc_type": "income", "file": upload}
    )
    assert response.status_code == 302
    doc = Document.objects.get(person=person)
    download = reg_client.get(reverse("registry:document_download", args=[doc.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment;")
    assert download.streaming and download.getvalue() == PDF


@pytest.mark.django_db
def test_family_document(reg_client: Client, family: Family) -> None:
    """A document attached to a family appears on the family card."""
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
    response = reg_client.post(
        reverse("registry:family_document_add", args=[family.pk]),
        {"doc_type": "housing", "file": SimpleUploadedFile("flat.png", png, "image/png")},
    )
    assert response.status_code == 302
    card = reg_client.get(reverse("registry:family_detail", args=[family.pk])).content.decode()
    assert "flat.png" in card


@pytest.mark.django_db
def test_oversized_upload_is_a_file_field_error(
    reg_client: Client, person_factory: Any, settings: Any
) -> None:
    """A file over the size limit is refused at the file field and nothing is stored."""
    settings.KOMEK_DOCUMENT_MAX_BYTES = 1024 * 1024
    person = person_factory()
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (1024 * 1024), content_type="application/pdf")
    response = reg_client.post(
        reverse("registry:document_add", args=[person.pk]), {"doc_type": "income", "file": big}
    )
    assert response.status_code == 200
    assert re.search(r"\b1 (MB|МБ)", field_errors(response, "file")[0])
    assert not Document.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("notes.txt", b"just text", "text/plain"),
        ("fake.pdf", b"MZ\x90\x00 an executable", "application/pdf"),
        ("page.html", b"<html><script>alert(1)</script></html>", "text/html"),
    ],
)
def test_disallowed_upload_is_a_file_field_error(
    reg_client: Client, person_factory: Any, name: str, content: bytes, content_type: str
) -> None:
    """Only real PDF, PNG and JPEG content is accepted, whatever the name or declared type."""
    person = person_factory()
    response = reg_client.post(
        reverse("registry:document_add", args=[person.pk]),
        {"doc_type": "other", "file": SimpleUploadedFile(name, content, content_type)},
    )
    assert response.status_code == 200
    assert field_errors(response, "file")
    assert not Document.objects.exists()
