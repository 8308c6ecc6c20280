"""Programmes and parameters in force, entering a parameter value, a family's entitlements."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from komek.accounts.choices import Capability
from komek.accounts.web import actor, staff_view
from komek.common.audit import client_ip
from komek.common.web import submit
from komek.legislation import loader
from komek.legislation.forms import (
    ParameterValueForm,
)
from komek.legislation.selectors import (
    family_entitlements,
    parameter_overview,
    programmes_in_force,
)
from komek.legislation.services.parameters import parameter_value_add
from komek.legislation.views._common import current_language, date_form


@require_GET
@staff_view(Capability.RULES_VIEW)
def programme_list(request: HttpRequest) -> HttpResponse:
    form, on = date_form(request)
    views = programmes_in_force(user=actor(request), on=on)
    return render(request, "legislation/programme_list.html", {"form": form, "on": on, "views": views})


@require_GET
@staff_view(Capability.RULES_VIEW)
def parameter_list(request: HttpRequest) -> HttpResponse:
    form, on = date_form(request)
    rows = parameter_overview(user=actor(request), on=on, language=current_language())
    return render(request, "legislation/parameter_list.html", {"form": form, "on": on, "rows": rows})


@require_http_methods(["GET", "POST"])
@staff_view(Capability.RULES_EDIT)
def parameter_add(request: HttpRequest) -> HttpResponse:
    initial = {"name": request.GET.get("name", "")}
    form = ParameterValueForm(request.POST or None, user=actor(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        ok, record = submit(form, lambda: parameter_value_add(actor=actor(request), **form.cleaned_data))
        if ok and record is not None:
            messages.success(
                request,
                _("%(name)s = %(value)s from %(date)s is saved.")
                % {
                    "name": record.name,
                    "value": record.value.normalize(),
                    "date": record.valid_from.strftime("%d.%m.%Y"),
                },
            )
            return redirect("legislation:parameter_list")
    names = sorted(loader.application_engine().parameters.names)
    return render(request, "legislation/parameter_form.html", {"form": form, "names": names})


@require_GET
@staff_view(Capability.RULES_VIEW)
def family_view(request: HttpRequest, pk: int) -> HttpResponse:
    form, on = date_form(request)
    entitlements = family_entitlements(
        user=actor(request), family_id=pk, on=on, language=current_language(), ip_address=client_ip(request)
    )
    programmes = sorted(
        entitlements.result["programmes"].items(), key=lambda item: (not item[1]["eligible"], item[0])
    )
    return render(
        request,
        "legislation/family_entitlements.html",
        {"form": form, "on": on, "e": entitlements, "family": entitlements.family, "programmes": programmes},
    )
