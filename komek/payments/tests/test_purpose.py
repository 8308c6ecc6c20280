"""The payment purpose in the bank files (issue 10): the programme's title and the month in the
recipient's language from the registry, Russian when unknown, never a code, within 140 characters."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from lxml import etree

from komek.payments import registries
from komek.payments.purposes import purpose_text, purposes
from komek.payments.services import payroll_approve, payroll_run
from komek.payments.services.export import payroll_export
from komek.registry.services.persons import person_update

pytestmark = pytest.mark.django_db
FEB = dt.date(2020, 2, 1)
RU = "Адресная социальная помощь за февраль 2020"
KK = "Атаулы әлеуметтік көмек: 2020 жылғы ақпан үшін"


def test_the_purpose_names_the_programme_and_the_month_in_words():
    """The purpose of TSA for December 2026 reads as the issue asks, in each language."""
    assert purpose_text("tsa", dt.date(2026, 12, 1), "ru") == "Адресная социальная помощь за декабрь 2026"
    assert (
        purpose_text("tsa", dt.date(2026, 12, 1), "kk")
        == "Атаулы әлеуметтік көмек: 2026 жылғы желтоқсан үшін"
    )
    assert purpose_text("tsa", dt.date(2026, 12, 1), "en") == "Targeted social assistance for December 2026"
    assert purposes("tsa", dt.date(2026, 12, 1))[""] == "Адресная социальная помощь за декабрь 2026"


def test_every_purpose_fits_pain001():
    """The purpose of every shipped programme, in every language, fits pain.001's 140 characters."""
    from komek.legislation import loader

    for code in {p.code for p in loader.application_engine().programmes}:
        for text in purposes(code, dt.date(2026, 12, 1)).values():
            assert 0 < len(text) <= 140 and code not in text


@pytest.fixture
def exported(make_assignment: Any, make_family: Any, accountant: Any, head: Any, registrar: Any):
    """An approved February payroll of two TSA families: one head prefers Kazakh, the other's
    language is not known."""
    kazakh, unknown = make_family(), make_family()
    person_update(actor=registrar, person=kazakh.memberships.get(relation="head").person, language="kk")
    first, second = make_assignment(family=kazakh), make_assignment(family=unknown)
    payroll = payroll_run(actor=accountant, month=FEB)[0]
    payroll_approve(actor=head, payroll_id=payroll.pk)
    return payroll, {first.pk: KK, second.pk: RU}


def test_the_csv_registry_writes_each_purpose_in_the_recipients_language(exported, accountant):
    """Each CSV row carries the purpose in its recipient's language, Russian when unknown."""
    payroll, expected = exported
    _name, chunks = payroll_export(actor=accountant, payroll_id=payroll.pk, bic="HSBKKZKX", fmt="csv")
    rows = list(csv.DictReader(io.StringIO("".join(chunks))))
    got = {int(row["reference"].split("-")[1]): row["purpose"] for row in rows}
    assert got == expected


def test_the_pain001_registry_writes_each_purpose_in_ustrd(exported, head):
    """Each pain.001 transaction's RmtInf/Ustrd is the purpose in its recipient's language, and the
    file stays valid against the XSD."""
    payroll, expected = exported
    _name, chunks = payroll_export(actor=head, payroll_id=payroll.pk, bic="HSBKKZKX", fmt="pain001")
    data = "".join(chunks).encode()
    registries.validate_bytes(data)
    ns = {"p": registries.NAMESPACE}
    tree = etree.fromstring(data)
    got = {
        int(str(tx.findtext("p:PmtId/p:EndToEndId", namespaces=ns)).split("-")[1]): tx.findtext(
            "p:RmtInf/p:Ustrd", namespaces=ns
        )
        for tx in tree.iterfind(".//p:CdtTrfTxInf", ns)
    }
    assert got == expected
