"""The state services' pages: dashboard and case lists, intake, the case and its steps, letters."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.accounts.web import actor, staff_view
from komek.applications import selectors
from komek.applications.case_file import case_file_pdf
from komek.applications.choices import ServiceContext, Status
from komek.applications.filters import CaseFilters, counted_by
from komek.applications.forms import (
    AccountForm,
    AppealDecisionForm,
    AppealForm,
    DecisionForm,
    DocumentsForm,
    HousingReceiptForm,
    IntakeForm,
    VerifyForm,
    VersionForm,
)
from komek.applications.letters import letter_pdf
from komek.applications.models import Application, Service
from komek.applications.services import account, cases, decisions, housing, intake
from komek.applications.services.decisions import default_period
from komek.common import lists, xlsx
from komek.common.audit import client_ip
from komek.common.errors import NotFound
from komek.common.web import step, submit


@require_GET
@staff_view(Capability.CASE_VIEW)
def case_list(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    default_view = "mine" if policy.can(user, Capability.CASE_PROCESS) else "all"
    board = selectors.dashboard(user=user)
    listing = lists.listing(
        request,
        CaseFilters,
        selectors.cases_listed(user),
        defaults={"view": default_view, "sort": "due"},
        known_count=counted_by(board),  # the counters count the lists: no second count of them
        user=user,
    )
    if lists.wants_xlsx(request):
        rows = lists.exported(listing)
        if rows is not None:
            selectors.cases_read(user=user, rows=rows, export=True)
            return xlsx.download(_cases_workbook(rows), "applications.xlsx")
        messages.error(request, lists.too_many_to_export(listing))
    selectors.cases_read(user=user, rows=listing.rows)
    context = {"listing": listing, "board": board, "statuses": Status.choices, "today": board.today}
    return render(request, "applications/case_list.html", context)


def _cases_workbook(rows: list[Application]) -> Any:
    def caseworker(app: Application) -> str:
        return (app.caseworker.get_full_name() or app.caseworker.username) if app.caseworker else ""

    return xlsx.table_workbook(
        sheet=_("Applications"), title=_("Applications"),
        header=[_("No."), _("Service"), _("Applicant"), _("IIN"), _("Received"), _("Due"), _("Status"),
                _("Caseworker")],
        rows=[
            (app.number, app.service.name, app.applicant.full_name, app.applicant.iin,
             timezone.localtime(app.received_at).date(), app.due_date, app.get_status_display(),
             caseworker(app))
            for app in rows
        ],
        widths={"A": 16, "B": 45, "C": 35, "D": 14, "E": 12, "F": 12, "G": 20, "H": 25},
    )  # fmt: skip


# Where a service carried out by another context is registered (its context's own page).
REGISTRATION_PAGES = {
    ServiceContext.EMPLOYMENT.value: "employment:jobseeker_create",
    ServiceContext.REHABILITATION.value: "rehabilitation:index",
}


@require_GET
@staff_view(Capability.APPLICATION_INTAKE)
def intake_choose(request: HttpRequest) -> HttpResponse:
    elsewhere = [(service, REGISTRATION_PAGES[service.context]) for service in selectors.services_elsewhere()]
    return render(
        request,
        "applications/intake_choose.html",
        {"services": selectors.services_active(), "elsewhere": elsewhere},
    )


@require_http_methods(["GET", "POST"])
@staff_view(Capability.APPLICATION_INTAKE)
def intake_form(request: HttpRequest, code: str) -> HttpResponse:
    service = get_object_or_404(
        Service.objects.prefetch_related("documents"),
        code=code,
        active=True,
        context=ServiceContext.APPLICATIONS,
    )
    form = IntakeForm(request.POST or None, service=service)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = selectors.applicant_by_iin(user=actor(request), iin=data["applicant_iin"])
        if person is None:  # unknown, or registered in another territory: the registrar is not told which
            form.add_error(
                "applicant_iin",
                _("No person with this IIN in your territory's registry: register the person first."),
            )
        else:
            ok, app = submit(
                form,
                lambda: intake.application_receive(
                    actor=actor(request),
                    service=service.code,
                    channel=data["channel"],
                    applicant_id=person.pk,
                    documents=data["documents"],
                    language=data["language"],
                    circumstances=data.get("circumstances") or [],
                    housing_costs=data.get("housing_costs") or 0,
                    bank_bic=data["bank_bic"],
                    iban=data["iban"],
                    ip_address=client_ip(request),
                ),  # fmt: skip
                aliases={"applicant": "applicant_iin"},
            )
            if ok and app is not None:
                messages.success(
                    request,
                    _("Application %(number)s registered; due %(due)s.")
                    % {"number": app.number, "due": f"{app.due_date:%d.%m.%Y}"},
                )
                return redirect("applications:case_detail", app.pk)
    return render(request, "applications/intake_form.html", {"service": service, "form": form})


@require_GET
@staff_view(Capability.CASE_VIEW)
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    card = selectors.case_detail(user=actor(request), application_id=pk, ip_address=client_ip(request))
    app = card.app
    start, end = default_period(app)
    context: dict[str, Any] = {
        "card": card,
        "app": app,
        "verify_form": VerifyForm(app=app, initial={"version": app.version}),
        "version_form": VersionForm(initial={"version": app.version}),
        "account_form": AccountForm(
            initial={"version": app.version, "bank_bic": app.bank_bic, "iban": app.iban}
        ),
        "decision_form": DecisionForm(
            app=app,
            initial={
                "version": app.version,
                "amount": app.calculated_amount,
                "period_start": start,
                "period_end": end,
                "decision": "assign" if not app.service.commission else "refuse",
            },
        ),  # fmt: skip
        "documents_form": DocumentsForm(app=app, initial={"version": app.version}),
        "appeal_form": AppealForm(),
        "caseworkers": selectors.caseworkers_for(user=actor(request), application=app)
        if policy.can(actor(request), Capability.CASE_DISTRIBUTE) and app.is_open
        else [],
        "appeal_decision_form": AppealDecisionForm(),
        "programme_choices": selectors.programmes_to_apply_for(
            application=app, language=(get_language() or "ru")[:2]
        ),
        "programmes": selectors.calculation_told(application=app, language=(get_language() or "ru")[:2]),
    }
    if housing.receipts_needed(app):
        months = housing.receipt_months(app)
        context.update({
            "receipts_shown": True,
            "receipts": selectors.housing_receipts(application=app),
            "receipts_open": housing.receipts_open(app, actor(request)),
            "receipt_months": ", ".join(date_format(m, "F Y") for m in months),
            "receipt_form": HousingReceiptForm(initial={"version": app.version, "month": months[-1]}),
        })  # fmt: skip
    return render(request, "applications/case_detail.html", context)


def _step(request: HttpRequest, pk: int, action: Callable[[], Any], done: str) -> HttpResponse:
    return step(request, action, done=done, to=reverse("applications:case_detail", args=[pk]))


def _version(request: HttpRequest) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


@require_POST
@staff_view(Capability.CASE_PROCESS)
def case_verify(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request, pk,
        lambda: cases.application_verify(
            actor=actor(request), application_id=pk, version=_version(request),
            documents=request.POST.getlist("documents"),
            incomes_checked=request.POST.get("incomes_checked") == "on",
            note=request.POST.get("note", ""), ip_address=client_ip(request),
        ),
        _("Documents and incomes verified."),
    )  # fmt: skip


@require_POST
@staff_view(Capability.CASE_PROCESS)
def case_calculate(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request, pk,
        lambda: cases.application_calculate(
            actor=actor(request), application_id=pk, version=_version(request),
            programme=request.POST.get("programme", ""), ip_address=client_ip(request),
        ),
        _("Entitlement calculated."),
    )  # fmt: skip


@require_POST
@staff_view(Capability.CASE_PROCESS)
def case_to_commission(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request, pk,
        lambda: cases.application_to_commission(
            actor=actor(request), application_id=pk, version=_version(request), ip_address=client_ip(request)
        ),
        _("The case is on the commission's list."),
    )  # fmt: skip


@require_POST
@staff_view(Capability.CASE_PROCESS)
def case_decide(request: HttpRequest, pk: int) -> HttpResponse:
    app = get_object_or_404(Application.objects.select_related("service"), pk=pk)
    form = DecisionForm(request.POST, app=app)
    if not form.is_valid():
        messages.error(request, "; ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(reverse("applications:case_detail", args=[pk]))
    data = form.cleaned_data
    return _step(
        request, pk,
        lambda: decisions.application_decide(
            actor=actor(request), application_id=pk, version=data["version"], decision=data["decision"],
            amount=data["amount"], period_start=data["period_start"], period_end=data["period_end"],
            refusal_reason=data["refusal_reason"], missing_documents=data["missing_documents"],
            note=data["note"], social_contract_ref=data["social_contract_ref"], ip_address=client_ip(request),
        ),
        _("Decision recorded; the letter to the applicant is ready."),
    )  # fmt: skip


@require_POST
@staff_view(Capability.CASE_PROCESS)
def case_account(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request, pk,
        lambda: account.application_account_change(
            actor=actor(request), application_id=pk, version=_version(request),
            bank_bic=request.POST.get("bank_bic", ""), iban=request.POST.get("iban", ""),
            ip_address=client_ip(request),
        ),
        _("The bank account of the case is corrected."),
    )  # fmt: skip


@require_POST
@staff_view(Capability.CASE_PROCESS)
def case_documents(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request, pk,
        lambda: cases.application_documents_brought(
            actor=actor(request), application_id=pk, version=_version(request),
            documents=request.POST.getlist("documents"), ip_address=client_ip(request),
        ),
        _("Documents received; the case is in review again."),
    )  # fmt: skip


@require_POST
@staff_view(Capability.APPLICATION_INTAKE)
def case_appeal(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request, pk,
        lambda: decisions.application_appeal(
            actor=actor(request), application_id=pk, grounds=request.POST.get("grounds", ""),
            ip_address=client_ip(request),
        ),
        _("Appeal recorded."),
    )  # fmt: skip


@require_POST
@staff_view(Capability.CASE_DISTRIBUTE)
def appeal_decide(request: HttpRequest, pk: int, appeal_pk: int) -> HttpResponse:
    return _step(
        request, pk,
        lambda: decisions.appeal_decide(
            actor=actor(request), appeal_id=appeal_pk, upheld=request.POST.get("upheld") == "1",
            note=request.POST.get("note", ""), ip_address=client_ip(request),
        ),
        _("Appeal decided."),
    )  # fmt: skip


@require_GET
@staff_view(Capability.CASE_VIEW)
def letter_download(request: HttpRequest, pk: int, notification_pk: int) -> HttpResponse:
    note = selectors.notification_for_download(user=actor(request), notification_id=notification_pk)
    if note.application_id != pk:
        raise NotFound(_("No such letter."))
    response = HttpResponse(letter_pdf(note), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{note.application.number}-{note.pk}.pdf"'
    return response


@require_GET
@staff_view(Capability.CASE_VIEW)
def case_file_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The case file as PDF in the applicant's language: documents, calculation, decision."""
    card = selectors.case_detail(user=actor(request), application_id=pk, ip_address=client_ip(request))
    response = HttpResponse(case_file_pdf(card), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="case-{card.app.number}.pdf"'
    return response


@require_POST
@staff_view(Capability.CASE_DISTRIBUTE)
def case_reassign(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        worker = int(request.POST.get("caseworker", ""))
    except ValueError:
        worker = 0
    return _step(
        request, pk,
        lambda: intake.application_reassign(
            actor=actor(request), application_id=pk, caseworker_id=worker, ip_address=client_ip(request)
        ),
        _("The case is handed to another caseworker."),
    )  # fmt: skip


@require_POST
@staff_view(Capability.CASE_PROCESS)
def housing_receipt_add(request: HttpRequest, pk: int) -> HttpResponse:
    form = HousingReceiptForm(request.POST)
    if not form.is_valid():
        messages.error(request, "; ".join(
            f"{form.fields[name].label}: {error}" for name, errors in form.errors.items() for error in errors
        ))  # fmt: skip
        return redirect(reverse("applications:case_detail", args=[pk]) + "#housing-receipts")
    data = form.cleaned_data
    return _step(
        request, pk,
        lambda: housing.housing_receipt_add(
            actor=actor(request), application_id=pk, version=data["version"], month=data["month"],
            service=data["service"], consumption=data["consumption"], paid=data["paid"],
            ip_address=client_ip(request),
        ),
        _("Receipt entered: calculate the entitlement again."),
    )  # fmt: skip


@require_POST
@staff_view(Capability.CASE_PROCESS)
def housing_receipt_remove(request: HttpRequest, pk: int, receipt_pk: int) -> HttpResponse:
    return _step(
        request, pk,
        lambda: housing.housing_receipt_remove(
            actor=actor(request), application_id=pk, version=_version(request), receipt_id=receipt_pk,
            ip_address=client_ip(request),
        ),
        _("Receipt removed: calculate the entitlement again."),
    )  # fmt: skip
