"""The rules pages: programmes in force, parameters, council decisions, a family's entitlements and
the simulation of a reform. Thin: parse, call one service or selector, render."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from komek.accounts.roles import Capability
from komek.common.audit import client_ip
from komek.common.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from komek.common.web import actor, is_htmx, staff_view, submit
from komek.legislation import loader
from komek.legislation.chart import bar_chart
from komek.legislation.forms import (
    ConditionRowForm,
    DateForm,
    DecisionForm,
    ParameterValueForm,
    RetireForm,
    SimulationForm,
    condition_rows,
    decision_spec,
)
from komek.legislation.models import ProgrammeVersion
from komek.legislation.selectors import (
    family_entitlements,
    parameter_overview,
    programme_decisions,
    programmes_in_force,
    simulation_run,
    simulation_units,
)
from komek.legislation.services import parameter_value_add, programme_version_add, programme_version_retire
from komek.rules.catalogue import VARIABLES
from komek.rules.computed import COMPUTED
from komek.rules.engine import Engine
from komek.rules.errors import RulesError
from komek.rules.reform import Reform, read_reform, shipped_reforms

MAX_REFORM_BYTES = 256 * 1024
NBSP = "\u00a0"


def _language() -> str:
    return (get_language() or "ru")[:2]


def _date_form(request: HttpRequest) -> tuple[DateForm, dt.date]:
    """The date a page shows (today unless the user chose another) and its form, filled in."""
    today = timezone.localdate()
    form = DateForm(request.GET or None, initial={"on": today})
    on = form.day(today)
    return DateForm({"on": on.isoformat()}), on


@require_GET
@staff_view(Capability.RULES_VIEW)
def programme_list(request: HttpRequest) -> HttpResponse:
    form, on = _date_form(request)
    views = programmes_in_force(user=actor(request), on=on)
    return render(request, "legislation/programme_list.html", {"form": form, "on": on, "views": views})


@require_GET
@staff_view(Capability.RULES_VIEW)
def parameter_list(request: HttpRequest) -> HttpResponse:
    form, on = _date_form(request)
    rows = parameter_overview(user=actor(request), on=on, language=_language())
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
    version = get_object_or_404(ProgrammeVersion.objects.select_related("kato"), pk=pk)
    form = RetireForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, _retirement = submit(
            form, lambda: programme_version_retire(actor=actor(request), version=version, **form.cleaned_data)
        )
        if ok:
            messages.success(request, _("The decision is retired."))
            return redirect("legislation:decision_list")
    return render(request, "legislation/decision_retire.html", {"form": form, "version": version})


@require_GET
@staff_view(Capability.RULES_VIEW)
def family_view(request: HttpRequest, pk: int) -> HttpResponse:
    form, on = _date_form(request)
    entitlements = family_entitlements(
        user=actor(request), family_id=pk, on=on, language=_language(), ip_address=client_ip(request)
    )
    programmes = sorted(
        entitlements.result["programmes"].items(), key=lambda item: (not item[1]["eligible"], item[0])
    )
    return render(
        request,
        "legislation/family_entitlements.html",
        {"form": form, "on": on, "e": entitlements, "family": entitlements.family, "programmes": programmes},
    )


@require_http_methods(["GET", "POST"])
@staff_view(Capability.SIMULATE)
def simulate_view(request: HttpRequest) -> HttpResponse:
    engine = loader.application_engine()
    language = _language()
    shipped = shipped_reforms(engine)
    units = simulation_units(user=actor(request))
    choices = [(u.code, f"{NBSP * 2 * (u.level - 1)}{u.name} · {u.code}") for u in units]
    today = timezone.localdate()
    initial = {
        "reform": "poverty_line_50_today",
        "month": today.replace(day=1),
        "kato": units[0].code if units else "",
    }
    form = SimulationForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        reforms=[(name, r.title(language)) for name, r in shipped.items()],
        units=choices,
    )
    report = None
    charts: list[object] = []
    if request.method == "POST" and form.is_valid():
        try:
            reform = _chosen_reform(form, engine, shipped)
            report = simulation_run(
                user=actor(request),
                reform=reform,
                month=form.cleaned_data["month"],
                kato=form.cleaned_data["kato"],
            )
        except RulesError as exc:
            form.add_error("upload" if form.cleaned_data.get("upload") else "reform", str(exc))
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
    data = report.as_dict(language) if report is not None else None
    if data is not None:
        charts = [bar_chart(data["programmes"]), bar_chart(data["programmes"], metric="cost")]
    context = {"form": form, "data": data, "charts": charts, "shipped": shipped, "language": language}
    if is_htmx(request):
        return render(request, "legislation/_simulation_result.html", context)
    return render(request, "legislation/simulate.html", context)


def _chosen_reform(form: SimulationForm, engine: Engine, shipped: dict[str, Reform]) -> Reform:
    upload = form.cleaned_data.get("upload")
    if not upload:
        return shipped[form.cleaned_data["reform"]]
    if upload.size is None or upload.size > MAX_REFORM_BYTES:
        raise RulesError(_("The reform file is larger than 256 KB."))
    try:
        text = upload.read().decode("utf-8")
    except UnicodeDecodeError:
        raise RulesError(_("The reform file is not UTF-8 text.")) from None
    return read_reform(text, engine, source=(upload.name or "reform.yaml")[-100:])
