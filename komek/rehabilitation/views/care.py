"""Special social services and queue applications: thin views over one service call each."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from komek.accounts.choices import Capability
from komek.accounts.web import actor, staff_view
from komek.common.errors import DomainError, NotFound
from komek.common.web import submit
from komek.rehabilitation import choices
from komek.rehabilitation.districts import district_of
from komek.rehabilitation.forms.care import (
    AdmitForm,
    CareEnrolForm,
    CareStartForm,
    DepartForm,
    PlacementForm,
    ProjectForm,
    ServeForm,
    VisitForm,
)
from komek.rehabilitation.forms.queues import ApplyForm
from komek.rehabilitation.models import Entitlement, Institution, Placement
from komek.rehabilitation.selectors.cards import (
    care_enrolment_visible,
    person_by_iin,
    placement_visible,
    projects_visible,
    social_workers,
    visible_person,
)
from komek.rehabilitation.services import care as care_services
from komek.rehabilitation.services.queues import queue_apply


def _form_page(
    request: HttpRequest,
    form: forms.Form,
    action: Callable[[dict[str, Any]], object],
    *,
    title: str,
    done: str,
    back: HttpResponse,
    person: Any = None,
    subtitle: str = "",
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        ok, _result = submit(form, lambda: action(form.cleaned_data))
        if ok:
            messages.success(request, done)
            return back
    context = {"form": form, "title": title, "person": person, "subtitle": subtitle}
    return render(request, "rehabilitation/simple_form.html", context)


@require_http_methods(["GET", "POST"])
@staff_view(Capability.REHAB_MANAGE)
def apply_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    person = visible_person(user, pk)
    entitlements = list(
        Entitlement.objects.filter(person=person, kind__in=choices.QUEUE_KINDS).select_related("ipr")
    )
    form = ApplyForm(request.POST or None, entitlements=entitlements)

    def act(d: dict[str, Any]) -> object:
        entitlement = next(e for e in entitlements if e.pk == d["entitlement"])
        return queue_apply(actor=user, entitlement=entitlement, applied_on=d["applied_on"])

    back = redirect("rehabilitation:person", pk=person.pk)
    return _form_page(
        request,
        form,
        act,
        title=_("Application for an aid"),
        done=_("The person is in the queue."),
        back=back,
        person=person,
    )


@require_http_methods(["GET", "POST"])
@staff_view(Capability.REHAB_MANAGE)
def care_start(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    enrolment = care_enrolment_visible(user, pk)
    if enrolment is None:
        raise Http404(_("No such client."))
    person = visible_person(user, enrolment.person_id)
    workers = social_workers(user)

    def act(d: dict[str, Any]) -> object:
        worker = next((w for w in workers if w.pk == d["social_worker"]), None)
        return care_services.care_start(
            actor=user, enrolment=enrolment, started_on=d["started_on"], social_worker=worker
        )

    return _form_page(
        request,
        CareStartForm(request.POST or None, workers=workers),
        act,
        title=_("Take on for the service"),
        subtitle=enrolment.get_setting_display(),
        done=_("The person is taken on."),
        back=redirect("rehabilitation:care"),
        person=person,
    )


@require_http_methods(["GET", "POST"])
@staff_view(Capability.REHAB_MANAGE)
def care_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    person = visible_person(user, pk)
    workers = social_workers(user)
    form = CareEnrolForm(request.POST or None, workers=workers)

    def act(d: dict[str, Any]) -> object:
        worker = next((w for w in workers if w.pk == d.pop("social_worker")), None)
        return care_services.care_enrol(actor=user, person=person, social_worker=worker, **d)

    back = redirect("rehabilitation:person", pk=person.pk)
    return _form_page(
        request,
        form,
        act,
        title=_("Enrol in special social services"),
        done=_("The person is enrolled."),
        back=back,
        person=person,
    )


@require_http_methods(["GET", "POST"])
@staff_view(Capability.REHAB_MANAGE)
def placement_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    person = visible_person(user, pk)
    form = PlacementForm(request.POST or None)
    back = redirect("rehabilitation:person", pk=person.pk)
    return _form_page(
        request,
        form,
        lambda d: care_services.placement_apply(actor=user, person=person, **d),
        title=_("Application for a medical-social institution"),
        done=_("The person is in the placement queue."),
        back=back,
        person=person,
    )


@require_http_methods(["GET", "POST"])
@staff_view(Capability.REHAB_MANAGE)
def visit_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    enrolment = care_enrolment_visible(user, pk)
    if enrolment is None:
        raise Http404(_("No such client."))
    person = visible_person(user, enrolment.person_id)
    back = redirect("rehabilitation:care")
    return _form_page(
        request,
        VisitForm(request.POST or None),
        lambda d: care_services.care_visit_record(actor=user, enrolment=enrolment, **d),
        title=_("Record a home visit"),
        done=_("The visit is recorded."),
        back=back,
        person=person,
    )


def _placement(request: HttpRequest, pk: int) -> Placement:
    found = placement_visible(actor(request), pk)
    if found is None:
        raise Http404(_("No such placement."))
    visible_person(actor(request), found.person_id)  # the page names the person: an audited read
    return found


@require_http_methods(["GET", "POST"])
@staff_view(Capability.REHAB_MANAGE)
def placement_admit(request: HttpRequest, pk: int) -> HttpResponse:
    user, placement = actor(request), _placement(request, pk)
    form = AdmitForm(request.POST or None, institutions=Institution.objects.filter(profile=placement.profile))
    return _form_page(
        request,
        form,
        lambda d: care_services.placement_admit(actor=user, placement=placement, **d),
        title=_("Admission"),
        done=_("The admission is recorded."),
        back=redirect("rehabilitation:care"),
        person=placement.person,
    )


@require_http_methods(["GET", "POST"])
@staff_view(Capability.REHAB_MANAGE)
def placement_depart(request: HttpRequest, pk: int) -> HttpResponse:
    user, placement = actor(request), _placement(request, pk)
    return _form_page(
        request,
        DepartForm(request.POST or None),
        lambda d: care_services.placement_depart(actor=user, placement=placement, **d),
        title=_("Departure"),
        done=_("The departure is recorded."),
        back=redirect("rehabilitation:care"),
        person=placement.person,
    )


@require_http_methods(["GET", "POST"])
@staff_view(Capability.REHAB_MANAGE)
def project_new(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    unit = user.units.order_by("code").first()
    if unit is None:
        raise Http404(_("Your account has no territorial unit."))
    return _form_page(
        request,
        ProjectForm(request.POST or None),
        lambda d: care_services.project_create(actor=user, district=district_of(unit.code), **d),
        title=_("Register a social-order project"),
        done=_("The project is registered."),
        back=redirect("rehabilitation:care"),
    )


@require_http_methods(["GET", "POST"])
@staff_view(Capability.REHAB_MANAGE)
def project_serve(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    project = projects_visible(user).filter(pk=pk).first()
    if project is None:
        raise Http404(_("No such project."))

    def act(d: dict[str, Any]) -> object:
        try:
            person = person_by_iin(user, d["iin"])
        except NotFound as exc:
            raise DomainError(exc.message, field="iin") from None
        return care_services.project_serve(actor=user, project=project, person=person, on=d["on"])

    return _form_page(
        request,
        ServeForm(request.POST or None),
        act,
        title=_("Person served by the project"),
        subtitle=project.title,
        done=_("The person is counted."),
        back=redirect("rehabilitation:care"),
    )
