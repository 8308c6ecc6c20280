"""A person's rehabilitation: the card, entering an IPR, issuing an aid, hours, the IPR import."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.accounts.web import actor, staff_view
from komek.common.audit import client_ip
from komek.common.errors import DomainError, NotFound
from komek.common.web import submit
from komek.rehabilitation import choices
from komek.rehabilitation.forms.persons import HoursForm, IinForm, ImportForm, IprForm, IssueForm
from komek.rehabilitation.models import ContractLine, Entitlement
from komek.rehabilitation.selectors.cards import contract_lines, person_by_iin, rehab_card, visible_person
from komek.rehabilitation.selectors.queues import queue_sizes
from komek.rehabilitation.services.ipr import IprInput, ipr_create
from komek.rehabilitation.services.ipr_import import IprImportRejected, ipr_import
from komek.rehabilitation.services.supply import issue_record
from komek.rehabilitation.services.vouchers_hours import hours_record


@require_http_methods(["GET"])
@staff_view(Capability.REHAB_VIEW)
def index(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    form = IinForm(request.GET or None)
    if request.GET and form.is_valid() and policy.can(user, Capability.PERSON_VIEW):
        try:
            return redirect("rehabilitation:person", pk=person_by_iin(user, form.cleaned_data["iin"]).pk)
        except NotFound as exc:
            form.add_error("iin", str(exc))
    sizes = queue_sizes(user=user)
    queues = [
        (kind, sizes.get(kind.value, 0)) for kind in choices.AidKind if kind.value in choices.QUEUE_KINDS
    ]
    return render(request, "rehabilitation/index.html", {"form": form, "queues": queues})


@require_http_methods(["GET"])
@staff_view(Capability.REHAB_VIEW)
def person(request: HttpRequest, pk: int) -> HttpResponse:
    card = rehab_card(user=actor(request), person_id=pk, ip_address=client_ip(request))
    return render(request, "rehabilitation/person.html", {"card": card, "person": card.person})


@require_http_methods(["GET", "POST"])
@staff_view(Capability.REHAB_MANAGE)
def ipr_new(request: HttpRequest, pk: int) -> HttpResponse:
    person = visible_person(actor(request), pk)
    form = IprForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        data = IprInput(
            person=person,
            number=d["number"],
            issued_on=d["issued_on"],
            valid_from=d["valid_from"],
            valid_to=d["valid_to"],
            applied_on=d["applied_on"],
            provisions=form.provisions(),
        )
        ok, _ipr = submit(form, lambda: ipr_create(actor=actor(request), data=data))
        if ok:
            messages.success(request, _("The IPR is recorded."))
            return redirect("rehabilitation:person", pk=person.pk)
    return render(request, "rehabilitation/ipr_form.html", {"form": form, "person": person})


@require_http_methods(["GET", "POST"])
@staff_view(Capability.REHAB_MANAGE)
def issue_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    person = visible_person(user, pk)
    lines = [line for line in contract_lines(user) if line.kind in choices.ITEM_KINDS]
    form = IssueForm(request.POST or None, lines=lines)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        line = ContractLine.objects.filter(pk=d["line"], id__in=[x.pk for x in lines]).first()
        if line is None:
            raise NotFound(_("No such contract line."))
        ok, _issue = submit(
            form,
            lambda: issue_record(
                actor=user,
                person=person,
                line=line,
                issued_on=d["issued_on"],
                quantity=d["quantity"],
                serial_number=d["serial_number"],
                receipt_signed=d["receipt_signed"],
            ),
        )
        if ok:
            messages.success(request, _("The issue is recorded."))
            return redirect("rehabilitation:person", pk=person.pk)
    return render(
        request,
        "rehabilitation/simple_form.html",
        {"form": form, "person": person, "title": _("Issue an aid")},
    )


@require_http_methods(["GET", "POST"])
@staff_view(Capability.REHAB_MANAGE)
def hours_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    person = visible_person(user, pk)
    entitlements = list(Entitlement.objects.filter(person=person, kind__in=choices.HOURS_KINDS))
    form = HoursForm(request.POST or None, entitlements=entitlements)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        entitlement = next(e for e in entitlements if e.pk == d["entitlement"])
        ok, _rec = submit(
            form,
            lambda: hours_record(
                actor=user, entitlement=entitlement, month=d["month"], planned=d["planned"], given=d["given"]
            ),
        )
        if ok:
            messages.success(request, _("The hours are recorded."))
            return redirect("rehabilitation:person", pk=person.pk)
    return render(
        request,
        "rehabilitation/simple_form.html",
        {"form": form, "person": person, "title": _("Record hours")},
    )


@require_http_methods(["GET", "POST"])
@staff_view(Capability.REHAB_MANAGE)
def import_iprs(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    result, errors = None, []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = ipr_import(
                actor=actor(request),
                content=upload.read(),
                file_name=upload.name,
                all_or_nothing=not form.cleaned_data["valid_rows_in"],
            )
            errors = result.errors
        except IprImportRejected as exc:
            errors = exc.errors
            form.add_error(None, str(exc))
        except DomainError as exc:
            form.add_error("file", str(exc))
    return render(request, "rehabilitation/import.html", {"form": form, "result": result, "errors": errors})
