"""Coverage figures (page and XLSX) and the special social services overview."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.accounts.web import actor, staff_view
from komek.common import xlsx
from komek.common.validation import today
from komek.registry.selectors import read_persons
from komek.rehabilitation import choices
from komek.rehabilitation.selectors import cards
from komek.rehabilitation.selectors.coverage import coverage
from komek.rehabilitation.selectors.exports import coverage_export as coverage_workbook


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
    year = _year(request)
    content = coverage_workbook(user=actor(request), year=year)
    response = HttpResponse(content, content_type=xlsx.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="rehabilitation-coverage-{year}.xlsx"'
    return response


@require_http_methods(["GET"])
@staff_view(Capability.REHAB_VIEW)
def care(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    persons = policy.can(user, Capability.PERSON_VIEW)
    context = {
        "caseloads": cards.caseloads(user),
        "home": list(cards.care_clients(user, choices.CareSetting.HOME)[:300]) if persons else [],
        "day": list(cards.care_clients(user, choices.CareSetting.DAY)[:300]) if persons else [],
        "waiting": list(cards.placement_queue(user)[:300]) if persons else [],
        "care_waiting": list(cards.care_waiting(user)[:300]) if persons else [],
        "residents": list(cards.residents(user)[:300]) if persons else [],
        "institutions": list(cards.institutions(user)),
        "projects": list(cards.projects_visible(user)),
    }
    lists: list[list[Any]] = [context[k] for k in ("home", "day", "waiting", "care_waiting", "residents")]  # type: ignore[misc]
    shown = [row for rows in lists for row in rows]
    read_persons(user=user, persons=shown, object_type="rehabilitation.careenrolment")
    return render(request, "rehabilitation/care.html", context)
