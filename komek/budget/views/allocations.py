"""Budget pages: allocations (list, entry, import, amendment, approval) and the execution of a
year by budget programme, source and month, with its XLSX. Thin: parse, call one service or
selector, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from komek.accounts.choices import Capability
from komek.accounts.web import actor, staff_view
from komek.budget.exports import execution_workbook
from komek.budget.forms import AllocationForm, AmendForm, ExecutionForm, ImportForm
from komek.budget.selectors import (
    Execution,
    allocation_amendments,
    allocation_get,
    allocations_visible,
    budget_execution,
)
from komek.budget.services import (
    AllocationImportRefused,
    allocation_amend,
    allocation_approve,
    allocation_create,
    allocations_import,
)
from komek.budget.titles import programme_choices, programme_title, source_label, thing_title
from komek.common import xlsx
from komek.common.charts import Chart, Series
from komek.common.errors import DomainError, NotFound, PermissionDenied
from komek.common.web import add_domain_error, submit


def _list(request: HttpRequest, form: AllocationForm, import_form: ImportForm, **extra: Any) -> HttpResponse:
    user = actor(request)
    allocations = list(allocations_visible(actor=user)[:500])
    for a in allocations:
        a.title = programme_title(a.programme)  # type: ignore[attr-defined]
        a.source_label = source_label(a.source)  # type: ignore[attr-defined]
    context = {"form": form, "import_form": import_form, "allocations": allocations, **extra}
    return render(request, "budget/allocation_list.html", context, status=400 if extra.get("errors") else 200)


@require_http_methods(["GET", "POST"])
@staff_view(Capability.BUDGET_VIEW)
def allocation_list(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    initial = {"year": timezone.localdate().year}
    form = AllocationForm(request.POST or None, initial=initial, programmes=programme_choices())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, created = submit(
            form,
            lambda: allocation_create(
                actor=user,
                year=data["year"],
                programme=data["programme"],
                source=data["source"],
                territory=data["territory"],
                amount=data["amount"],
                planned_recipients=data.get("planned_recipients") or 0,
            ),  # fmt: skip
        )
        if ok and created is not None:
            messages.success(request, _("The allocation is entered as a draft: another person approves it."))
            return redirect("budget:allocation_detail", created.pk)
    return _list(request, form, ImportForm())


@require_POST
@staff_view(Capability.BUDGET_EDIT)
def allocation_import(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    form = ImportForm(request.POST, request.FILES)
    errors: list[Any] = []
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            created = allocations_import(actor=user, content=upload.read(), file_name=upload.name)
        except AllocationImportRefused as exc:
            form.add_error(None, str(exc))
            errors = exc.errors
        except (PermissionDenied, NotFound):
            raise
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("%(n)d allocations are imported as drafts.") % {"n": len(created)})
            return redirect("budget:allocation_list")
    empty = AllocationForm(programmes=programme_choices())
    return _list(request, empty, form, errors=errors or [None])


def _detail(
    request: HttpRequest, pk: int, amend_form: AmendForm | None = None, status: int = 200
) -> HttpResponse:
    user = actor(request)
    allocation = allocation_get(actor=user, allocation_id=pk)
    row = budget_execution(actor=user, year=allocation.year, territory=allocation.territory).row(
        allocation.programme, allocation.source, allocation.territory
    )
    amendments = allocation_amendments(actor=user, allocation=allocation)
    today = timezone.localdate()
    in_force = allocation.amount + sum(m.delta for m in amendments if m.date <= today)
    return render(
        request,
        "budget/allocation_detail.html",
        {
            "allocation": allocation,
            "title": programme_title(allocation.programme),
            "source": source_label(allocation.source),
            "amendments": amendments,
            "in_force": in_force,
            "row": row,
            "amend_form": amend_form or AmendForm(),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@staff_view(Capability.BUDGET_VIEW)
def allocation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method != "POST":
        return _detail(request, pk)
    user = actor(request)
    form = AmendForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        ok, _done = submit(
            form,
            lambda: allocation_amend(
                actor=user,
                allocation_id=pk,
                date=data["date"],
                decision=data["decision"],
                amount=data.get("amount"),
                delta=data.get("delta"),
            ),  # fmt: skip
        )
        if ok:
            messages.success(request, _("The amendment is recorded."))
            return redirect("budget:allocation_detail", pk)
    return _detail(request, pk, amend_form=form, status=400)


@require_POST
@staff_view(Capability.BUDGET_APPROVE)
def allocation_approve_view(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        allocation_approve(actor=actor(request), allocation_id=pk)
    except (PermissionDenied, NotFound):
        raise
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The allocation is approved."))
    return redirect("budget:allocation_detail", pk)


def _execution(request: HttpRequest) -> tuple[ExecutionForm, Execution | None]:
    form = ExecutionForm(request.GET or {"year": timezone.localdate().year})
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    try:
        found = budget_execution(
            actor=actor(request), year=data["year"], territory=data.get("territory") or None
        )
    except PermissionDenied as exc:
        if exc.field != "territory":
            raise
        add_domain_error(form, exc)
        return form, None
    return form, found


def execution_charts(found: Execution) -> list[Chart]:
    """The execution drawn: spent by month over the year, and allocated, committed and spent by
    budget programme (summed over sources and departments)."""
    total = found.totals()
    by_month = Chart(
        id="execution-by-month",
        title=_("Spent by month, tenge"),
        labels=[f"{m:02d}.{found.year}" for m in range(1, 13)],
        series=[Series(_("Spent"), [total.months.get(m, 0) for m in range(1, 13)])],
        kind="bar",
        unit="₸",
    )
    programmes: dict[str, list[int]] = {}
    for r in found.rows:
        sums = programmes.setdefault(r.programme, [0, 0, 0])
        sums[0] += r.allocated
        sums[1] += r.committed
        sums[2] += r.spent
    codes = sorted(programmes)
    by_programme = Chart(
        id="execution-by-programme",
        title=_("By budget programme, tenge"),
        labels=[programme_title(code) for code in codes],
        series=[
            Series(_("Allocated"), [programmes[c][0] for c in codes]),
            Series(_("Committed"), [programmes[c][1] for c in codes]),
            Series(_("Spent"), [programmes[c][2] for c in codes]),
        ],
        kind="bar",
        unit="₸",
    )
    return [by_month, by_programme]


@require_GET
@staff_view(Capability.BUDGET_VIEW)
def execution(request: HttpRequest) -> HttpResponse:
    form, found = _execution(request)
    rows = []
    if found is not None:
        for r in found.rows:
            r.title = programme_title(r.programme)  # type: ignore[attr-defined]
            r.source_label = source_label(r.source)  # type: ignore[attr-defined]
            r.by_month = [r.months.get(m, 0) for m in range(13)]  # type: ignore[attr-defined]
            rows.append(r)
    unlinked = (
        [
            {"title": thing_title(u.thing, u.code, found.year), "territory": u.territory, "amount": u.amount}
            for u in found.unlinked
        ]
        if found is not None
        else []
    )
    total = found.totals() if found is not None else None
    if total is not None:
        total.by_month = [total.months.get(m, 0) for m in range(13)]  # type: ignore[attr-defined]
    return render(
        request,
        "budget/execution.html",
        {
            "form": form,
            "execution": found,
            "rows": rows,
            "total": total,
            "months": range(1, 13),
            "charts": execution_charts(found) if found is not None and rows else [],
            "unlinked": unlinked,
        },
        status=200 if found is not None else 400,
    )


@require_GET
@staff_view(Capability.BUDGET_VIEW)
def execution_xlsx(request: HttpRequest) -> HttpResponse:
    form, found = _execution(request)
    if found is None:
        return HttpResponse(
            _("Choose a year and a territory of yours."), status=400, content_type="text/plain"
        )
    response = HttpResponse(xlsx.to_bytes(execution_workbook(found)), content_type=xlsx.CONTENT_TYPE)
    name = f"budget-execution-{found.year}{'-' + found.territory if found.territory else ''}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
