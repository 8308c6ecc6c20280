"""Short-term training's page (ADR 0062): the regional commission's approved lists of a year with
the money allocated and spent, and the import of a decision's lists. Thin: parse, call one service
or selector, render; the lists name no person (centres and professions), the import is audited by
its service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.accounts.forms import TerritoryYearForm
from komek.accounts.web import actor, staff_view
from komek.common import xlsx
from komek.common.errors import DomainError
from komek.common.web import add_domain_error
from komek.employment.forms.training import TrainingListImportForm
from komek.employment.report import training_figures
from komek.employment.selectors.training import lists_of
from komek.employment.services.training import TrainingListRefused, training_lists_import

C = Capability


def _page(request: HttpRequest, form: Any = None, errors: Any = ()) -> HttpResponse:
    user = actor(request)
    choose, year, unit = TerritoryYearForm.chosen(request.GET, actor=user)
    prefix = unit.prefix if unit else ""
    figures = training_figures(actor=user, year=year, prefix=prefix) if unit else []
    if request.GET.get("format") == "xlsx":
        return xlsx.figures_download(
            figures,
            sheet=_("Short-term training"),
            title=_("Short-term training: the approved lists and the money"),
            place=unit.name if unit else "",
            year=year,
            name="short-term-training",
        )
    decisions = (
        lists_of(actor=user, year=year, prefix=prefix)
        .select_related("kato")
        .prefetch_related("centres__provider", "professions__occupation")
        .order_by("decided_on", "id")
        if unit
        else []
    )
    context = {
        "choose": choose,
        "year": year,
        "unit": unit,
        "decisions": decisions,
        "figures": figures,
        "can_manage": policy.can(user, C.EMPLOYMENT_MANAGE),
        "form": form or TrainingListImportForm(user=user, initial={"year": year}),
        "errors": errors,
        "query": request.GET.urlencode(),
    }
    return render(request, "employment/training_lists.html", context, status=400 if form else 200)


@require_GET
@staff_view(C.EMPLOYMENT_VIEW)
def training_lists(request: HttpRequest) -> HttpResponse:
    return _page(request)


@require_POST
@staff_view(C.EMPLOYMENT_MANAGE)
def training_lists_import_view(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    form = TrainingListImportForm(request.POST, request.FILES, user=user)
    errors: list[Any] = []
    if form.is_valid():
        data = form.cleaned_data
        try:
            decision = training_lists_import(
                actor=user,
                kato=data["kato"],
                year=data["year"],
                number=data["number"],
                decided_on=data["decided_on"],
                content=data["file"].read(),
            )
        except TrainingListRefused as exc:
            errors = exc.errors
            form.add_error("file", str(exc.message))
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request,
                _("Decision No. %(number)s is recorded with its lists.") % {"number": decision.number},
            )
            url = reverse("employment:training_lists")
            return redirect(f"{url}?kato={decision.kato_id}&year={decision.year}")
    return _page(request, form, errors)
