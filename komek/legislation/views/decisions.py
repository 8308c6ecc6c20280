"""Council decisions: entering one with its conditions, the list, retiring one."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from komek.accounts.choices import Capability
from komek.accounts.web import actor, staff_view
from komek.common.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from komek.common.web import is_htmx, submit
from komek.legislation import loader
from komek.legislation.forms import (
    ConditionRowForm,
    DecisionForm,
    RetireForm,
    condition_rows,
    decision_spec,
)
from komek.legislation.selectors import (
    decision_to_retire,
    programme_decisions,
)
from komek.legislation.services.decisions import programme_version_add, programme_version_retire
from komek.rules.catalogue import VARIABLES
from komek.rules.computed import COMPUTED


@require_http_methods(["GET", "POST"])
@staff_view(Capability.RULES_EDIT)
def decision_add(request: HttpRequest) -> HttpResponse:
    if is_htmx(request) and request.GET.get("row"):
        # "Add a condition": one more empty row, appended by HTMX.
        return render(request, "legislation/_condition_row.html", {"row": ConditionRowForm(), "index": ""})
    form = DecisionForm(request.POST or None, user=actor(request))
    rows = condition_rows(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        valid = all([row.is_valid() for row in rows])  # every row validated, so every row shows its errors
        if form.is_valid() and valid:
            try:
                version = programme_version_add(actor=actor(request), spec=decision_spec(form, rows))
            except DomainError as exc:
                _attach(form, rows, exc)
            else:
                messages.success(
                    request, _("The council's decision %(code)s is saved.") % {"code": version.code}
                )
                return redirect("legislation:decision_list")
    engine = loader.application_engine()
    context = {
        "form": form,
        "rows": rows,
        "variables": sorted(VARIABLES.values(), key=lambda v: v.name),
        "parameters": sorted(engine.parameters.names | set(COMPUTED)),
    }
    return render(request, "legislation/decision_form.html", context)


def _attach(form: DecisionForm, rows: list[ConditionRowForm], exc: DomainError) -> None:
    """Show the service's refusal where it belongs: ``condition_<i>`` at the expression of row i.

    A refusal of the territory that names no field of the form is a 403 page, as ``submit`` does.
    """
    if isinstance(exc, PermissionDenied | NotFound) and exc.field not in form.fields:
        raise exc
    errors = exc.errors if isinstance(exc, ValidationFailed) else {exc.field or "": [str(exc.message)]}
    for field, messages_ in errors.items():
        index = int(field.split("_", 1)[1]) if field.startswith("condition_") else None
        if index is not None and index < len(rows):
            rows[index].add_error("expression", [str(m) for m in messages_])
        else:
            form.add_error(field if field in form.fields else None, [str(m) for m in messages_])


@require_GET
@staff_view(Capability.RULES_VIEW)
def decision_list(request: HttpRequest) -> HttpResponse:
    versions = programme_decisions(user=actor(request))
    return render(request, "legislation/decision_list.html", {"versions": versions})


@require_http_methods(["GET", "POST"])
@staff_view(Capability.RULES_EDIT)
def decision_retire(request: HttpRequest, pk: int) -> HttpResponse:
    version = decision_to_retire(user=actor(request), version_id=pk)
    form = RetireForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, _retirement = submit(
            form, lambda: programme_version_retire(actor=actor(request), version=version, **form.cleaned_data)
        )
        if ok:
            messages.success(request, _("The decision is retired."))
            return redirect("legislation:decision_list")
    return render(request, "legislation/decision_retire.html", {"form": form, "version": version})
