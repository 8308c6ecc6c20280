"""Barrier-free pages: the register of objects (search, filters, pages, XLSX), an object's card with
its passport and adaptation, and the figures of a year against the plan. Thin: parse, call one
service or selector, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.accounts.forms import TerritoryYearForm
from komek.accounts.web import actor, staff_view
from komek.barrier_free.forms import AdaptForm, CertifyForm, ListFilter, ObjectForm, PlanForm
from komek.barrier_free.report import barrier_free_figures
from komek.barrier_free.selectors import object_get, object_list, plans_visible
from komek.barrier_free.services import adaptation_record, object_certify, object_register, plan_set
from komek.common import xlsx
from komek.common.web import submit

PAGE_SIZE = 50


def _state(found: Any) -> str:
    passport = getattr(found, "passport", None)
    if passport is None:
        return _("Not certified")
    if hasattr(found, "adaptation"):
        return _("Adapted")
    return _("To adapt") if passport.to_adapt else _("Accessible")


def _objects_page(request: HttpRequest, form: ObjectForm) -> HttpResponse:
    user = actor(request)
    filters = ListFilter(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    found = object_list(
        actor=user, query=data.get("q", ""), state=data.get("state", ""), kind=data.get("kind", "")
    )
    if request.GET.get("format") == "xlsx":
        rows = [(o.name, o.get_kind_display(), o.address, o.owner, o.kato.name, _state(o)) for o in found]
        book = xlsx.table_workbook(
            sheet=_("Objects"), title=_("Social-infrastructure objects"),
            header=[_("Name"), _("Kind"), _("Address"), _("Owner"), _("Territory"), _("State")], rows=rows,
            widths={"A": 40, "B": 20, "C": 40, "D": 30, "E": 25, "F": 18},
        )  # fmt: skip
        return xlsx.download(book, "objects.xlsx")
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    for o in page:
        o.state = _state(o)  # type: ignore[attr-defined]
    query = request.GET.copy()
    query.pop("page", None)
    context = {"filters": filters, "page": page, "query": query.urlencode(), "form": form}
    return render(request, "barrier_free/object_list.html", context, status=400 if form.errors else 200)


@require_GET
@staff_view(Capability.BARRIER_FREE_VIEW)
def objects(request: HttpRequest) -> HttpResponse:
    return _objects_page(request, ObjectForm(actor=actor(request)))


@require_POST
@staff_view(Capability.BARRIER_FREE_MANAGE)
def object_create(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    form = ObjectForm(request.POST, actor=user)
    if form.is_valid():
        ok, found = submit(form, lambda: object_register(actor=user, **form.cleaned_data))
        if ok and found is not None:
            messages.success(request, _("The object is entered in the register."))
            return redirect("barrier_free:object_detail", found.pk)
    return _objects_page(request, form)


def _card(request: HttpRequest, pk: int, **forms: Any) -> HttpResponse:
    user = actor(request)
    found = object_get(actor=user, object_id=pk)
    context = {
        "object": found,
        "state": _state(found),
        "certify_form": forms.get("certify_form") or CertifyForm(),
        "adapt_form": forms.get("adapt_form") or AdaptForm(),
        "can_manage": policy.can(user, Capability.BARRIER_FREE_MANAGE),
    }
    failed = any(f.errors for f in forms.values())
    return render(request, "barrier_free/object_detail.html", context, status=400 if failed else 200)


@require_GET
@staff_view(Capability.BARRIER_FREE_VIEW)
def object_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _card(request, pk)


@require_POST
@staff_view(Capability.BARRIER_FREE_MANAGE)
def object_certify_view(request: HttpRequest, pk: int) -> HttpResponse:
    form = CertifyForm(request.POST)
    if form.is_valid():
        ok, _done = submit(
            form, lambda: object_certify(actor=actor(request), object_id=pk, **form.cleaned_data)
        )
        if ok:
            messages.success(request, _("The passport of the object is recorded."))
            return redirect("barrier_free:object_detail", pk)
    return _card(request, pk, certify_form=form)


@require_POST
@staff_view(Capability.BARRIER_FREE_MANAGE)
def object_adapt_view(request: HttpRequest, pk: int) -> HttpResponse:
    form = AdaptForm(request.POST)
    if form.is_valid():
        ok, _done = submit(
            form, lambda: adaptation_record(actor=actor(request), object_id=pk, **form.cleaned_data)
        )
        if ok:
            messages.success(request, _("The adaptation of the object is recorded."))
            return redirect("barrier_free:object_detail", pk)
    return _card(request, pk, adapt_form=form)


def _figures_page(request: HttpRequest, plan_form: PlanForm) -> HttpResponse:
    user = actor(request)
    choose, year, unit = TerritoryYearForm.chosen(request.GET, actor=user)
    figures = barrier_free_figures(actor=user, year=year, prefix=unit.prefix) if unit else []
    if request.GET.get("format") == "xlsx":
        return xlsx.figures_download(
            figures, sheet=_("Barrier-free"), title=_("Barrier-free environment"),
            place=unit.name if unit else "", year=year, name="barrier-free", plan=True,
        )  # fmt: skip
    context = {
        "choose": choose, "figures": figures, "year": year, "unit": unit, "plan_form": plan_form,
        "plans": plans_visible(user)[:40], "can_manage": policy.can(user, Capability.BARRIER_FREE_MANAGE),
        "query": request.GET.urlencode(),
    }  # fmt: skip
    return render(request, "barrier_free/figures.html", context, status=400 if plan_form.errors else 200)


@require_GET
@staff_view(Capability.BARRIER_FREE_VIEW)
def figures(request: HttpRequest) -> HttpResponse:
    return _figures_page(request, PlanForm(actor=actor(request)))


@require_POST
@staff_view(Capability.BARRIER_FREE_MANAGE)
def plan_view(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    form = PlanForm(request.POST, actor=user)
    if form.is_valid():
        ok, _done = submit(form, lambda: plan_set(actor=user, **form.cleaned_data))
        if ok:
            messages.success(request, _("The plan is saved."))
            return redirect("barrier_free:figures")
    return _figures_page(request, form)
