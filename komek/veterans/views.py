"""Veterans' pages: the list (search, filters, sort, pages, XLSX), a veteran's card with patronage,
visits and exemptions, the memoranda, the events and the figures of a year. Thin: parse, call one
service or selector, render. A page showing persons writes the read's audit row."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.accounts.forms import TerritoryYearForm
from komek.accounts.web import actor, person_viewer, staff_view
from komek.common import lists, xlsx
from komek.common.web import submit
from komek.registry.selectors import read_persons
from komek.veterans.filters import VeteranFilters
from komek.veterans.forms import (
    EventForm,
    ExemptionForm,
    MemorandumForm,
    PatronageEndForm,
    PatronageForm,
    VeteranForm,
    VisitForm,
)
from komek.veterans.report import veterans_figures
from komek.veterans.selectors import events_visible, memoranda_visible, veteran_get, veterans_listed
from komek.veterans.services import (
    event_record,
    exemption_grant,
    memorandum_record,
    patronage_assign,
    patronage_end,
    veteran_record,
    visit_record,
)

C = Capability
OBJECT = "veterans.veteran"


def _list_page(request: HttpRequest, form: VeteranForm) -> HttpResponse:
    user = person_viewer(request)
    listing = lists.listing(
        request, VeteranFilters, veterans_listed(user), defaults={"sort": "name"}, user=user
    )
    if lists.wants_xlsx(request):
        rows = lists.exported(listing)
        if rows is not None:
            read_persons(user=user, persons=[v.person for v in rows], object_type=OBJECT, export=True)
            book = xlsx.table_workbook(
                sheet=_("Veterans"), title=_("Veterans"),
                header=[_("IIN"), _("Full name"), _("Date of birth"), _("Category"), _("Territory"),
                        _("Recorded on"), _("Patron")],
                rows=[(v.person.iin, v.person.full_name, v.person.birth_date, v.get_category_display(),
                       v.person.kato.name, v.recorded_on, _("yes") if v.has_patron else _("no"))
                      for v in rows],
                widths={"A": 14, "B": 35, "C": 12, "D": 45, "E": 25, "F": 12, "G": 8},
            )  # fmt: skip
            return xlsx.download(book, "veterans.xlsx")
        messages.error(request, lists.too_many_to_export(listing))
    read_persons(user=user, persons=[v.person for v in listing.rows], object_type=OBJECT)
    context = {"listing": listing, "form": form, "can_manage": policy.can(user, C.VETERANS_MANAGE)}
    return render(request, "veterans/veteran_list.html", context, status=400 if form.errors else 200)


@require_GET
@staff_view(C.VETERANS_VIEW)
def veteran_list(request: HttpRequest) -> HttpResponse:
    return _list_page(request, VeteranForm())


@require_POST
@staff_view(C.VETERANS_MANAGE)
def veteran_create(request: HttpRequest) -> HttpResponse:
    form = VeteranForm(request.POST)
    if form.is_valid():
        ok, found = submit(form, lambda: veteran_record(actor=actor(request), **form.cleaned_data))
        if ok and found is not None:
            messages.success(request, _("The veteran is recorded."))
            return redirect("veterans:veteran_detail", found.pk)
    return _list_page(request, form)


def _card(request: HttpRequest, pk: int, **forms: Any) -> HttpResponse:
    user = person_viewer(request)
    found = veteran_get(actor=user, veteran_id=pk)
    read_persons(user=user, persons=[found.person], object_type=OBJECT, object_id=pk)
    memoranda = [m for m in memoranda_visible(user)[:200] if found.person.kato_id.startswith(m.kato.prefix)]
    context = {
        "veteran": found,
        "patronages": found.patronages.all(),
        "open_patronage": found.patronages.filter(ended__isnull=True).first(),
        "visits": found.visits.all(),
        "exemptions": found.exemptions.select_related("memorandum"),
        "patronage_form": forms.get("patronage_form") or PatronageForm(),
        "end_form": forms.get("end_form") or PatronageEndForm(),
        "visit_form": forms.get("visit_form") or VisitForm(),
        "exemption_form": forms.get("exemption_form") or ExemptionForm(memoranda=memoranda),
        "can_manage": policy.can(user, C.VETERANS_MANAGE),
    }
    failed = any(f.errors for f in forms.values())
    return render(request, "veterans/veteran_detail.html", context, status=400 if failed else 200)


@require_GET
@staff_view(C.VETERANS_VIEW)
def veteran_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _card(request, pk)


def _post(request: HttpRequest, pk: int, form: Any, name: str, action: Any, done: str) -> HttpResponse:
    if form.is_valid():
        ok, _result = submit(form, lambda: action(actor=actor(request), veteran_id=pk, **form.cleaned_data))
        if ok:
            messages.success(request, done)
            return redirect("veterans:veteran_detail", pk)
    return _card(request, pk, **{name: form})


@require_POST
@staff_view(C.VETERANS_MANAGE)
def patronage_view(request: HttpRequest, pk: int) -> HttpResponse:
    form = PatronageForm(request.POST)
    return _post(request, pk, form, "patronage_form", patronage_assign, _("The patronage is recorded."))


@require_POST
@staff_view(C.VETERANS_MANAGE)
def patronage_end_view(request: HttpRequest, pk: int) -> HttpResponse:
    form = PatronageEndForm(request.POST)
    return _post(request, pk, form, "end_form", patronage_end, _("The patronage is ended."))


@require_POST
@staff_view(C.VETERANS_MANAGE)
def visit_view(request: HttpRequest, pk: int) -> HttpResponse:
    form = VisitForm(request.POST)
    return _post(request, pk, form, "visit_form", visit_record, _("The visit is recorded."))


@require_POST
@staff_view(C.VETERANS_MANAGE)
def exemption_view(request: HttpRequest, pk: int) -> HttpResponse:
    form = ExemptionForm(request.POST, memoranda=memoranda_visible(actor(request)))
    return _post(request, pk, form, "exemption_form", exemption_grant, _("The exemption is recorded."))


def _memoranda_page(request: HttpRequest, form: MemorandumForm) -> HttpResponse:
    user = actor(request)
    context = {
        "memoranda": memoranda_visible(user)[:200], "form": form,
        "can_manage": policy.can(user, C.VETERANS_MANAGE),
    }  # fmt: skip
    return render(request, "veterans/memoranda.html", context, status=400 if form.errors else 200)


@require_GET
@staff_view(C.VETERANS_VIEW)
def memoranda(request: HttpRequest) -> HttpResponse:
    return _memoranda_page(request, MemorandumForm(actor=actor(request)))


@require_POST
@staff_view(C.VETERANS_MANAGE)
def memorandum_create(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    form = MemorandumForm(request.POST, actor=user)
    if form.is_valid():
        ok, _done = submit(form, lambda: memorandum_record(actor=user, **form.cleaned_data))
        if ok:
            messages.success(request, _("The memorandum is recorded."))
            return redirect("veterans:memoranda")
    return _memoranda_page(request, form)


def _events_page(request: HttpRequest, form: EventForm) -> HttpResponse:
    user = actor(request)
    context = {
        "events": events_visible(user)[:200], "form": form, "can_manage": policy.can(user, C.VETERANS_MANAGE),
    }  # fmt: skip
    return render(request, "veterans/events.html", context, status=400 if form.errors else 200)


@require_GET
@staff_view(C.VETERANS_VIEW)
def events(request: HttpRequest) -> HttpResponse:
    return _events_page(request, EventForm(actor=actor(request)))


@require_POST
@staff_view(C.VETERANS_MANAGE)
def event_create(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    form = EventForm(request.POST, actor=user)
    if form.is_valid():
        ok, _done = submit(form, lambda: event_record(actor=user, **form.cleaned_data))
        if ok:
            messages.success(request, _("The event is recorded."))
            return redirect("veterans:events")
    return _events_page(request, form)


@require_GET
@staff_view(C.VETERANS_VIEW)
def figures(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    choose, year, unit = TerritoryYearForm.chosen(request.GET, actor=user)
    rows = veterans_figures(actor=user, year=year, prefix=unit.prefix) if unit else []
    if request.GET.get("format") == "xlsx":
        return xlsx.figures_download(
            rows,
            sheet=_("Veterans"),
            title=_("Work with veterans"),
            place=unit.name if unit else "",
            year=year,
            name="veterans",
        )
    context = {
        "choose": choose, "figures": rows, "year": year, "unit": unit, "query": request.GET.urlencode(),
        "sees_persons": policy.can(user, C.PERSON_VIEW),
    }  # fmt: skip
    return render(request, "veterans/figures.html", context)
