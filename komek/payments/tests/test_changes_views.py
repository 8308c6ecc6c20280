"""The payroll page shows the changes since preparation and the returned payments waiting for a
correct account; the assignment page corrects the account. Browser-free, through Django's client."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from komek.benefits.services import assignment_terminate
from komek.benefits.tests.fixtures import valid_iban
from komek.common.models import AuditLog
from komek.payments.choices import PayrollStatus
from komek.payments.models import Payroll
from komek.payments.services import payroll_approve, payroll_returns_import, payroll_run

pytestmark = pytest.mark.django_db
FEB = dt.date(2020, 2, 1)


def client_of(user: Any, language: str = "en") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


def test_changes_section_blocks_approval_until_prepared_again(
    make_assignment: Any,
    accountant: Any,
    head: Any,
    caseworker: Any,
    django_assert_max_num_queries: Any,
) -> None:
    """A termination entered after preparing is listed with the person and the amount; the head's
    approval is refused with the count; the accountant prepares again from the section and the
    section is gone."""
    kept = make_assignment()
    ended = make_assignment()
    payroll = payroll_run(actor=accountant, month=FEB)[0]
    assignment_terminate(actor=caseworker, assignment_id=ended.pk, date_from=FEB, reason="death")
    url = reverse("payments:payroll_detail", args=[payroll.pk])
    headc = client_of(head)
    with django_assert_max_num_queries(24):
        page = headc.get(url).content.decode()
    section = page[page.index('id="changes"') : page.index("</section>")]
    assert "Changes since preparation" in section and ended.recipient.full_name in section
    assert "Assignment terminated from 01.02.2020" in " ".join(section.split())
    assert "26,510" in section
    assert reverse("benefits:assignment_detail", args=[ended.pk]) in section
    assert reverse("benefits:assignment_detail", args=[kept.pk]) not in section
    assert "prepare-again" not in section  # the head approves; the accountant prepares
    assert AuditLog.objects.filter(object_type="payments.payroll_changes", action="read").count() == 1

    refused = client_of(head).post(reverse("payments:payroll_approve", args=[payroll.pk]), follow=True)
    assert "1 change since preparation is not in this payroll&#x27;s lines" in refused.content.decode()
    russian = client_of(head, "ru").post(reverse("payments:payroll_approve", args=[payroll.pk]), follow=True)
    assert "1 изменение после формирования не отражено" in russian.content.decode()
    assert Payroll.objects.get(pk=payroll.pk).status == PayrollStatus.PREPARED

    accountant_page = client_of(accountant).get(url).content.decode()
    action = reverse("payments:payroll_prepare_again", args=[payroll.pk])
    assert accountant_page.count(f'action="{action}"') == 2  # the page's button and the section's
    response = client_of(accountant).post(action)
    again = Payroll.objects.get()
    assert response["Location"] == reverse("payments:payroll_detail", args=[again.pk])
    fresh = client_of(head).get(response["Location"]).content.decode()
    assert 'id="changes"' not in fresh and again.line_count == 1


def test_returned_payment_waiting_listed_in_three_languages(
    make_assignment: Any, accountant: Any, head: Any
) -> None:
    """An approved payroll with a returned payment lists it as waiting for a correct account, with
    the account it came back from, in English, Russian and Kazakh; kinds of lines show as words."""
    a = make_assignment()
    payroll = payroll_run(actor=accountant, month=FEB)[0]
    payroll_approve(actor=head, payroll_id=payroll.pk)
    content = f"reference,amount,reason\nKMK{payroll.pk}-{a.pk},26510,account closed\n".encode()
    payroll_returns_import(actor=accountant, payroll_id=payroll.pk, file_name="r.csv", content=content)
    url = reverse("payments:payroll_detail", args=[payroll.pk])
    english = client_of(accountant).get(url).content.decode()
    waiting = english[english.index('id="returns-waiting"') :]
    assert "Returned payments waiting for a correct account" in waiting
    assert a.iban in waiting and "account closed" in waiting and "02.2020" in waiting
    assert "Payment for the month" in english and "<dt>regular</dt>" not in english
    assert "Возвращённые выплаты ждут верного счёта" in client_of(accountant, "ru").get(url).content.decode()
    assert "Қайтарылған төлемдер дұрыс шотты күтуде" in client_of(accountant, "kk").get(url).content.decode()


def test_account_corrected_on_assignment_page(make_assignment: Any, caseworker: Any, accountant: Any) -> None:
    """A caseworker corrects the account on the assignment's page: a wrong IBAN is shown at the
    field and changes nothing; a right one is saved; an accountant may not."""
    a = make_assignment()
    url = reverse("benefits:assignment_account", args=[a.pk])
    page = client_of(caseworker).get(reverse("benefits:assignment_detail", args=[a.pk])).content.decode()
    assert f'action="{url}"' in page and "Correct the bank account" in page
    bad = client_of(caseworker).post(url, {"bank_bic": "HSBKKZKX", "iban": "KZ12 3"})
    assert bad.status_code == 400 and "IBAN" in bad.content.decode()
    a.refresh_from_db()
    old = a.iban
    new = valid_iban("722")
    done = client_of(caseworker).post(url, {"bank_bic": "CASPKZKA", "iban": new, "note": "new card"})
    assert done.status_code == 302
    a.refresh_from_db()
    assert (a.bank_id, a.iban) == ("CASPKZKA", new) and old != new
    assert client_of(accountant).post(url, {"bank_bic": "HSBKKZKX", "iban": old}).status_code == 403
