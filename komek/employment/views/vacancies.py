"""Employers and vacancies: lists, entry, CSV import, the candidates of a vacancy."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from komek.accounts.choices import Capability
from komek.accounts.web import actor, staff_view
from komek.common import lists, xlsx
from komek.common.errors import DomainError
from komek.common.web import submit
from komek.employment.filters import EmployerFilters, VacancyFilters
from komek.employment.forms import EmployerForm, VacancyForm, VacancyImportForm
from komek.employment.selectors.matching import match_candidates
from komek.employment.selectors.records import (
    employers_listed,
    employers_scoped,
    vacancies_listed,
    vacancy_detail,
)
from komek.employment.services.employers import employer_create
from komek.employment.services.vacancies import (
    CSV_COLUMNS,
    ImportRefused,
    vacancies_import_csv,
    vacancy_close,
    vacancy_create,
)


@require_GET
@staff_view(Capability.EMPLOYMENT_VIEW)
def vacancy_list(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    listing = lists.listing(
        request,
        VacancyFilters,
        vacancies_listed(user),
        defaults={"status": "open", "sort": "-opened"},
        user=user,
    )
    if lists.wants_xlsx(request):
        rows = lists.exported(listing)
        if rows is not None:
            return xlsx.download(_vacancies_workbook(rows), "vacancies.xlsx")
        messages.error(request, lists.too_many_to_export(listing))
    return render(request, "employment/vacancy_list.html", {"listing": listing})


def _vacancies_workbook(rows: list[Any]) -> Any:
    return xlsx.table_workbook(
        sheet=_("Vacancies"), title=_("Vacancies"),
        header=[_("Position"), _("Occupation"), _("Employer"), _("Wage"), _("Opened on"), _("Status")],
        rows=[(v.title, str(v.occupation), v.employer.name, v.wage, v.opened_on, v.get_status_display())
              for v in rows],
        widths={"A": 35, "B": 35, "C": 35, "D": 12, "E": 12, "F": 12},
    )  # fmt: skip


@require_GET
@staff_view(Capability.EMPLOYMENT_VIEW)
def vacancy_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = vacancy_detail(user=actor(request), vacancy_id=pk)
    candidates = match_candidates(user=actor(request), vacancy_id=pk)
    return render(
        request,
        "employment/vacancy_detail.html",
        {"vacancy": vacancy, "candidates": candidates, "events": vacancy.events.all()},
    )


@require_http_methods(["GET", "POST"])
@staff_view(Capability.EMPLOYMENT_MANAGE)
def vacancy_create_view(request: HttpRequest) -> HttpResponse:
    employers = employers_scoped(actor(request)).order_by("name")
    form = VacancyForm(request.POST or None, user=actor(request), employers=employers)
    if request.method == "POST" and form.is_valid():
        ok, vacancy = submit(form, lambda: vacancy_create(actor=actor(request), **form.cleaned_data))
        if ok and vacancy is not None:
            messages.success(request, _("The vacancy is open."))
            return redirect("employment:vacancy_detail", pk=vacancy.pk)
    return render(request, "employment/vacancy_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@staff_view(Capability.EMPLOYMENT_MANAGE)
def vacancy_import(request: HttpRequest) -> HttpResponse:
    form = VacancyImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        content = form.cleaned_data["file"].read().decode("utf-8-sig", errors="replace")
        try:
            count = vacancies_import_csv(actor=actor(request), content=content)
        except ImportRefused as exc:
            errors = exc.errors
            form.add_error(None, str(exc))
        except DomainError as exc:
            form.add_error("file", str(exc))
        else:
            messages.success(request, _("%(count)s vacancies imported.") % {"count": count})
            return redirect("employment:vacancy_list")
    return render(
        request, "employment/vacancy_import.html", {"form": form, "errors": errors, "columns": CSV_COLUMNS}
    )


@require_GET
@staff_view(Capability.EMPLOYMENT_VIEW)
def employer_list(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    employers = employers_listed(user)
    listing = lists.listing(request, EmployerFilters, employers, defaults={"sort": "name"}, user=user)
    if lists.wants_xlsx(request):
        rows = lists.exported(listing)
        if rows is not None:
            return xlsx.download(_employers_workbook(rows), "employers.xlsx")
        messages.error(request, lists.too_many_to_export(listing))
    return render(request, "employment/employer_list.html", {"listing": listing})


def _employers_workbook(rows: list[Any]) -> Any:
    return xlsx.table_workbook(
        sheet=_("Employers"), title=_("Employers"),
        header=[_("BIN"), _("Name"), _("Size"), _("Address"), _("Open vacancies")],
        rows=[(e.bin, e.name, e.get_size_display(), str(e.kato), e.open_vacancies) for e in rows],
        widths={"A": 16, "B": 40, "C": 14, "D": 35, "E": 12},
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
@staff_view(Capability.EMPLOYMENT_MANAGE)
def employer_create_view(request: HttpRequest) -> HttpResponse:
    form = EmployerForm(request.POST or None, user=actor(request))
    if request.method == "POST" and form.is_valid():
        ok, employer = submit(form, lambda: employer_create(actor=actor(request), **form.cleaned_data))
        if ok and employer is not None:
            messages.success(request, _("The employer %(name)s is registered.") % {"name": employer.name})
            return redirect("employment:employer_list")
    return render(request, "employment/employer_form.html", {"form": form})


@require_POST
@staff_view(Capability.EMPLOYMENT_MANAGE)
def vacancy_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = vacancy_detail(user=actor(request), vacancy_id=pk)
    try:
        vacancy_close(
            actor=actor(request),
            vacancy=vacancy,
            status="closed",
            on=timezone.localdate(),
            note=request.POST.get("note", ""),
        )
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The vacancy is withdrawn."))
    return redirect("employment:vacancy_detail", pk=pk)
