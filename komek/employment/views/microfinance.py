"""The microfinance pages: the organisations (list, registration), an organisation's card with the
centre's referrals to it and its decisions (recorded one by one or imported from its file), and the
figures of a year with their XLSX. Thin: parse, call one service or selector, render."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.accounts.forms import TerritoryYearForm
from komek.accounts.web import actor, staff_view
from komek.common import audit, lists, xlsx
from komek.common.errors import DomainError
from komek.common.web import add_domain_error, submit
from komek.employment.filters import MicrofinanceFilters
from komek.employment.forms import microfinance as forms
from komek.employment.microfinance_report import microfinance_lines
from komek.employment.selectors import microfinance as selectors
from komek.employment.services import microfinance as services

VIEW, MANAGE = Capability.EMPLOYMENT_VIEW, Capability.EMPLOYMENT_MANAGE
#: The most referrals an organisation's card shows, the latest first.
CARD_REFERRALS = 300


def _organisations_book(rows: list[Any]) -> Any:
    return xlsx.table_workbook(
        sheet=_("Microfinance organisations"),
        title=_("Microfinance organisations"),
        header=[_("BIN"), _("Name"), _("Territory"), _("Referrals"), _("Projects financed")],
        rows=[(o.bin, o.name, o.kato.name, o.referrals_count, o.financed_count) for o in rows],
        widths={"B": 50, "C": 30},
    )


def _organisation_list(request: HttpRequest, form: forms.OrganisationForm) -> HttpResponse:
    user = actor(request)
    listing = lists.listing(
        request,
        MicrofinanceFilters,
        selectors.organisations(actor=user),
        defaults={"sort": "name"},
        user=user,
    )
    if lists.wants_xlsx(request) and request.method == "GET":
        rows = lists.exported(listing)
        if rows is not None:
            return xlsx.download(_organisations_book(rows), "microfinance-organisations.xlsx")
        messages.error(request, lists.too_many_to_export(listing))
    return render(
        request,
        "employment/microfinance/organisation_list.html",
        {"listing": listing, "form": form},
        status=400 if form.is_bound else 200,
    )


@require_GET
@staff_view(VIEW)
def organisation_list(request: HttpRequest) -> HttpResponse:
    return _organisation_list(request, forms.OrganisationForm(actor=actor(request)))


@require_POST
@staff_view(MANAGE)
def organisation_create(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    form = forms.OrganisationForm(request.POST, actor=user)
    if form.is_valid():
        ok, found = submit(
            form, lambda: services.microfinance_organisation_register(actor=user, **form.cleaned_data)
        )
        if ok and found is not None:
            messages.success(request, _("The microfinance organisation is registered."))
            return redirect("employment:microfinance_detail", pk=found.pk)
    return _organisation_list(request, form)


def _organisation_page(
    request: HttpRequest,
    pk: int,
    *,
    refer: Any = None,
    decide: Any = None,
    upload: Any = None,
    errors: Any = (),
) -> HttpResponse:
    user = actor(request)
    organisation = selectors.organisation_get(actor=user, organisation_id=pk)
    found = selectors.referrals_of(actor=user, organisation=organisation)
    referrals = list(found[:CARD_REFERRALS])
    if referrals:
        audit.read(
            actor=user,
            obj=organisation,
            persons=[r.person_id for r in referrals],
            territory=organisation.kato_id,
        )
    context = {
        "organisation": organisation,
        "referrals": referrals,
        "total": found.count(),
        "can_manage": policy.can(user, MANAGE),
        "refer_form": refer or forms.MicrocreditReferralForm(),
        "decide_form": decide or forms.MicrocreditDecisionForm(),
        "import_form": upload or forms.DecisionsImportForm(),
        "errors": errors,
        "columns": ", ".join(services.DECISION_COLUMNS),
    }
    bound = any(f is not None for f in (refer, decide, upload))
    return render(
        request, "employment/microfinance/organisation_detail.html", context, status=400 if bound else 200
    )


@require_GET
@staff_view(VIEW)
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _organisation_page(request, pk)


@require_POST
@staff_view(MANAGE)
def organisation_refer(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    form = forms.MicrocreditReferralForm(request.POST)
    if form.is_valid():
        ok, _done = submit(
            form,
            lambda: services.microcredit_referral_issue(actor=user, organisation_id=pk, **form.cleaned_data),
        )
        if ok:
            messages.success(request, _("The referral is issued."))
            return redirect("employment:microfinance_detail", pk=pk)
    return _organisation_page(request, pk, refer=form)


@require_POST
@staff_view(MANAGE)
def organisation_decide(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    selectors.organisation_get(actor=user, organisation_id=pk)
    form = forms.MicrocreditDecisionForm(request.POST)
    if form.is_valid():
        ok, _done = submit(
            form,
            lambda: services.microcredit_decision_record(actor=user, organisation_id=pk, **form.cleaned_data),
        )
        if ok:
            messages.success(request, _("The decision is recorded."))
            return redirect("employment:microfinance_detail", pk=pk)
    return _organisation_page(request, pk, decide=form)


@require_POST
@staff_view(MANAGE)
def organisation_import(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    form = forms.DecisionsImportForm(request.POST, request.FILES)
    errors: list[Any] = []
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            n = services.microcredit_decisions_import(
                actor=user, organisation_id=pk, content=upload.read(), filename=upload.name
            )
        except services.DecisionsImportRefused as exc:
            errors = exc.errors
            form.add_error("file", str(exc.message))
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("%(n)d decisions are imported.") % {"n": n})
            return redirect("employment:microfinance_detail", pk=pk)
    return _organisation_page(request, pk, upload=form, errors=errors)


@require_GET
@staff_view(VIEW)
def microfinance_figures(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    choose, year, unit = TerritoryYearForm.chosen(request.GET, actor=user)
    rows: list[Any] = []
    if unit:
        got = selectors.microfinance_figures(
            actor=user, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31), prefix=unit.prefix
        )
        rows = microfinance_lines(got, section="employment")
    if request.GET.get("format") == "xlsx":
        return xlsx.figures_download(
            rows, sheet=_("Microcredits"), title=_("Microcredits and their guarantees"),
            place=unit.name if unit else "", year=year, name="microcredits", plan=True,
        )  # fmt: skip
    context = {
        "choose": choose,
        "figures": rows,
        "year": year,
        "unit": unit,
        "query": request.GET.urlencode(),
    }
    return render(request, "employment/microfinance/figures.html", context)
