"""Recording a person's monthly incomes and statuses (disability, pension, ...)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from komek.accounts.choices import Capability
from komek.accounts.web import actor, staff_view
from komek.common.web import is_htmx, submit
from komek.registry.forms import IncomeForm, StatusForm
from komek.registry.services.incomes import income_record
from komek.registry.services.statuses import status_add
from komek.registry.views._lookup import visible_person


@require_http_methods(["GET", "POST"])
@staff_view(Capability.INCOME_EDIT)
def income_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = visible_person(actor(request), pk)
    form = IncomeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, _income = submit(
            form, lambda: income_record(actor=actor(request), person=person, **form.cleaned_data)
        )
        if ok:
            messages.success(request, _("The income is recorded."))
            if "add_another" in request.POST:
                return redirect("registry:income_add", pk=person.pk)
            return redirect("registry:person_detail", pk=person.pk)
    return render(request, "registry/income_form.html", {"form": form, "person": person})


@require_http_methods(["GET", "POST"])
@staff_view(Capability.STATUS_EDIT)
def status_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    person = visible_person(actor(request), pk)
    if request.method == "GET" and is_htmx(request):
        # The status kind changed: re-render its categories (and the cause, for disability only).
        form = StatusForm(initial={"kind": request.GET.get("kind", "")})
        return render(request, "registry/_status_subtype.html", {"form": form})
    form = StatusForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("indefinite")
        ok, _status = submit(form, lambda: status_add(actor=actor(request), person=person, **data))
        if ok:
            messages.success(request, _("The status is recorded."))
            return redirect("registry:person_detail", pk=person.pk)
    return render(request, "registry/status_form.html", {"form": form, "person": person})
