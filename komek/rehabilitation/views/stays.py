"""Stays in special social services (ADR 0040): the list with the state centres' occupancy, the
admission and leaving forms, the centres, and the figures of a year. Thin: parse, call one service or
selector, render; a page showing persons writes the read's audit row."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.accounts.web import actor, staff_view
from komek.common import lists, xlsx
from komek.common.models import KatoUnit
from komek.common.validation import today
from komek.common.web import submit
from komek.registry.selectors import read_persons
from komek.rehabilitation import choices
from komek.rehabilitation.filters import StayFilters
from komek.rehabilitation.forms.stays import CentreForm, FiguresForm, StayAdmitForm, StayLeaveForm
from komek.rehabilitation.models import Institution
from komek.rehabilitation.selectors import stay_queue as queue_selectors
from komek.rehabilitation.selectors import stays as selectors
from komek.rehabilitation.selectors.cards import social_workers
from komek.rehabilitation.services import special as services
from komek.rehabilitation.views.care import _form_page

C = Capability
OBJECT = "rehabilitation.specialstay"


def _day(raw: str) -> dt.date:
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        return today()


def _export(request: HttpRequest, user: Any, listing: lists.Listing) -> HttpResponse | None:
    rows = lists.exported(listing)
    if rows is None:
        messages.error(request, lists.too_many_to_export(listing))
        return None
    read_persons(user=user, persons=[s.person for s in rows], object_type=OBJECT, export=True)
    book = xlsx.table_workbook(
        sheet=_("Stays"), title=_("Stays in special social services"),
        header=[_("IIN"), _("Full name"), _("Service"), _("Centre or NGO's project"), _("admitted on"),
                _("left on")],
        rows=[(s.person.iin, s.person.full_name, s.get_service_display(), s.provider_name, s.admitted_on,
               s.left_on) for s in rows],
        widths={"A": 14, "B": 35, "C": 40, "D": 45, "E": 12, "F": 12},
    )  # fmt: skip
    return xlsx.download(book, "special-stays.xlsx")


@require_GET
@staff_view(C.REHAB_VIEW)
def stays(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    on = _day(request.GET.get("on", ""))
    listing = None
    if policy.can(user, C.PERSON_VIEW):
        listing = lists.listing(
            request, StayFilters, selectors.stays_listed(user), defaults={"sort": "-admitted"}, user=user
        )
        if lists.wants_xlsx(request):
            found = _export(request, user, listing)
            if found is not None:
                return found
        read_persons(user=user, persons=[s.person for s in listing.rows], object_type=OBJECT)
    context = {
        "listing": listing,
        "on": on,
        "centres": selectors.centres(user, on),
        "projects": selectors.projects(user).order_by("-year", "service", "provider"),
        "services": choices.SpecialService.choices,
        "can_manage": policy.can(user, C.REHAB_MANAGE),
    }
    return render(request, "rehabilitation/stays.html", context)


def provider_of(user: Any, service: str, choice: str) -> dict[str, Any]:
    """The chosen provider (``institution:<pk>`` or ``project:<pk>``) of the user's territory."""
    kind, _sep, pk = choice.partition(":")
    if kind == "institution":
        return {"institution": Institution.objects.filter(policy.territory_q(user, "kato"), pk=pk).first()}
    return {"project": selectors.projects(user, service).filter(pk=pk).first()}


def providers(user: Any, service: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    profile = choices.SERVICE_PROFILE.get(service)
    if profile is not None:
        centres = Institution.objects.filter(policy.territory_q(user, "kato"), profile=profile)
        found += [(f"institution:{c.pk}", c.name) for c in centres.order_by("name")]
    projects = selectors.projects(user, service).order_by("-year", "provider")
    found += [(f"project:{p.pk}", f"{p.provider} · {p.year}") for p in projects]
    return found


@require_http_methods(["GET", "POST"])
@staff_view(C.REHAB_MANAGE)
def stay_new(request: HttpRequest, service: str) -> HttpResponse:
    if service not in choices.SpecialService.values:
        raise Http404(_("No such service."))
    user = actor(request)
    workers = social_workers(user)
    form = StayAdmitForm(request.POST or None, providers=providers(user, service), workers=workers)
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        provider = provider_of(user, service, d.pop("provider"))
        d["specialist"] = next((w for w in workers if w.pk == d["specialist"]), None)
        ok, stay = submit(form, lambda: services.stay_admit(actor=user, service=service, **provider, **d))
        if ok and stay is not None:
            return _admitted(request, user, stay)
    context = {"form": form, "title": _("Admission"), "subtitle": str(choices.SpecialService(service).label)}
    return render(request, "rehabilitation/simple_form.html", context)


def _admitted(request: HttpRequest, user: Any, stay: Any) -> HttpResponse:
    """Back to the list with what happened: admitted, or placed in the queue of a full centre; an
    NGO's project beyond its plan of persons is told (the plan is not a limit: ADR 0045)."""
    if stay.status == choices.StayStatus.WAITING:
        messages.warning(
            request,
            _("Every bed of %(centre)s is taken: %(name)s is placed in the queue (place %(place)d).")
            % {
                "centre": stay.provider_name,
                "name": stay.person.full_name,
                "place": queue_selectors.places([stay])[stay.pk],
            },
        )
        return redirect(f"{reverse('rehabilitation:stay_queue')}?service={stay.service}")
    messages.success(request, _("The admission is recorded."))
    over = selectors.project_over_plan(user, stay)
    if over is not None:
        messages.warning(
            request,
            _("The project has served %(served)d persons in %(year)d, beyond its plan of %(plan)d.")
            % {"served": over[0], "year": stay.project.year, "plan": over[1]},
        )
    return redirect(f"{reverse('rehabilitation:stays')}?service={stay.service}")


@require_http_methods(["GET", "POST"])
@staff_view(C.REHAB_MANAGE)
def stay_leave(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    stay = selectors.stay_visible(user, pk)
    if stay is None:
        raise Http404(_("No such stay."))
    read_persons(user=user, persons=[stay.person], object_type=OBJECT)
    return _form_page(
        request,
        StayLeaveForm(request.POST or None, initial={"left_on": today()}),
        lambda d: services.stay_leave(actor=user, stay_id=stay.pk, **d),
        title=_("Leaving"),
        subtitle=f"{stay.person.full_name} · {stay.get_service_display()} · {stay.provider_name}",
        done=_("The leaving is recorded."),
        back=redirect("rehabilitation:stays"),
    )


@require_http_methods(["GET", "POST"])
@staff_view(C.REHAB_MANAGE)
def centre_new(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    unit = user.units.order_by("code").first()
    if unit is None:
        raise Http404(_("Your account has no territorial unit."))
    return _form_page(
        request,
        CentreForm(request.POST or None),
        lambda d: services.centre_create(actor=user, kato=unit.code, **d),
        title=_("Register a state centre"),
        done=_("The centre is registered."),
        back=redirect("rehabilitation:stays"),
    )


@require_GET
@staff_view(C.REHAB_VIEW)
def figures(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    year_now = today().year
    choose = FiguresForm(request.GET or None, actor=user, initial={"year": year_now})
    units = choose.fields["kato"].choices  # type: ignore[attr-defined]
    year, code = year_now, (units[0][0] if units else "")
    if choose.is_valid():
        year, code = choose.cleaned_data["year"], choose.cleaned_data["kato"]
    unit = KatoUnit.objects.filter(code=code).first()
    rows = []
    if unit is not None:
        found = selectors.service_figures(actor=user, year=year, prefix=unit.prefix)
        beds = {r.service: r.beds for r in found}
        queues = queue_selectors.queue_figures(actor=user, year=year, prefix=unit.prefix, beds=beds)
        rows = [(r, queues[r.service]) for r in found]
    if request.GET.get("format") == "xlsx":
        title = f"{_('Special social services by stays')} · {unit.name if unit else ''} · {year}"
        book = xlsx.table_workbook(
            sheet=_("Special services"), title=title,
            header=[_("Service"), _("Persons served"), _("Plan, people"), _("Plan, tenge"), _("beds"),
                    _("Occupancy, %"), _("Waiting at the end of the year"), _("Admitted from the queue"),
                    _("Average wait, days")],
            rows=[(r.label, r.persons, r.planned_people, r.planned_amount, r.beds, q.occupancy, q.waiting,
                   q.from_queue, q.average_wait) for r, q in rows],
            widths={"A": 55, "B": 14, "C": 14, "D": 16, "E": 10, "F": 12, "G": 14, "H": 14, "I": 14},
        )  # fmt: skip
        return xlsx.download(book, f"special-stays-{year}.xlsx")
    context = {"choose": choose, "rows": rows, "year": year, "unit": unit, "query": request.GET.urlencode()}
    return render(request, "rehabilitation/stay_figures.html", context)
