"""Finding, opening, registering and correcting persons."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from komek.accounts.choices import Capability
from komek.accounts.web import actor, staff_view
from komek.common.audit import client_ip
from komek.common.web import is_htmx, submit
from komek.registry.forms import PersonEditForm, PersonForm, PersonSearchForm
from komek.registry.selectors import person_card, person_search
from komek.registry.services.persons import person_create, person_update
from komek.registry.views._lookup import visible_person


@require_GET
@staff_view(Capability.PERSON_VIEW)
def person_search_view(request: HttpRequest) -> HttpResponse:
    form = PersonSearchForm(request.GET)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    results = person_search(user=actor(request), query=query)
    context = {"form": form, "query": query, "results": results}
    if is_htmx(request):
        return render(request, "registry/_person_results.html", context)
    return render(request, "registry/person_search.html", context)


@require_GET
@staff_view(Capability.PERSON_VIEW)
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    card = person_card(user=actor(request), person_id=pk, ip_address=client_ip(request))
    today = timezone.localdate()
    active = card.active_statuses(today)
    other = [s for s in card.statuses if s not in active]
    return render(
        request,
        "registry/person_detail.html",
        {
            "card": card,
            "person": card.person,
            "active_statuses": active,
            "other_statuses": other,
            "today": today,
        },
    )


@require_http_methods(["GET", "POST"])
@staff_view(Capability.PERSON_EDIT)
def person_create_view(request: HttpRequest) -> HttpResponse:
    form = PersonForm(request.POST or None, user=actor(request))
    if request.method == "POST" and form.is_valid():
        ok, person = submit(form, lambda: person_create(actor=actor(request), **form.service_kwargs()))
        if ok and person is not None:
            messages.success(request, _("%(name)s is registered.") % {"name": person.full_name})
            return redirect("registry:person_detail", pk=person.pk)
    return render(request, "registry/person_form.html", {"form": form, "creating": True})


@require_http_methods(["GET", "POST"])
@staff_view(Capability.PERSON_EDIT)
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = visible_person(actor(request), pk)
    form = PersonEditForm(request.POST or None, user=actor(request), person=person)
    if request.method == "POST" and form.is_valid():
        kwargs = form.service_kwargs()
        ok, _person = submit(
            form,
            lambda: person_update(
                actor=actor(request), person=person, reason=kwargs["reason"], **kwargs["fields"]
            ),
        )
        if ok:
            messages.success(request, _("The changes are saved."))
            return redirect("registry:person_detail", pk=person.pk)
    return render(request, "registry/person_form.html", {"form": form, "person": person, "creating": False})
