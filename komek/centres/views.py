"""The centres' pages: the centres of the territory with their counts, a centre's registered persons
(search, filters, sort, pages, XLSX) with the forms to register a person, record a service and an
event, and the figures of a year by centre and by kind of service. Thin: parse, call one service or
selector, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.accounts.web import actor, staff_view
from komek.centres.choices import ServiceKind
from komek.centres.filters import RegistrationFilters
from komek.centres.forms import CentreForm, EventForm, RegisterForm, ServiceForm, YearForm
from komek.centres.selectors import centre_get, registrations_of, year_by_centre
from komek.centres.selectors import centre_list as centres_of
from komek.centres.services import centre_create, event_record, person_register, service_record
from komek.common import lists, xlsx
from komek.common.models import KatoUnit
from komek.common.web import submit
from komek.registry.selectors import read_persons


def _year(request: HttpRequest) -> int:
    form = YearForm(request.GET or None)
    return form.cleaned_data["year"] if form.is_valid() else timezone.localdate().year


def _list_page(request: HttpRequest, form: CentreForm) -> HttpResponse:
    user = actor(request)
    year = _year(request)
    context = {"centres": centres_of(actor=user, year=year), "year": year, "form": form}
    return render(request, "centres/centre_list.html", context, status=400 if form.errors else 200)


@require_GET
@staff_view(Capability.CENTRES_VIEW)
def centre_list(request: HttpRequest) -> HttpResponse:
    return _list_page(request, CentreForm(actor=actor(request)))


@require_POST
@staff_view(Capability.CENTRES_MANAGE)
def centre_create_view(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    form = CentreForm(request.POST, actor=user)
    if form.is_valid():
        ok, centre = submit(form, lambda: centre_create(actor=user, **form.cleaned_data))
        if ok and centre is not None:
            messages.success(request, _("The centre is created."))
            return redirect("centres:centre_detail", pk=centre.pk)
    return _list_page(request, form)


def _registrations_workbook(centre: Any, rows: list[Any]) -> Any:
    return xlsx.table_workbook(
        sheet=_("Registered persons"), title=f"{centre.name}: {_('registered persons')}",
        header=[_("IIN"), _("Full name"), _("Registered on"), _("Ended on"), _("Services")],
        rows=[(r.person.iin, r.person.full_name, r.registered_on, r.ended_on, r.services_count)
              for r in rows],
        widths={"A": 16, "B": 40, "C": 14, "D": 14, "E": 10},
    )  # fmt: skip


def _detail_page(request: HttpRequest, pk: int, **forms: Any) -> HttpResponse:
    user = actor(request)
    centre = centre_get(actor=user, centre_id=pk)
    sees_persons = policy.can(user, Capability.PERSON_VIEW)
    listing = None
    if sees_persons:
        listing = lists.listing(
            request, RegistrationFilters, registrations_of(centre), defaults={"state": "open", "sort": "name"}
        )
        if lists.wants_xlsx(request) and request.method == "GET":
            rows = lists.exported(listing)
            if rows is not None:
                read_persons(user=user, persons=rows, object_type="centres.registration", export=True)
                return xlsx.download(_registrations_workbook(centre, rows), "centre-persons.xlsx")
            messages.error(request, lists.too_many_to_export(listing))
        read_persons(user=user, persons=listing.rows, object_type="centres.registration", object_id=centre.pk)
    bad = any(f.errors for f in forms.values())
    context = {
        "centre": centre,
        "listing": listing,
        "sees_persons": sees_persons,
        "can_manage": policy.can(user, Capability.CENTRES_MANAGE),
        "register_form": forms.get("register_form") or RegisterForm(),
        "service_form": forms.get("service_form") or ServiceForm(),
        "event_form": forms.get("event_form") or EventForm(),
    }
    return render(request, "centres/centre_detail.html", context, status=400 if bad else 200)


@require_GET
@staff_view(Capability.CENTRES_VIEW)
def centre_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, pk)


@require_POST
@staff_view(Capability.CENTRES_MANAGE)
def register_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    form = RegisterForm(request.POST)
    if form.is_valid():
        ok, _done = submit(form, lambda: person_register(actor=user, centre_id=pk, **form.cleaned_data))
        if ok:
            messages.success(request, _("The person is registered at the centre."))
            return redirect("centres:centre_detail", pk=pk)
    return _detail_page(request, pk, register_form=form)


@require_POST
@staff_view(Capability.CENTRES_MANAGE)
def service_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    form = ServiceForm(request.POST)
    if form.is_valid():
        ok, _done = submit(form, lambda: service_record(actor=user, centre_id=pk, **form.cleaned_data))
        if ok:
            messages.success(request, _("The service is recorded."))
            return redirect("centres:centre_detail", pk=pk)
    return _detail_page(request, pk, service_form=form)


@require_POST
@staff_view(Capability.CENTRES_MANAGE)
def event_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    form = EventForm(request.POST)
    if form.is_valid():
        ok, _done = submit(form, lambda: event_record(actor=user, centre_id=pk, **form.cleaned_data))
        if ok:
            messages.success(request, _("The event is recorded."))
            return redirect("centres:centre_detail", pk=pk)
    return _detail_page(request, pk, event_form=form)


@require_GET
@staff_view(Capability.CENTRES_VIEW)
def figures(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    year = _year(request)
    allowed = policy.prefixes(user)
    prefix = allowed[0] if allowed and len(allowed) == 1 else ""
    unit = KatoUnit.objects.filter(code__startswith=prefix).order_by("code").first() if prefix else None
    rows = year_by_centre(actor=user, year=year, prefix=prefix)
    kinds = ServiceKind.choices
    for row in rows:
        row["by_kind"] = [row["kinds"].get(value, 0) for value, _label in kinds]
    totals = {
        key: sum(r[key] for r in rows)
        for key in ("registered", "services", "online", "events", "participants")
    }
    by_kind = [sum(r["by_kind"][i] for r in rows) for i in range(len(kinds))]
    if request.GET.get("format") == "xlsx":
        header = [_("Centre"), _("Kind"), _("Registered in the year"), *[str(label) for _v, label in kinds],
                  _("Services"), _("Online services"), _("Events"), _("Participants")]  # fmt: skip
        body = [
            (r["centre"].name, r["centre"].get_kind_display(), r["registered"], *r["by_kind"], r["services"],
             r["online"], r["events"], r["participants"])
            for r in rows
        ]  # fmt: skip
        book = xlsx.table_workbook(
            sheet=_("Centres"), title=_("Figures of the centres, %(year)s") % {"year": year},
            header=header, rows=body, widths={"A": 40, "B": 30},
        )  # fmt: skip
        return xlsx.download(book, f"centres-{year}.xlsx")
    context = {
        "rows": rows, "year": year, "kinds": kinds, "totals": totals, "by_kind": by_kind, "unit": unit,
    }  # fmt: skip
    return render(request, "centres/figures.html", context)
