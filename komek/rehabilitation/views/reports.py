"""Coverage figures (page and XLSX) and the special social services overview."""

from __future__ import annotations

import io

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from komek.accounts.roles import Capability
from komek.common.audit import audit_record
from komek.common.models import AuditAction
from komek.common.web import actor, staff_view
from komek.rehabilitation import codes
from komek.rehabilitation.exports import coverage_xlsx
from komek.rehabilitation.selectors import cards
from komek.rehabilitation.selectors.coverage import coverage
from komek.rehabilitation.services._common import today

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else today().year


@require_http_methods(["GET"])
@staff_view(Capability.REHAB_VIEW)
def coverage_page(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    table = coverage(user=actor(request), year=year)
    years = list(range(today().year, today().year - 6, -1))
    return render(request, "rehabilitation/coverage.html", {"table": table, "years": years})


@require_http_methods(["GET"])
@staff_view(Capability.REHAB_VIEW)
def coverage_export(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    year = _year(request)
    buffer = io.BytesIO()
    coverage_xlsx(coverage(user=user, year=year)).save(buffer)
    audit_record(actor=user, action=AuditAction.EXPORT, object_type="rehabilitation.coverage", object_id=year)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="rehabilitation-coverage-{year}.xlsx"'
    return response


@require_http_methods(["GET"])
@staff_view(Capability.REHAB_VIEW)
def care(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    persons = user.can(Capability.PERSON_VIEW)
    context = {
        "caseloads": cards.caseloads(user),
        "home": list(cards.care_clients(user, codes.CareSetting.HOME)[:300]) if persons else [],
        "day": list(cards.care_clients(user, codes.CareSetting.DAY)[:300]) if persons else [],
        "waiting": list(cards.placement_queue(user)[:300]) if persons else [],
        "care_waiting": list(cards.care_waiting(user)[:300]) if persons else [],
        "residents": list(cards.residents(user)[:300]) if persons else [],
        "institutions": list(cards.institutions(user)),
        "projects": list(cards.projects_visible(user)),
    }
    return render(request, "rehabilitation/care.html", context)
