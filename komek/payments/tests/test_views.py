"""The payroll and assignment pages: what each role sees and may do, with bounded queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from komek.accounts.choices import Role
from komek.benefits.choices import AssignmentStatus
from komek.common.models import AuditLog
from komek.payments.choices import PayrollStatus
from komek.payments.models import Payroll
from komek.payments.services import payroll_approve, payroll_run

pytestmark = pytest.mark.django_db
FEB = dt.date(2020, 2, 1)


def client_of(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = "en"  # the assertions read the English texts
    return client


def test_accountant_prepares_head_approves_and_downloads(
    make_assignment: Any, accountant: Any, head: Any, django_assert_max_num_queries: Any
) -> None:
    """Prepare through the list page, approve on the detail page, download both registries."""
    for _ in range(5):
        make_assignment()
    response = client_of(accountant).post(
        reverse("payments:payroll_list"), {"month": "2020-02", "programme": "tsa"}
    )
    assert response.status_code == 302
    payroll = Payroll.objects.get()
    assert (payroll.status, payroll.line_count) == (PayrollStatus.PREPARED, 5)
    headc = client_of(head)
    with django_assert_max_num_queries(20):
        page = headc.get(reverse("payments:payroll_detail", args=[payroll.pk]))
    approve_url = reverse("payments:payroll_approve", args=[payroll.pk])
    assert page.status_code == 200 and approve_url in page.content.decode()
    assert (
        client_of(accountant).post(reverse("payments:payroll_approve", args=[payroll.pk])).status_code == 403
    )
    headc.post(reverse("payments:payroll_approve", args=[payroll.pk]))
    payroll.refresh_from_db()
    assert payroll.status == PayrollStatus.APPROVED
    response = headc.get(reverse("payments:payroll_download", args=[payroll.pk, "HSBKKZKX", "pain001"]))
    body = response.getvalue()
    assert response["Content-Disposition"].endswith('-HSBKKZKX.xml"') and b"<NbOfTxs>5</NbOfTxs>" in body
    response = client_of(accountant).get(
        reverse("payments:payroll_download", args=[payroll.pk, "HSBKKZKX", "csv"])
    )
    assert len(response.getvalue().splitlines()) == 6
    with django_assert_max_num_queries(12):
        assert headc.get(reverse("payments:payroll_list")).status_code == 200


def test_return_upload_errors_shown(make_assignment: Any, accountant: Any, head: Any) -> None:
    """A bad return file is refused with the row named on the page."""
    make_assignment()
    payroll = payroll_run(actor=accountant, month=FEB)[0]
    payroll_approve(actor=head, payroll_id=payroll.pk)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("r.csv", b"reference,amount,reason\nKMK999-1,5,x\n", content_type="text/csv")
    response = client_of(accountant).post(
        reverse("payments:payroll_returns", args=[payroll.pk]), {"file": upload}
    )
    assert response.status_code == 400
    assert "Row 2" in response.content.decode()


def test_territory_and_roles_on_pages(make_assignment: Any, accountant: Any, make_user: Any) -> None:
    """A registrar has no payroll pages; an Almaty accountant cannot open Balkhash's payroll."""
    make_assignment()
    payroll = payroll_run(actor=accountant, month=FEB)[0]
    registrar = make_user(Role.REGISTRAR, username="reg2")
    assert client_of(registrar).get(reverse("payments:payroll_list")).status_code == 403
    almaty = make_user(Role.ACCOUNTANT, units=("751110000",), username="acc_alm")
    assert client_of(almaty).get(reverse("payments:payroll_detail", args=[payroll.pk])).status_code == 404
    assert "351600000" not in client_of(almaty).get(reverse("payments:payroll_list")).content.decode()


def test_assignment_pages_and_actions(
    make_assignment: Any, caseworker: Any, accountant: Any, django_assert_max_num_queries: Any
) -> None:
    """A caseworker suspends, resumes and terminates from the detail page; reads are audited."""
    a = make_assignment()
    c = client_of(caseworker)
    with django_assert_max_num_queries(15):
        assert c.get(reverse("benefits:family_assignments", args=[a.family_id])).status_code == 200
    with django_assert_max_num_queries(20):
        page = c.get(reverse("benefits:assignment_detail", args=[a.pk]))
    assert a.iban in page.content.decode()
    assert AuditLog.objects.filter(object_type="benefits.assignment", action="read").count() == 1
    bad = c.post(
        reverse("benefits:assignment_suspend", args=[a.pk]), {"date_from": "2021-05-01", "reason": "moved"}
    )
    assert bad.status_code == 400 and "outside" in bad.content.decode()
    c.post(
        reverse("benefits:assignment_suspend", args=[a.pk]), {"date_from": "2020-03-01", "reason": "moved"}
    )
    a.refresh_from_db()
    assert a.status == AssignmentStatus.SUSPENDED
    c.post(reverse("benefits:assignment_resume", args=[a.pk]), {"date_from": "2020-04-01"})
    c.post(
        reverse("benefits:assignment_terminate", args=[a.pk]), {"date_from": "2020-05-01", "reason": "death"}
    )
    a.refresh_from_db()
    assert a.status == AssignmentStatus.TERMINATED
    response = client_of(accountant).post(
        reverse("benefits:assignment_terminate", args=[a.pk]), {"date_from": "2020-05-01", "reason": "death"}
    )
    assert response.status_code == 403


def test_overpayment_ledger_page(make_assignment: Any, accountant: Any) -> None:
    """An accountant records an overpayment on the ledger page and sees it listed."""
    a = make_assignment()
    c = client_of(accountant)
    response = c.post(
        reverse("payments:overpayments"),
        {"assignment_id": a.pk, "amount": 5000, "reason": "income_hidden", "detected_on": "2020-02-01"},
    )
    assert response.status_code == 302
    page = c.get(reverse("payments:overpayments")).content.decode()
    assert str(a.pk) in page


def test_pages_in_russian_and_kazakh(make_assignment: Any, accountant: Any) -> None:
    """The app's own catalogues translate the pages and the refusals."""
    from django.utils import translation

    make_assignment()
    c = client_of(accountant)
    c.cookies["django_language"] = "ru"
    assert "Сформировать месяц" in c.get(reverse("payments:payroll_list")).content.decode()
    c.cookies["django_language"] = "kk"
    assert "Айды қалыптастыру" in c.get(reverse("payments:payroll_list")).content.decode()
    with translation.override("ru"):
        from komek.benefits.iban import validate_iban
        from komek.common.errors import DomainError

        with pytest.raises(DomainError, match="Казахстанский IBAN"):
            validate_iban("KZ12")


def test_continue_for_next_quarter_page(make_assignment: Any, caseworker: Any) -> None:
    """The detail page continues a quarter's TSA into the next quarter, linked to the old one."""
    from komek.benefits.models import Assignment

    a = make_assignment(period_start=dt.date(2020, 1, 1), period_end=dt.date(2020, 3, 31))
    c = client_of(caseworker)
    url = reverse("benefits:assignment_reassign", args=[a.pk])
    bad = c.post(url, {"period_start": "2020-03-01", "period_end": "2020-06-30", "basis": "D-2"})
    assert bad.status_code == 400 and "starts after" in bad.content.decode()
    response = c.post(url, {"period_start": "2020-04-01", "period_end": "2020-06-30", "basis": "D-2"})
    new = Assignment.objects.get(previous=a)
    assert response["Location"] == reverse("benefits:assignment_detail", args=[new.pk])
    assert (new.monthly_amount, new.basis) == (a.monthly_amount, "D-2")


def test_assignment_page_loads_its_payments_from_payments(
    make_assignment: Any, caseworker: Any, accountant: Any, make_user: Any
) -> None:
    """The assignment page loads its payment lines from the payroll's section, scoped like the page."""
    a = make_assignment()
    payroll_run(actor=accountant, month=FEB)
    url = reverse("payments:assignment_lines", args=[a.pk])
    page = client_of(caseworker).get(reverse("benefits:assignment_detail", args=[a.pk])).content.decode()
    assert f'hx-get="{url}"' in page
    section = client_of(caseworker).get(url).content.decode()
    assert "02.2020" in section and "Nothing paid yet." not in section
    # A caseworker sees the payroll month, not a link to the payroll (the statement PDF is theirs).
    assert f"/payments/{Payroll.objects.get().pk}/" not in section
    assert reverse("payments:assignment_statement", args=[a.pk]) in section
    assert f"/payments/{Payroll.objects.get().pk}/" in client_of(accountant).get(url).content.decode()
    almaty = make_user(Role.CASEWORKER, units=("751110000",), username="cw_almaty")
    assert "Nothing paid yet." in client_of(almaty).get(url).content.decode()


def test_the_payroll_list_filters_by_month_programme_and_status_and_names_departments(
    make_assignment: Any, accountant: Any, head: Any
) -> None:
    """Payrolls narrowed to a month range, a programme (by its title) and a status; the department
    shown by its name, never its code; the list exported as it is filtered."""
    make_assignment()
    feb = payroll_run(actor=accountant, month=FEB, programme="tsa")[0]
    payroll_run(actor=accountant, month=dt.date(2020, 3, 1), programme="tsa")
    payroll_approve(actor=head, payroll_id=feb.pk)
    c = client_of(accountant)
    url = reverse("payments:payroll_list")
    page = c.get(url)
    assert [p.month for p in page.context["listing"].rows] == [dt.date(2020, 3, 1), FEB]  # the latest first
    html = page.content.decode()
    assert "Targeted social assistance" in html and "Balkhash" in html and f">{feb.territory}<" not in html
    assert [p.pk for p in c.get(url, {"status": "approved"}).context["listing"].rows] == [feb.pk]
    assert [p.pk for p in c.get(url, {"month_to": "2020-02"}).context["listing"].rows] == [feb.pk]
    assert c.get(url, {"q": "targeted"}).context["listing"].total == 2
    assert c.get(url, {"q": "housing"}).context["listing"].total == 0
    assert c.get(url, {"programme": "tsa", "month_from": "2020-03"}).context["listing"].total == 1
    export = c.get(url, {"status": "approved", "format": "xlsx"})
    assert export.status_code == 200 and export.content[:2] == b"PK"
