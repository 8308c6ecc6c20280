"""Incomes, statuses and documents: bad input refused, good input audited."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from komek.common.errors import DomainError
from komek.common.models import AuditLog
from komek.common.validation import today
from komek.registry.models import Document, Income, PersonStatus
from komek.registry.services.documents import document_attach
from komek.registry.services.incomes import income_record
from komek.registry.services.statuses import status_add, status_end

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_income_recorded_then_corrected(registrar, make_person):
    """Recording the same month and type again corrects the amount; both steps are audited."""
    person = make_person()
    income_record(
        actor=registrar, person=person, month=dt.date(2026, 7, 15), income_type="wages", amount="85000"
    )
    income_record(
        actor=registrar, person=person, month=dt.date(2026, 7, 1), income_type="wages", amount="90000.50"
    )
    income = Income.objects.get()
    assert income.month == dt.date(2026, 7, 1) and income.amount == Decimal("90000.50")
    assert list(AuditLog.objects.filter(object_type="registry.income").values_list("action", flat=True)) == [
        "update",
        "create",
    ]


@pytest.mark.parametrize(
    ("month", "amount", "field", "code"),
    [
        (dt.date(2026, 7, 1), "-1", "amount", "negative"),
        (dt.date(2026, 7, 1), "abc", "amount", "invalid"),
        (dt.date(2026, 7, 1), "NaN", "amount", "invalid"),
        (dt.date(2026, 7, 1), "10.001", "amount", "invalid"),
        (None, "100", "month", "future"),
        (dt.date(1980, 1, 1), "100", "month", "invalid"),
    ],
)
def test_bad_income(registrar, make_person, month, amount, field, code):
    """A negative, non-numeric or over-precise amount, or a future month, is refused."""
    person = make_person()
    month = month or (today().replace(day=1) + dt.timedelta(days=32))
    with pytest.raises(DomainError) as exc:
        income_record(actor=registrar, person=person, month=month, income_type="wages", amount=amount)
    assert (exc.value.field, exc.value.code) == (field, code)
    assert not Income.objects.exists()


def test_status_rules(registrar, make_person):
    """A disability with a group and a cause; the category must belong to the status; periods ordered."""
    adult = make_person(birth_date=dt.date(1970, 1, 1))
    status_add(
        actor=registrar,
        person=adult,
        kind="disability",
        subtype="group_2",
        cause="general_illness",
        valid_from=dt.date(2024, 1, 1),
        valid_to=dt.date(2026, 12, 31),
    )
    with pytest.raises(DomainError) as exc:
        status_add(
            actor=registrar,
            person=adult,
            kind="disability",
            subtype="wwii_participant",
            valid_from=dt.date(2024, 1, 1),
        )
    assert exc.value.field == "subtype"
    with pytest.raises(DomainError):
        status_add(
            actor=registrar, person=adult, kind="disability", subtype="child", valid_from=dt.date(2024, 1, 1)
        )
    with pytest.raises(DomainError):
        status_add(
            actor=registrar,
            person=adult,
            kind="pensioner",
            subtype="age",
            valid_from=dt.date(2025, 1, 1),
            valid_to=dt.date(2024, 1, 1),
        )
    with pytest.raises(DomainError):  # overlaps the group II period
        status_add(
            actor=registrar,
            person=adult,
            kind="disability",
            subtype="group_2",
            valid_from=dt.date(2026, 1, 1),
        )
    with pytest.raises(DomainError):
        status_add(
            actor=registrar,
            person=adult,
            kind="veteran",
            subtype="afghanistan",
            cause="military",
            valid_from=dt.date(2024, 1, 1),
        )
    dispensary = status_add(
        actor=registrar,
        person=adult,
        kind="dispensary",
        subtype="tuberculosis",
        valid_from=dt.date(2026, 3, 1),
    )
    status_end(actor=registrar, status=dispensary, valid_to=dt.date(2026, 9, 30), reason="Cured")
    assert PersonStatus.objects.count() == 2
    assert AuditLog.objects.filter(object_type="registry.personstatus").count() == 3


def test_document_accepted_and_stored_outside_the_database(registrar, make_person, tmp_path):
    """A PDF is stored as a file named by its checksum, never by the uploaded name."""
    with override_settings(MEDIA_ROOT=tmp_path):
        doc = document_attach(
            actor=registrar,
            person=make_person(),
            doc_type="identity",
            upload=SimpleUploadedFile("Ахметов паспорт.pdf", PDF, content_type="application/pdf"),
        )
        assert doc.file.name is not None and doc.file.name.endswith(f"{doc.sha256}.pdf")
        assert (tmp_path / doc.file.name).read_bytes() == PDF
    assert doc.original_name == "Ахметов паспорт.pdf"


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"MZ\x90\x00 an executable pretending to be a PDF", "content_type"),
        (b"<html><script>alert(1)</script></html>", "content_type"),
        (b"%PDF-" + b"0" * 2048, "too_large"),
    ],
)
def test_document_refused(registrar, make_person, tmp_path, content, code):
    """A disallowed kind (judged by content, not the declared type) or an oversized file is refused."""
    with (
        override_settings(MEDIA_ROOT=tmp_path, KOMEK_DOCUMENT_MAX_BYTES=1024),
        pytest.raises(DomainError) as exc,
    ):
        document_attach(
            actor=registrar,
            person=make_person(),
            doc_type="identity",
            upload=SimpleUploadedFile("a.pdf", content, content_type="application/pdf"),
        )
    assert exc.value.code == code
    assert not Document.objects.exists()
    assert not any(tmp_path.rglob("*.pdf"))
