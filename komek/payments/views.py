"""Payroll pages: the months, one payroll (prepare, approve, downloads, returns), the ledger, and the
payments section of an assignment's page.

Thin: parse, call one selector or service, render. The accountant prepares, the head approves;
both may download the registries of an approved payroll.
"""

from __future__ import annotations

from itertools import groupby
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.accounts.web import actor, staff_view
from komek.common import lists, xlsx
from komek.common.audit import client_ip, user_territory
from komek.common.errors import DomainError
from komek.common.web import submit
from komek.jobs.services import job_enqueue
from komek.legislation.titles import programme_title
from komek.payments.filters import PayrollFilters
from komek.payments.forms import OverpaymentForm, PrepareForm, ReturnFileForm
from komek.payments.selectors import (
    lines_for_assignment,
    overpayment_ledger,
    payroll_changes,
    payroll_view,
    payrolls_visible,
)
from komek.payments.services import (
    overpayment_record,
    payroll_approve,
    payroll_prepare_again,
    payroll_returns_import,
    payroll_run,
)
from komek.payments.services.export import payroll_export
from komek.payments.statement import statement_pdf, statement_read

_ANY = None  # the selectors check the payroll capabilities themselves


@require_http_methods(["GET", "POST"])
@staff_view(_ANY)
def payroll_list(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    form = PrepareForm(request.POST or None)
    if request.method == "POST":
        if not policy.can(user, Capability.PAYROLL_PREPARE):
            return HttpResponse(status=403)
        if form.is_valid():
            programme = form.cleaned_data["programme"] or None
            month = form.cleaned_data["month"]
            ok, prepared = submit(form, lambda: payroll_run(actor=user, month=month, programme=programme))
            if ok:
                messages.success(
                    request,
                    _("%(n)d payrolls of %(month)s are prepared.")
                    % {"n": len(prepared or []), "month": f"{month:%m.%Y}"},
                )
                return redirect("payments:payroll_list")
    return _payroll_page(request, form)


@require_POST
@staff_view(Capability.PAYROLL_PREPARE)
def payroll_background(request: HttpRequest) -> HttpResponse:
    """The month's run queued as a background job; its page follows the progress."""
    user = actor(request)
    form = PrepareForm(request.POST)
    if form.is_valid():
        month = form.cleaned_data["month"]
        parameters = {"month": f"{month:%Y-%m}", "programme": form.cleaned_data["programme"] or None}
        ok, job = submit(
            form,
            lambda: job_enqueue(
                actor=user, kind="payroll.run", parameters=parameters, territory=user_territory(user)
            ),
        )
        if ok and job is not None:
            messages.success(request, _("The payroll run is queued; this page follows it."))
            return redirect("jobs:job_detail", job.pk)
    return _payroll_page(request, form, status=400)


def _payroll_page(request: HttpRequest, form: PrepareForm, status: int = 200) -> HttpResponse:
    """The payrolls found by the list's filters (the latest month first), a page grouped by month,
    each department named; the form to prepare a month above them."""
    user = actor(request)
    listing = lists.listing(
        request, PayrollFilters, payrolls_visible(user), defaults={"sort": "-month"}, user=user
    )
    if lists.wants_xlsx(request):
        rows = lists.exported(listing)
        if rows is not None:
            return xlsx.download(_payrolls_workbook(rows), "payrolls.xlsx")
        messages.error(request, lists.too_many_to_export(listing))
    payrolls = list(listing.rows)
    names = lists.district_names(p.territory for p in payrolls)
    for payroll in payrolls:
        payroll.territory_name = names.get(payroll.territory, payroll.territory)
    months = [(month, list(rows)) for month, rows in groupby(payrolls, key=lambda p: p.month)]
    context = {"form": form, "months": months, "listing": listing}
    return render(request, "payments/payroll_list.html", context, status=status)


def _payrolls_workbook(rows: list[Any]) -> Any:
    names = lists.district_names(p.territory for p in rows)
    return xlsx.table_workbook(
        sheet=_("Payrolls"), title=_("Payrolls"),
        header=[_("Month"), _("Programme"), _("Department"), _("Status"), _("Lines"), _("Total"),
                _("Republican budget"), _("Regional budget"), _("Local budget")],
        rows=[(f"{p.month:%m.%Y}", programme_title(p.programme), names.get(p.territory, p.territory),
               p.get_status_display(), p.line_count, p.total_amount, p.total_republican, p.total_regional,
               p.total_local) for p in rows],
        widths={"A": 10, "B": 45, "C": 30, "D": 16, "E": 10, "F": 16, "G": 16, "H": 16, "I": 16},
    )  # fmt: skip


def _detail(request: HttpRequest, pk: int, return_form: ReturnFileForm, status: int = 200) -> HttpResponse:
    user = actor(request)
    view = payroll_view(user=user, payroll_id=pk)
    context = {
        "view": view,
        "p": view.payroll,
        "changes": payroll_changes(user=user, payroll=view.payroll),
        "return_form": return_form,
    }
    return render(request, "payments/payroll_detail.html", context, status=status)


@require_GET
@staff_view(_ANY)
def payroll_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, pk, ReturnFileForm())


@require_POST
@staff_view(Capability.PAYROLL_APPROVE)
def payroll_approve_view(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        payroll_approve(actor=actor(request), payroll_id=pk)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The payroll is approved: its registries can go to the banks."))
    return redirect("payments:payroll_detail", pk=pk)


@require_POST
@staff_view(Capability.PAYROLL_PREPARE)
def payroll_prepare_again_view(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        payroll = payroll_prepare_again(actor=actor(request), payroll_id=pk)
    except DomainError as exc:
        if exc.code in ("forbidden", "not_found"):
            raise
        messages.error(request, str(exc))
        return redirect("payments:payroll_list")
    messages.success(request, _("The payroll is prepared again from the assignments as they are now."))
    return redirect("payments:payroll_detail", pk=payroll.pk)


@require_GET
@staff_view(_ANY)
def payroll_download(
    request: HttpRequest, pk: int, bic: str, fmt: str
) -> HttpResponse | StreamingHttpResponse:
    try:
        name, chunks = payroll_export(actor=actor(request), payroll_id=pk, bic=bic, fmt=fmt)
    except DomainError as exc:
        if exc.code in ("forbidden", "not_found"):
            raise
        messages.error(request, str(exc))
        return redirect("payments:payroll_detail", pk=pk)
    content_type = "application/xml" if fmt == "pain001" else "text/csv"
    response = StreamingHttpResponse(
        (c.encode("utf-8") for c in chunks), content_type=f"{content_type}; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_POST
@staff_view(Capability.PAYROLL_PREPARE)
def payroll_returns(request: HttpRequest, pk: int) -> HttpResponse:
    form = ReturnFileForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        ok, record = submit(
            form,
            lambda: payroll_returns_import(
                actor=actor(request), payroll_id=pk, file_name=upload.name, content=upload.read()
            ),
        )
        if ok and record is not None:
            messages.success(request, _("%(n)d returned payments are marked.") % {"n": record.payments})
            return redirect("payments:payroll_detail", pk=pk)
    return _detail(request, pk, form, status=400)


@require_GET
@staff_view(_ANY)
def assignment_lines(request: HttpRequest, pk: int) -> HttpResponse:
    """The payments section of an assignment's page (``benefits:assignment_detail`` loads it)."""
    lines = lines_for_assignment(user=actor(request), assignment_id=pk)
    return render(request, "payments/_assignment_lines.html", {"lines": lines, "assignment_id": pk})


@require_http_methods(["GET", "POST"])
@staff_view(_ANY)
def overpayments(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    form = OverpaymentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, _record = submit(form, lambda: overpayment_record(actor=user, **form.cleaned_data))
        if ok:
            messages.success(request, _("The overpayment is recorded; later payments will recover it."))
            return redirect("payments:overpayments")
    rows = overpayment_ledger(user=user)
    return render(request, "payments/overpayments.html", {"form": form, "rows": rows})


@require_GET
@staff_view(_ANY)
def assignment_statement(request: HttpRequest, pk: int) -> HttpResponse:
    """The statement of an assignment's payments as PDF, in the recipient's language."""
    statement = statement_read(user=actor(request), assignment_id=pk, ip_address=client_ip(request))
    response = HttpResponse(statement_pdf(statement), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="statement-{pk}.pdf"'
    return response
