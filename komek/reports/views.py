"""The start page: greeting, role and units, quick search, the registry's figures of the territory.

Read-only: it shows what the contexts below it compute (the registry's figures), the future home
of the annual report and the dashboards.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from komek.accounts.web import actor
from komek.registry.forms import PersonSearchForm
from komek.registry.statistics import registry_summary


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
