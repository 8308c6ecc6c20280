"""The queues and caseloads of the stays in special social services (ADR 0045): the queue list, the
application, the admission from the queue, the cancellation, the correction of a stay and the
caseload of a specialist or a centre. Thin: parse, call one service or selector, render; a page
showing persons writes the read's audit row."""

from __future__ import annotations

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
from komek.common.validation import today
from komek.registry.selectors import read_persons
from komek.rehabilitation import choices
from komek.rehabilitation.filters import QueueFilters
from komek.rehabilitation.forms.stays import QueueAdmitForm, StayApplyForm, StayCancelForm, StayCorrectForm
from komek.rehabilitation.selectors import stay_queue as selectors
from komek.rehabilitation.selectors.cards import social_workers
from komek.rehabilitation.selectors.stays import centres, stay_visible
from komek.rehabilitation.services import stay_queue as services
from komek.rehabilitation.views.care import _form_page
from komek.rehabilitation.views.stays import OBJECT, provider_of, providers

C = Capability


def _export(request: HttpRequest, user: Any, listing: lists.Listing) -> HttpResponse | None:
    rows = lists.exported(listing)
    if rows is None:
        messages.error(request, lists.too_many_to_export(listing))
        return None
    read_persons(user=user, persons=[s.person for s in rows], object_type=OBJECT, export=True)
    place = selectors.places(rows)
    book = xlsx.table_workbook(
        sheet=_("Queue"), title=_("Queues of the special social services"),
        header=[_("Place in the queue"), _("IIN"), _("Full name"), _("Service"), _("District"),
                _("Centre or NGO's project"), _("priority"), _("application date"), _("Status"),
                _("admitted on")],
        rows=[(place.get(s.pk), s.person.iin, s.person.full_name, s.get_service_display(), s.district,
               s.provider_name, s.get_priority_display(), s.applied_on, s.get_status_display(),
               s.admitted_on) for s in rows],
        widths={"B": 14, "C": 35, "D": 40, "F": 45},
    )  # fmt: skip
    return xlsx.download(book, "special-queue.xlsx")


@require_GET
@staff_view(C.REHAB_VIEW)
def queue(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    base = selectors.queue_listed(user).order_by("service", "district", *selectors.ORDER)
    listing = lists.listing(request, QueueFilters, base, defaults={"status": "waiting"}, user=user)
    if lists.wants_xlsx(request):
        found = _export(request, user, listing)
        if found is not None:
            return found
    rows = list(listing.rows)
    place = selectors.places(rows)
    nexts = selectors.next_in_queues(user, today())
    read_persons(
        user=user, persons=[s.person for s in rows] + [n.stay.person for n in nexts], object_type=OBJECT
    )
    context = {
        "listing": listing,
        "rows": [(s, place.get(s.pk)) for s in rows],
        "nexts": nexts,
        "services": choices.SpecialService.choices,
        "can_manage": policy.can(user, C.REHAB_MANAGE),
    }
    return render(request, "rehabilitation/stay_queue.html", context)


@require_http_methods(["GET", "POST"])
@staff_view(C.REHAB_MANAGE)
def stay_apply(request: HttpRequest, service: str) -> HttpResponse:
    if service not in choices.SpecialService.values:
        raise Http404(_("No such service."))
    user = actor(request)
    form = StayApplyForm(request.POST or None, providers=providers(user, service))

    def act(d: dict[str, Any]) -> object:
        provider = provider_of(user, service, d.pop("provider"))
        return services.stay_apply(actor=user, service=service, **provider, **d)

    return _form_page(
        request,
        form,
        act,
        title=_("Application: the person waits in the queue"),
        subtitle=str(choices.SpecialService(service).label),
        done=_("The person is in the queue."),
        back=redirect(f"{reverse('rehabilitation:stay_queue')}?service={service}"),
    )


def _visible(user: Any, pk: int) -> Any:
    stay = stay_visible(user, pk)
    if stay is None:
        raise Http404(_("No such stay."))
    read_persons(user=user, persons=[stay.person], object_type=OBJECT)
    return stay


def _worker(workers: list[Any], pk: int | None) -> Any:
    return next((w for w in workers if w.pk == pk), None)


@require_http_methods(["GET", "POST"])
@staff_view(C.REHAB_MANAGE)
def stay_admit_queued(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    stay = _visible(user, pk)
    workers = social_workers(user)
    return _form_page(
        request,
        QueueAdmitForm(request.POST or None, workers=workers, initial={"admitted_on": today()}),
        lambda d: services.stay_admit_waiting(
            actor=user,
            stay_id=stay.pk,
            admitted_on=d["admitted_on"],
            specialist=_worker(workers, d["specialist"]),
        ),
        title=_("Admission from the queue"),
        subtitle=f"{stay.person.full_name} · {stay.get_service_display()} · {stay.provider_name}",
        done=_("The person is admitted from the queue."),
        back=redirect(f"{reverse('rehabilitation:stay_queue')}?service={stay.service}"),
    )


@require_http_methods(["GET", "POST"])
@staff_view(C.REHAB_MANAGE)
def stay_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    stay = _visible(user, pk)
    return _form_page(
        request,
        StayCancelForm(request.POST or None),
        lambda d: services.stay_cancel(actor=user, stay_id=stay.pk, reason=d["reason"]),
        title=_("Cancel the waiting entry"),
        subtitle=f"{stay.person.full_name} · {stay.get_service_display()}",
        done=_("The entry is cancelled."),
        back=redirect(f"{reverse('rehabilitation:stay_queue')}?service={stay.service}"),
    )


@require_http_methods(["GET", "POST"])
@staff_view(C.REHAB_MANAGE)
def stay_correct(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    stay = _visible(user, pk)
    workers = social_workers(user)
    current = f"institution:{stay.institution_id}" if stay.institution_id else f"project:{stay.project_id}"
    initial = {
        "provider": current,
        "applied_on": stay.applied_on,
        "admitted_on": stay.admitted_on,
        "left_on": stay.left_on,
        "specialist": stay.specialist_id,
    }
    form = StayCorrectForm(
        request.POST or None, providers=providers(user, stay.service), workers=workers, initial=initial
    )

    def act(d: dict[str, Any]) -> object:
        provider = provider_of(user, stay.service, d.pop("provider"))
        d["specialist"] = _worker(workers, d["specialist"])
        return services.stay_correct(actor=user, stay_id=stay.pk, **provider, **d)

    return _form_page(
        request,
        form,
        act,
        title=_("Correct the stay"),
        subtitle=f"{stay.person.full_name} · {stay.get_service_display()}",
        done=_("The stay is corrected."),
        back=redirect("rehabilitation:stays"),
    )


@require_GET
@staff_view(C.REHAB_VIEW)
def caseload(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    workers = social_workers(user)
    centre_list = [row.centre for row in centres(user, today())]

    def chosen(name: str) -> int | None:
        raw = request.GET.get(name, "")
        return int(raw) if raw.isdigit() else None

    specialist_id, centre_id = chosen("specialist"), chosen("centre")
    if specialist_id is None and centre_id is None and any(w.pk == user.pk for w in workers):
        specialist_id = user.pk
    if centre_id is not None and not any(c.pk == centre_id for c in centre_list):
        raise Http404(_("No such centre."))
    load = selectors.caseload(user, specialist_id=specialist_id, centre_id=centre_id, on=today())
    read_persons(user=user, persons=[s.person for s in load.open_stays + load.waiting], object_type=OBJECT)
    context = {
        "workers": workers,
        "centres": centre_list,
        "specialist_id": specialist_id,
        "centre_id": centre_id,
        "load": load,
        "can_manage": policy.can(user, C.REHAB_MANAGE),
    }
    return render(request, "rehabilitation/stay_caseload.html", context)
