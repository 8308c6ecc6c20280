"""The plan page: next year's plan (or its forecast) per budget programme, source and month beside
this year's execution; the forecast, an edit and the approval; its XLSX; a reform's cost against
the allocation. Thin: parse, call one service or selector, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.accounts.web import actor, staff_view
from komek.budget.exports import plan_workbook
from komek.budget.forms import PlanForm, PlanRowForm, WhatIfForm
from komek.budget.selectors.plan import (
    PlanView,
    WhatIf,
    plan_get,
    plan_view,
    reform_against_allocation,
    shipped_reform,
    shipped_reforms,
)
from komek.budget.services import plan_approve, plan_forecast, plan_row_edit
from komek.budget.titles import language, programme_choices, programme_title, source_label
from komek.common import audit, xlsx
from komek.common.errors import DomainError, NotFound, PermissionDenied
from komek.common.web import add_domain_error, submit
from komek.payments.territory import department
from komek.rules.periods import month_of


def _initial(request: HttpRequest) -> dict[str, Any]:
    unit = audit.user_territory(actor(request))
    return {"year": timezone.localdate().year + 1, "territory": department(unit)[0] if unit else ""}


def _view(request: HttpRequest, data: Any) -> tuple[PlanForm, PlanView | None]:
    form = PlanForm(data or _initial(request))
    if not form.is_valid():
        return form, None
    try:
        return form, plan_view(actor=actor(request), year=form.cleaned_data["year"],
                               territory=form.cleaned_data["territory"])  # fmt: skip
    except PermissionDenied as exc:
        if exc.field != "territory":
            raise
        add_domain_error(form, exc)
        return form, None


def _what_if(request: HttpRequest, view: PlanView | None) -> tuple[WhatIfForm | None, WhatIf | None]:
    user = actor(request)
    if view is None or not view.territory or not policy.can(user, Capability.SIMULATE):
        return None, None
    territory = view.territory
    reforms = shipped_reforms(language=language())
    if "reform" not in request.GET:
        return WhatIfForm(initial={"month": f"{view.year}-01"}, reforms=reforms), None
    form = WhatIfForm(request.GET, reforms=reforms)
    if not form.is_valid():
        return form, None
    try:
        month = month_of(form.cleaned_data["month"])
    except ValueError:
        form.add_error("month", _("The month is written YYYY-MM, for example 2027-01."))
        return form, None
    ok, found = submit(
        form,
        lambda: reform_against_allocation(
            actor=user,
            reform=shipped_reform(form.cleaned_data["reform"]),
            month=month,
            territory=territory,
        ),
    )
    return form, found if ok else None


def _page(request: HttpRequest, data: Any, row_form: PlanRowForm | None = None) -> HttpResponse:
    form, view = _view(request, data)
    lines = view.lines if view is not None else []
    for line in lines:
        line.title = programme_title(line.programme)  # type: ignore[attr-defined]
        line.source_label = source_label(line.source)  # type: ignore[attr-defined]
    what_if_form, what_if = _what_if(request, view)
    for w in what_if.lines if what_if else []:
        w.title = programme_title(w.programme)  # type: ignore[attr-defined]
        w.source_label = source_label(w.source)  # type: ignore[attr-defined]
    context = {
        "form": form, "view": view, "lines": lines, "total": view.totals() if view else None,
        "months": range(1, 13), "row_form": row_form or PlanRowForm(programmes=programme_choices()),
        "what_if_form": what_if_form, "what_if": what_if,
        "reform_title": what_if.reform.title(language()) if what_if else "",
    }  # fmt: skip
    status = 200 if view is not None and (row_form is None or not row_form.errors) else 400
    return render(request, "budget/plan.html", context, status=status)


@require_GET
@staff_view(Capability.BUDGET_VIEW)
def plan(request: HttpRequest) -> HttpResponse:
    return _page(request, request.GET.get("year") and request.GET)


def _back(year: int, territory: str) -> HttpResponse:
    return redirect(f"{reverse('budget:plan')}?year={year}&territory={territory}")


@require_POST
@staff_view(Capability.BUDGET_EDIT)
def plan_forecast_view(request: HttpRequest) -> HttpResponse:
    form = PlanForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        ok, made = submit(
            form, lambda: plan_forecast(actor=actor(request), year=data["year"], territory=data["territory"])
        )
        if ok and made is not None:
            messages.success(request, _("The plan is made from the forecast of the rules engine."))
            return _back(made.year, made.territory)
    for error in form.errors.values():
        messages.error(request, " ".join(str(e) for e in error))
    return _back(request.POST.get("year", ""), request.POST.get("territory", ""))  # type: ignore[arg-type]


@require_POST
@staff_view(Capability.BUDGET_EDIT)
def plan_row_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    found = plan_get(actor=user, plan_id=pk)
    form = PlanRowForm(request.POST, programmes=programme_choices())
    if form.is_valid():
        data = form.cleaned_data
        ok, _row = submit(
            form,
            lambda: plan_row_edit(
                actor=user,
                plan_id=pk,
                programme=data["programme"],
                source=data["source"],
                amount=data["amount"],
                recipients=data.get("recipients") or 0,
                note=data.get("note") or "",
            ),  # fmt: skip
            aliases={"planned_recipients": "recipients"},
        )
        if ok:
            messages.success(request, _("The plan row is changed."))
            return _back(found.year, found.territory)
    return _page(request, {"year": found.year, "territory": found.territory}, row_form=form)


@require_POST
@staff_view(Capability.BUDGET_APPROVE)
def plan_approve_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    found = plan_get(actor=user, plan_id=pk)
    try:
        plan_approve(actor=user, plan_id=pk)
    except (PermissionDenied, NotFound):
        raise
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The plan is approved."))
    return _back(found.year, found.territory)


@require_GET
@staff_view(Capability.BUDGET_VIEW)
def plan_xlsx(request: HttpRequest) -> HttpResponse:
    _form, view = _view(request, request.GET)
    if view is None:
        return HttpResponse(
            _("Choose a year and a department of yours."), status=400, content_type="text/plain"
        )
    response = HttpResponse(xlsx.to_bytes(plan_workbook(view)), content_type=xlsx.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="budget-plan-{view.year}-{view.territory}.xlsx"'
    return response
