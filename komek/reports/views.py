"""The start page (greeting, role and units, quick search, each role's work and figures, the
registry's figures of the territory) and the annual report (page, XLSX, PDF, DOCX).

Read-only: it shows what the contexts below it compute.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from komek.accounts.choices import Capability
from komek.accounts.web import actor, staff_view
from komek.common import xlsx
from komek.common.errors import DomainError, NotFound, PermissionDenied
from komek.common.validation import today
from komek.registry.forms import PersonSearchForm
from komek.reports import documents
from komek.reports.selectors import annual_report, figure_records
from komek.reports.selectors.home import home_page
from komek.reports.selectors.statistics import PERIODS, statistics, statistics_cell

#: The files of the annual report: the format's content type and extension.
FILES = {
    "xlsx": (xlsx.CONTENT_TYPE, "xlsx", documents.report_xlsx),
    "pdf": (documents.PDF_CONTENT_TYPE, "pdf", documents.report_pdf),
    "docx": (documents.DOCX_CONTENT_TYPE, "docx", documents.report_docx),
}


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Greeting, role and units, quick search, and the role's work and figures (each part as the
    access policy allows it), with the registry's figures for the user's territory."""
    user = actor(request)
    page = home_page(actor=user, on=timezone.localdate())
    return render(
        request,
        "reports/home.html",
        {
            "units": list(user.units.all()),
            "search_form": PersonSearchForm(),
            "summary": page.summary,
            "home": page,
        },
    )


@require_GET
@staff_view(Capability.REPORT_VIEW)
def annual(request: HttpRequest) -> HttpResponse:
    """The annual report of a territory of the user for a year: a table per section, or its file
    (``format=xlsx|pdf|docx``). A wrong year or territory is shown on the page; a territory outside
    the user's units is refused (403)."""
    user = actor(request)
    units = list(user.units.order_by("code"))
    raw_year = request.GET.get("year", "").strip()
    year: int | str = int(raw_year) if raw_year.isdigit() else (raw_year or today().year - 1)
    territory = request.GET.get("territory", "").strip() or (units[0].code if units else "")
    fmt = request.GET.get("format", "")
    context = {"units": units, "year": year, "territory": territory}
    try:
        report = annual_report(actor=user, year=year, territory=territory, export=fmt if fmt in FILES else "")
    except PermissionDenied:
        raise
    except DomainError as exc:
        return render(request, "reports/annual.html", {**context, "error": exc}, status=400)
    if fmt in FILES:
        content_type, extension, render_file = FILES[fmt]
        response = HttpResponse(render_file(report), content_type=content_type)
        name = f"annual-report-{report.year}-{report.territory}.{extension}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return render(request, "reports/annual.html", {**context, "report": report})


def _query(request: HttpRequest) -> str:
    """The query string of the request without its page (for the pager's links)."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@require_GET
@staff_view(Capability.REPORT_VIEW)
def annual_figure(request: HttpRequest, year: int, code: str) -> HttpResponse:
    """The records behind a figure of the annual report (``?territory=KATO&page=N``), paginated: a
    territory outside the user's units is refused (403), a figure without records is not found."""
    user = actor(request)
    territory = request.GET.get("territory", "").strip() or _first_unit(user)
    try:
        found = figure_records(
            actor=user, year=year, territory=territory, code=code, page=request.GET.get("page", 1)
        )
    except (PermissionDenied, NotFound):
        raise
    except DomainError as exc:
        return render(request, "reports/figure.html", {"error": exc}, status=400)
    back = f"{reverse('annual_report')}?{urlencode({'year': found.year, 'territory': found.territory})}"
    label = _("Annual report %(year)s: %(territory)s") % {
        "year": found.year,
        "territory": found.territory_name,
    }
    return render(
        request,
        "reports/figure.html",
        {"found": found, "back": back, "back_label": label, "query": _query(request)},
    )


def _first_unit(user: Any) -> str:
    units = list(user.units.order_by("code")[:1])
    return units[0].code if units else ""


@require_GET
@staff_view(Capability.REPORT_VIEW)
def statistics_page(request: HttpRequest) -> HttpResponse:
    """The monthly or quarterly statistics of a territory for a year (``year``, ``period``,
    ``territory``), each cell linked to its records; ``format=xlsx&table=CODE`` takes one table away."""
    user = actor(request)
    units = list(user.units.order_by("code"))
    raw_year = request.GET.get("year", "").strip()
    year: int | str = int(raw_year) if raw_year.isdigit() else (raw_year or today().year - 1)
    territory = request.GET.get("territory", "").strip() or (units[0].code if units else "")
    period = request.GET.get("period", "monthly")
    table_code = request.GET.get("table", "")
    export = "xlsx" if request.GET.get("format") == "xlsx" else ""
    context = {"units": units, "year": year, "territory": territory, "period": period, "periods": PERIODS}
    try:
        data = statistics(actor=user, year=year, territory=territory, period=period, export=export)
        table = data.table(table_code) if export else None
    except (PermissionDenied, NotFound):
        raise
    except DomainError as exc:
        return render(request, "reports/statistics.html", {**context, "error": exc}, status=400)
    if table is not None:
        response = HttpResponse(documents.statistics_xlsx(data, table), content_type=xlsx.CONTENT_TYPE)
        name = f"statistics-{data.year}-{data.period}-{table.code}-{data.territory}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return render(request, "reports/statistics.html", {**context, "data": data})


@require_GET
@staff_view(Capability.REPORT_VIEW)
def statistics_records(request: HttpRequest, table: str, key: str, number: int, measure: str) -> HttpResponse:
    """The records behind a cell of the statistics (``?year=&period=&territory=``), paginated."""
    user = actor(request)
    territory = request.GET.get("territory", "").strip() or _first_unit(user)
    raw_year = request.GET.get("year", "").strip()
    year: int | str = int(raw_year) if raw_year.isdigit() else raw_year
    period = request.GET.get("period", "monthly")
    try:
        found = statistics_cell(
            actor=user, year=year, territory=territory, period=period, table=table, key=key,
            number=number, measure=measure, page=request.GET.get("page", 1),
        )  # fmt: skip
    except (PermissionDenied, NotFound):
        raise
    except DomainError as exc:
        return render(request, "reports/figure.html", {"error": exc}, status=400)
    query = {"year": found.year, "territory": found.territory, "period": period}
    back = f"{reverse('statistics')}?{urlencode(query)}"
    label = _("Statistics %(year)s: %(territory)s") % {"year": found.year, "territory": found.territory_name}
    return render(
        request,
        "reports/figure.html",
        {"found": found, "back": back, "back_label": label, "query": _query(request)},
    )
