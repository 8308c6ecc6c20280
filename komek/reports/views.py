"""The start page (greeting, role and units, quick search, the registry's figures of the territory)
and the annual report (page, XLSX, PDF, DOCX).

Read-only: it shows what the contexts below it compute (the registry's figures), the future home
of the annual report and the dashboards.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from komek.accounts.choices import Capability
from komek.accounts.web import actor, staff_view
from komek.common import xlsx
from komek.common.errors import DomainError, NotFound, PermissionDenied
from komek.common.validation import today
from komek.registry.forms import PersonSearchForm
from komek.registry.statistics import registry_summary
from komek.reports import documents
from komek.reports.selectors import annual_report, figure_records

#: The files of the annual report: the format's content type and extension.
FILES = {
    "xlsx": (xlsx.CONTENT_TYPE, "xlsx", documents.report_xlsx),
    "pdf": (documents.PDF_CONTENT_TYPE, "pdf", documents.report_pdf),
    "docx": (documents.DOCX_CONTENT_TYPE, "docx", documents.report_docx),
}


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Greeting, role and units, quick search, the registry's figures for the user's territory."""
    user = actor(request)
    summary = registry_summary(user=user, on=timezone.localdate())
    return render(
        request,
        "reports/home.html",
        {"units": list(user.units.all()), "search_form": PersonSearchForm(), "summary": summary},
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


@require_GET
@staff_view(Capability.REPORT_VIEW)
def annual_figure(request: HttpRequest, year: int, code: str) -> HttpResponse:
    """The records behind a figure of the annual report (``?territory=KATO&page=N``), paginated: a
    territory outside the user's units is refused (403), a figure without records is not found."""
    user = actor(request)
    territory = request.GET.get("territory", "").strip()
    if not territory:
        units = list(user.units.order_by("code")[:1])
        territory = units[0].code if units else ""
    try:
        found = figure_records(
            actor=user, year=year, territory=territory, code=code, page=request.GET.get("page", 1)
        )
    except (PermissionDenied, NotFound):
        raise
    except DomainError as exc:
        return render(request, "reports/figure.html", {"error": exc, "year": year, "code": code}, status=400)
    return render(request, "reports/figure.html", {"found": found, "year": year, "code": code})
