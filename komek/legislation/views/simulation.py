"""Simulating a reform over the registry of a territory, with its bar charts."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from komek.accounts.choices import Capability
from komek.accounts.web import actor, staff_view
from komek.common.errors import DomainError
from komek.common.web import is_htmx
from komek.legislation import loader
from komek.legislation.forms import (
    SimulationForm,
)
from komek.legislation.selectors import (
    simulation_run,
    simulation_units,
)
from komek.legislation.views._common import current_language
from komek.legislation.views.chart import bar_chart
from komek.rules.engine import Engine
from komek.rules.errors import RulesError
from komek.rules.reform import Reform, read_reform, shipped_reforms

MAX_REFORM_BYTES = 256 * 1024
NBSP = "\u00a0"


@require_http_methods(["GET", "POST"])
@staff_view(Capability.SIMULATE)
def simulate_view(request: HttpRequest) -> HttpResponse:
    engine = loader.application_engine()
    language = current_language()
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
