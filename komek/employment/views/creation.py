"""The job-creation pages: the employment road map's projects (list, card with its jobs and hires
through the centre), the jobs created by source with the year's plans, the e-labour exchange's
imports, the private employment agencies with their reports, and the figures of a year. Thin:
parse, call one service or selector, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.accounts.forms import TerritoryYearForm
from komek.accounts.web import actor, staff_view
from komek.common import audit, lists, xlsx
from komek.common.errors import DomainError
from komek.common.web import add_domain_error, submit
from komek.employment.creation_report import figures_of
from komek.employment.filters import AgencyFilters, JobCreationFilters, ProjectFilters
from komek.employment.forms import creation as forms
from komek.employment.selectors import creation as selectors
from komek.employment.services import creation as services
from komek.employment.services import exchange
from komek.employment.sources import source_name

VIEW, MANAGE = Capability.EMPLOYMENT_VIEW, Capability.EMPLOYMENT_MANAGE


def _listing_page(
    request: HttpRequest,
    *,
    filters: Any,
    queryset: Any,
    sort: str,
    template: str,
    workbook: Callable[[list[Any]], Any],
    filename: str,
    context: dict[str, Any],
) -> HttpResponse:
    user = actor(request)
    listing = lists.listing(request, filters, queryset, defaults={"sort": sort}, user=user)
    if lists.wants_xlsx(request) and request.method == "GET":
        rows = lists.exported(listing)
        if rows is not None:
            return xlsx.download(workbook(rows), filename)
        messages.error(request, lists.too_many_to_export(listing))
    bound = any(isinstance(f, django_forms.BaseForm) and f.is_bound for f in context.values())
    return render(request, template, {"listing": listing, **context}, status=400 if bound else 200)


# The road map's projects ------------------------------------------------------------------------


def _projects_book(rows: list[Any]) -> Any:
    return xlsx.table_workbook(
        sheet=_("Road map projects"),
        title=_("Employment road map projects"),
        header=[
            _("Object"),
            _("Kind of work"),
            _("Territory"),
            _("Years"),
            _("Allocated, tenge"),
            _("New jobs planned"),
        ],
        rows=[
            (
                p.title,
                p.get_work_kind_display(),
                p.kato.name,
                f"{p.year_from}–{p.year_to}",
                p.allocated,
                p.jobs_planned,
            )
            for p in rows
        ],
        widths={"A": 50, "B": 30, "C": 30},
    )


def _project_list(request: HttpRequest, form: forms.ProjectForm) -> HttpResponse:
    return _listing_page(
        request,
        filters=ProjectFilters,
        queryset=selectors.projects(actor=actor(request)),
        sort="title",
        template="employment/project_list.html",
        workbook=_projects_book,
        filename="road-map-projects.xlsx",
        context={"form": form},
    )


@require_GET
@staff_view(VIEW)
def project_list(request: HttpRequest) -> HttpResponse:
    return _project_list(request, forms.ProjectForm(actor=actor(request), initial={"centre_share": 50}))


@require_POST
@staff_view(MANAGE)
def project_create(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    form = forms.ProjectForm(request.POST, actor=user)
    if form.is_valid():
        ok, found = submit(form, lambda: services.road_map_project_create(actor=user, **form.cleaned_data))
        if ok and found is not None:
            messages.success(request, _("The road map project is recorded."))
            return redirect("employment:project_detail", pk=found.pk)
    return _project_list(request, form)


def _project_page(
    request: HttpRequest, pk: int, jobs_form: Any = None, hire_form: Any = None
) -> HttpResponse:
    user = actor(request)
    project = selectors.project_get(actor=user, project_id=pk)
    referrals = list(selectors.hireable_referrals(project)) if policy.can(user, MANAGE) else []
    hires = list(project.hires.select_related("referral__jobseeker__person").order_by("-hired_on", "-pk"))
    named = [h.referral.jobseeker.person_id for h in hires if h.referral] + [
        r.jobseeker.person_id for r in referrals
    ]
    if named:
        audit.read(actor=user, obj=project, persons=named, territory=project.kato_id)
    context = {
        "project": project,
        "totals": selectors.project_totals(project),
        "jobs": project.jobs.order_by("-reported_on", "-pk"),
        "hires": hires,
        "can_manage": policy.can(user, MANAGE),
        "jobs_form": jobs_form or forms.ProjectJobsForm(),
        "hire_form": hire_form or forms.ProjectHireForm(referrals=referrals),
    }
    status = 400 if jobs_form is not None or hire_form is not None else 200
    return render(request, "employment/project_detail.html", context, status=status)


@require_GET
@staff_view(VIEW)
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _project_page(request, pk)


@require_POST
@staff_view(MANAGE)
def project_jobs(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    form = forms.ProjectJobsForm(request.POST)
    if form.is_valid():
        ok, _done = submit(
            form, lambda: services.road_map_jobs_record(actor=user, project_id=pk, **form.cleaned_data)
        )
        if ok:
            messages.success(request, _("The new jobs are recorded."))
            return redirect("employment:project_detail", pk=pk)
    return _project_page(request, pk, jobs_form=form)


@require_POST
@staff_view(MANAGE)
def project_hire(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    project = selectors.project_get(actor=user, project_id=pk)
    form = forms.ProjectHireForm(request.POST, referrals=selectors.hireable_referrals(project))
    if form.is_valid():
        ok, _done = submit(
            form, lambda: services.road_map_hire_record(actor=user, project_id=pk, **form.service_kwargs())
        )
        if ok:
            messages.success(request, _("The hire through the centre is recorded."))
            return redirect("employment:project_detail", pk=pk)
    return _project_page(request, pk, hire_form=form)


# The jobs created by source ----------------------------------------------------------------------


def _creations_book(rows: list[Any]) -> Any:
    return xlsx.table_workbook(
        sheet=_("Jobs created"),
        title=_("New jobs created"),
        header=[
            _("Created on"),
            _("BIN"),
            _("Enterprise"),
            _("Source"),
            _("Jobs"),
            _("Number of jobs"),
            _("Territory"),
        ],
        rows=[
            (
                c.created_on,
                c.bin,
                c.enterprise,
                source_name(c.source),
                c.get_kind_display(),
                c.jobs,
                c.kato.name,
            )
            for c in rows
        ],
        widths={"C": 40, "D": 40, "G": 30},
    )


def _creation_list(
    request: HttpRequest, form: forms.JobCreationForm, plan_form: forms.JobPlanForm
) -> HttpResponse:
    return _listing_page(
        request,
        filters=JobCreationFilters,
        queryset=selectors.job_creations(actor=actor(request)),
        sort="-created",
        template="employment/job_creation_list.html",
        workbook=_creations_book,
        filename="jobs-created.xlsx",
        context={"form": form, "plan_form": plan_form, "source_name": source_name},
    )


def _plan_form(user: Any, data: Any = None) -> forms.JobPlanForm:
    return forms.JobPlanForm(data, actor=user, initial={"year": timezone.localdate().year})


@require_GET
@staff_view(VIEW)
def job_creation_list(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    return _creation_list(request, forms.JobCreationForm(actor=user), _plan_form(user))


@require_POST
@staff_view(MANAGE)
def job_creation_create(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    form = forms.JobCreationForm(request.POST, actor=user)
    if form.is_valid():
        ok, _done = submit(form, lambda: services.job_creation_record(actor=user, **form.cleaned_data))
        if ok:
            messages.success(request, _("The new jobs are recorded."))
            return redirect("employment:job_creation_list")
    return _creation_list(request, form, _plan_form(user))


@require_POST
@staff_view(MANAGE)
def job_plan(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    form = _plan_form(user, request.POST)
    if form.is_valid():
        ok, _done = submit(form, lambda: services.job_plan_set(actor=user, **form.cleaned_data))
        if ok:
            messages.success(request, _("The plan is set."))
            return redirect("employment:job_creation_list")
    return _creation_list(request, forms.JobCreationForm(actor=user), form)


# The e-labour exchange's files ------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@staff_view(MANAGE)
def exchange_import(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    form = forms.ExchangeImportForm(request.POST or None, request.FILES or None)
    errors: list[Any] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        service = (
            exchange.exchange_vacancies_import
            if form.cleaned_data["kind"] == "vacancies"
            else exchange.exchange_applicants_import
        )
        try:
            n = service(actor=user, content=upload.read(), filename=upload.name)
        except exchange.ExchangeImportRefused as exc:
            errors = exc.errors
            form.add_error("file", str(exc.message))
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("%(n)d rows are imported.") % {"n": n})
            return redirect("employment:creation_figures")
    context = {
        "form": form,
        "errors": errors,
        "vacancy_columns": ", ".join(exchange.VACANCY_COLUMNS),
        "applicant_columns": ", ".join(exchange.APPLICANT_COLUMNS),
    }
    return render(request, "employment/exchange_import.html", context, status=400 if form.errors else 200)


# Private employment agencies --------------------------------------------------------------------


def _agencies_book(rows: list[Any]) -> Any:
    return xlsx.table_workbook(
        sheet=_("Private agencies"),
        title=_("Private employment agencies"),
        header=[_("BIN"), _("Name"), _("Territory"), _("Persons who applied"), _("Persons employed")],
        rows=[(a.bin, a.name, a.kato.name, a.applied or 0, a.employed or 0) for a in rows],
        widths={"B": 50, "C": 30},
    )


def _agency_list(request: HttpRequest, form: forms.AgencyForm) -> HttpResponse:
    return _listing_page(
        request,
        filters=AgencyFilters,
        queryset=selectors.agencies(actor=actor(request)),
        sort="name",
        template="employment/agency_list.html",
        workbook=_agencies_book,
        filename="private-agencies.xlsx",
        context={"form": form},
    )


@require_GET
@staff_view(VIEW)
def agency_list(request: HttpRequest) -> HttpResponse:
    return _agency_list(request, forms.AgencyForm(actor=actor(request)))


@require_POST
@staff_view(MANAGE)
def agency_create(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    form = forms.AgencyForm(request.POST, actor=user)
    if form.is_valid():
        ok, found = submit(form, lambda: services.agency_register(actor=user, **form.cleaned_data))
        if ok and found is not None:
            messages.success(request, _("The agency is registered."))
            return redirect("employment:agency_detail", pk=found.pk)
    return _agency_list(request, form)


def _agency_page(request: HttpRequest, pk: int, form: Any = None) -> HttpResponse:
    user = actor(request)
    agency = selectors.agency_get(actor=user, agency_id=pk)
    context = {
        "agency": agency,
        "reports": agency.reports.order_by("-period_from"),
        "can_manage": policy.can(user, MANAGE),
        "form": form or forms.AgencyReportForm(),
    }
    return render(request, "employment/agency_detail.html", context, status=400 if form is not None else 200)


@require_GET
@staff_view(VIEW)
def agency_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _agency_page(request, pk)


@require_POST
@staff_view(MANAGE)
def agency_report(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    form = forms.AgencyReportForm(request.POST)
    if form.is_valid():
        ok, _done = submit(
            form, lambda: services.agency_report_record(actor=user, agency_id=pk, **form.cleaned_data)
        )
        if ok:
            messages.success(request, _("The agency's report is recorded."))
            return redirect("employment:agency_detail", pk=pk)
    return _agency_page(request, pk, form)


# The figures of a year ---------------------------------------------------------------------------


@require_GET
@staff_view(VIEW)
def creation_figures(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    choose, year, unit = TerritoryYearForm.chosen(request.GET, actor=user)
    rows = figures_of(selectors.creation_figures(actor=user, year=year, prefix=unit.prefix)) if unit else []
    if request.GET.get("format") == "xlsx":
        return xlsx.figures_download(
            rows,
            sheet=_("Job creation"),
            title=_("Job creation, the employment road map and the labour exchange"),
            place=unit.name if unit else "",
            year=year,
            name="job-creation",
            plan=True,
        )
    context = {
        "choose": choose,
        "figures": rows,
        "year": year,
        "unit": unit,
        "query": request.GET.urlencode(),
    }
    return render(request, "employment/creation_figures.html", context)
