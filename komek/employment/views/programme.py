"""Pages of the Enbek programme's people: the figures of a year, the enrolments in vocational
education (ТиПО) with the plan, the youth projects, the contests, and the persons without a social
status with their import. Thin: parse, call one service or selector, render; a page showing persons
writes the read's audit row (``registry.selectors.read_persons``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

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
from komek.common import lists, xlsx
from komek.common.errors import DomainError, NotFound
from komek.common.web import add_domain_error, submit
from komek.employment.forms import programme as forms
from komek.employment.programme_filters import StatusCaseFilters, TipoFilters, YouthFilters
from komek.employment.programme_report import programme_figures
from komek.employment.report import training_figures
from komek.employment.selectors.programme import (
    contests_visible,
    enrolments_visible,
    entries_of_contest,
    status_cases_visible,
    youth_visible,
)
from komek.employment.services.contests import contest_entry_record, contest_record, winners_declare
from komek.employment.services.programme import tipo_enrol, tipo_plan_set, tipo_step, youth_record
from komek.employment.services.social_status import (
    StatusImportRefused,
    involvement_record,
    status_confirm,
    statuses_import,
)
from komek.registry.selectors import read_persons

C = Capability
VIEW, MANAGE = C.EMPLOYMENT_VIEW, C.EMPLOYMENT_MANAGE


@require_GET
@staff_view(VIEW)
def programme_figures_page(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    choose, year, unit = TerritoryYearForm.chosen(request.GET, actor=user)
    rows = (
        training_figures(actor=user, year=year, prefix=unit.prefix)
        + programme_figures(actor=user, year=year, prefix=unit.prefix)
        if unit
        else []
    )
    if request.GET.get("format") == "xlsx":
        return xlsx.figures_download(
            rows,
            sheet=_("Programme"),
            title=_("Vocational education, youth projects and social status"),
            place=unit.name if unit else "",
            year=year,
            name="programme-people",
        )
    context = {
        "choose": choose,
        "figures": rows,
        "year": year,
        "unit": unit,
        "query": request.GET.urlencode(),
    }
    return render(request, "employment/programme/figures.html", context)


def _persons_list(
    request: HttpRequest,
    *,
    filters: Any,
    queryset: Any,
    sort: str,
    object_type: str,
    workbook: Callable[[list[Any]], Any],
    filename: str,
) -> lists.Listing | HttpResponse:
    """A list of records of persons: the page's persons (or the file's) audited as read."""
    user = actor(request)
    listing = lists.listing(request, filters, queryset, defaults={"sort": sort}, user=user)
    if lists.wants_xlsx(request) and request.method == "GET":
        rows = lists.exported(listing)
        if rows is not None:
            read_persons(user=user, persons=rows, object_type=object_type, export=True)
            return xlsx.download(workbook(rows), filename)
        messages.error(request, lists.too_many_to_export(listing))
    read_persons(user=user, persons=listing.rows, object_type=object_type)
    return listing


def _tipo_workbook(rows: list[Any]) -> Any:
    return xlsx.table_workbook(
        sheet=_("Vocational education"), title=_("Enrolments in vocational education"),
        header=[_("IIN"), _("Full name"), _("College"), _("Speciality"), _("Studying from"),
                _("Target category"), _("Onto a vacant place"), _("Status"), _("Territory")],
        rows=[(e.person.iin, e.person.full_name, e.college, e.speciality, e.started, e.get_category_display(),
               _("yes") if e.vacant_place else "", e.get_status_display(), e.kato.name) for e in rows],
        widths={"A": 14, "B": 35, "C": 35, "D": 30, "E": 12, "F": 30, "G": 10, "H": 18, "I": 25},
    )  # fmt: skip


def _tipo_page(request: HttpRequest, enrol: Any = None, plan: Any = None) -> HttpResponse:
    user = actor(request)
    policy.require(user, C.PERSON_VIEW)
    found = _persons_list(
        request, filters=TipoFilters, queryset=enrolments_visible(user), sort="-started",
        object_type="employment.tipoenrolment", workbook=_tipo_workbook, filename="tipo-enrolments.xlsx",
    )  # fmt: skip
    if isinstance(found, HttpResponse):
        return found
    context = {
        "listing": found,
        "can_manage": policy.can(user, MANAGE),
        "enrol_form": enrol or forms.TipoEnrolForm(),
        "plan_form": plan or forms.TipoPlanForm(actor=user, initial={"year": timezone.localdate().year}),
        "step_form": forms.TipoStepForm(),
    }
    return render(
        request, "employment/programme/tipo_list.html", context, status=400 if enrol or plan else 200
    )


@require_GET
@staff_view(VIEW)
def tipo_list(request: HttpRequest) -> HttpResponse:
    return _tipo_page(request)


@require_POST
@staff_view(MANAGE)
def tipo_create(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    form = forms.TipoEnrolForm(request.POST)
    if form.is_valid():
        ok, _done = submit(form, lambda: tipo_enrol(actor=user, **form.cleaned_data))
        if ok:
            messages.success(request, _("The enrolment is recorded."))
            return redirect("employment:tipo_list")
    return _tipo_page(request, enrol=form)


@require_POST
@staff_view(MANAGE)
def tipo_plan(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    form = forms.TipoPlanForm(request.POST, actor=user)
    if form.is_valid():
        ok, _done = submit(form, lambda: tipo_plan_set(actor=user, **form.cleaned_data))
        if ok:
            messages.success(request, _("The plan of vocational education is saved."))
            return redirect("employment:tipo_list")
    return _tipo_page(request, plan=form)


@require_POST
@staff_view(MANAGE)
def tipo_step_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    if not enrolments_visible(user).filter(pk=pk).exists():
        raise NotFound("No such enrolment in your territory.")
    form = forms.TipoStepForm(request.POST)
    if form.is_valid():
        try:
            tipo_step(actor=user, enrolment_id=pk, **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("The status is recorded."))
    else:
        messages.error(request, _("Choose the new status and its date."))
    return redirect("employment:tipo_list")


def _youth_workbook(rows: list[Any]) -> Any:
    return xlsx.table_workbook(
        sheet=_("Youth projects"), title=_("Participants of the youth projects"),
        header=[_("IIN"), _("Full name"), _("Project"), _("From"), _("Until"), _("Outcome"), _("Territory")],
        rows=[(y.person.iin, y.person.full_name, y.get_project_display(), y.started, y.ended,
               y.get_outcome_display(), y.kato.name) for y in rows],
        widths={"A": 14, "B": 35, "C": 40, "D": 12, "E": 12, "F": 20, "G": 25},
    )  # fmt: skip


def _youth_page(request: HttpRequest, form: Any = None) -> HttpResponse:
    user = actor(request)
    policy.require(user, C.PERSON_VIEW)
    found = _persons_list(
        request, filters=YouthFilters, queryset=youth_visible(user), sort="-started",
        object_type="employment.youthparticipation", workbook=_youth_workbook, filename="youth-projects.xlsx",
    )  # fmt: skip
    if isinstance(found, HttpResponse):
        return found
    context = {"listing": found, "can_manage": policy.can(user, MANAGE), "form": form or forms.YouthForm()}
    return render(request, "employment/programme/youth_list.html", context, status=400 if form else 200)


@require_GET
@staff_view(VIEW)
def youth_list(request: HttpRequest) -> HttpResponse:
    return _youth_page(request)


@require_POST
@staff_view(MANAGE)
def youth_create(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    form = forms.YouthForm(request.POST)
    if form.is_valid():
        ok, _done = submit(form, lambda: youth_record(actor=user, **form.cleaned_data))
        if ok:
            messages.success(request, _("The participant is recorded."))
            return redirect("employment:youth_list")
    return _youth_page(request, form)


def _contests_page(request: HttpRequest, form: Any = None) -> HttpResponse:
    user = actor(request)
    context = {
        "contests": contests_visible(user)[:200],
        "can_manage": policy.can(user, MANAGE),
        "form": form or forms.ContestForm(actor=user, initial={"year": timezone.localdate().year}),
    }
    return render(request, "employment/programme/contest_list.html", context, status=400 if form else 200)


@require_GET
@staff_view(VIEW)
def contest_list(request: HttpRequest) -> HttpResponse:
    return _contests_page(request)


@require_POST
@staff_view(MANAGE)
def contest_create(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    form = forms.ContestForm(request.POST, actor=user)
    if form.is_valid():
        ok, found = submit(form, lambda: contest_record(actor=user, **form.cleaned_data))
        if ok and found is not None:
            messages.success(request, _("The contest is recorded."))
            return redirect("employment:contest_detail", found.pk)
    return _contests_page(request, form)


def _entry_label(entry: Any, sees_persons: bool) -> str:
    """A participant as the contest's page names it: a person by name (to those who may see persons),
    an enterprise by its name."""
    if entry.person is None:
        return str(entry.enterprise)
    return str(entry.person.full_name) if sees_persons else _("a person")


def _contest_page(request: HttpRequest, pk: int, entry: Any = None, winners: Any = None) -> HttpResponse:
    user = actor(request)
    contest = contests_visible(user).filter(pk=pk).first()
    if contest is None:
        raise NotFound("No such contest in your territory.")
    sees_persons = policy.can(user, C.PERSON_VIEW)
    entries = list(
        entries_of_contest(user, contest).select_related("person", "nomination").order_by("nomination", "id")
    )
    if sees_persons:
        shown = [e.person for e in entries if e.person_id]
        read_persons(user=user, persons=shown, object_type="employment.contest", object_id=contest.pk)
    nominations = list(contest.nominations.all())
    shown_nominations = []
    for n in nominations:
        listed = [(e, _entry_label(e, sees_persons)) for e in entries if e.nomination_id == n.pk]
        form = winners if winners is not None and winners.prefix == f"n{n.pk}" else None
        form = form or forms.WinnersForm(entries=[(e.pk, label) for e, label in listed], prefix=f"n{n.pk}")
        shown_nominations.append({"nomination": n, "entries": listed, "form": form})
    context = {
        "contest": contest,
        "nominations": shown_nominations,
        "can_manage": policy.can(user, MANAGE) and sees_persons,
        "entry_form": entry or forms.EntryForm(nominations=nominations),
    }
    return render(
        request, "employment/programme/contest_detail.html", context, status=400 if entry or winners else 200
    )


@require_GET
@staff_view(VIEW)
def contest_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _contest_page(request, pk)


@require_POST
@staff_view(MANAGE)
def contest_entry(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    policy.require(user, C.PERSON_VIEW)
    contest = contests_visible(user).filter(pk=pk).first()
    if contest is None:
        raise NotFound("No such contest in your territory.")
    form = forms.EntryForm(request.POST, nominations=contest.nominations.all())
    if form.is_valid():
        ok, _done = submit(form, lambda: contest_entry_record(actor=user, **form.cleaned_data))
        if ok:
            messages.success(request, _("The participant is recorded."))
            return redirect("employment:contest_detail", pk)
    return _contest_page(request, pk, entry=form)


@require_POST
@staff_view(MANAGE)
def contest_winners(request: HttpRequest, pk: int, nomination: int) -> HttpResponse:
    user = actor(request)
    policy.require(user, C.PERSON_VIEW)
    contest = contests_visible(user).filter(pk=pk).first()
    found = contest.nominations.filter(pk=nomination).first() if contest else None
    if found is None:
        raise NotFound("No such nomination of a contest of your territory.")
    entries = [(e.pk, _entry_label(e, True)) for e in found.entries.select_related("person")]
    form = forms.WinnersForm(request.POST, entries=entries, prefix=f"n{found.pk}")
    if form.is_valid():
        ok, _done = submit(
            form, lambda: winners_declare(actor=user, nomination_id=found.pk, **form.cleaned_data)
        )
        if ok:
            messages.success(request, _("The winners are declared."))
            return redirect("employment:contest_detail", pk)
    return _contest_page(request, pk, winners=form)


def _status_workbook(rows: list[Any]) -> Any:
    return xlsx.table_workbook(
        sheet=_("Social status"), title=_("Persons without a social status"),
        header=[_("IIN"), _("Full name"), _("Listed without a status on"), _("Status confirmed on"),
                _("Measures"), _("Territory")],
        rows=[(c.person.iin, c.person.full_name, c.listed_on, c.confirmed_on, c.measures, c.kato.name)
              for c in rows],
        widths={"A": 14, "B": 35, "C": 14, "D": 14, "E": 10, "F": 25},
    )  # fmt: skip


def _status_page(request: HttpRequest, form: Any = None, errors: Any = ()) -> HttpResponse:
    user = actor(request)
    policy.require(user, C.PERSON_VIEW)
    found = _persons_list(
        request, filters=StatusCaseFilters, queryset=status_cases_visible(user), sort="-listed",
        object_type="employment.statuscase", workbook=_status_workbook, filename="social-status.xlsx",
    )  # fmt: skip
    if isinstance(found, HttpResponse):
        return found
    context = {
        "listing": found,
        "can_manage": policy.can(user, MANAGE),
        "form": form or forms.StatusImportForm(),
        "errors": errors,
        "confirm_form": forms.ConfirmForm(),
        "involve_form": forms.InvolveForm(),
    }
    return render(request, "employment/programme/status_list.html", context, status=400 if form else 200)


@require_GET
@staff_view(VIEW)
def status_list(request: HttpRequest) -> HttpResponse:
    return _status_page(request)


@require_http_methods(["POST"])
@staff_view(MANAGE)
def status_import(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    form = forms.StatusImportForm(request.POST, request.FILES)
    errors: list[Any] = []
    if form.is_valid():
        try:
            count = statuses_import(actor=user, content=form.cleaned_data["file"].read())
        except StatusImportRefused as exc:
            errors = exc.errors
            form.add_error("file", str(exc.message))
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("%(n)d rows are imported.") % {"n": count})
            return redirect("employment:status_list")
    return _status_page(request, form, errors)


def _case_step(
    request: HttpRequest, pk: int, form: Any, action: Callable[..., Any], done: str
) -> HttpResponse:
    user = actor(request)
    if not status_cases_visible(user).filter(pk=pk).exists():
        raise NotFound("No such person without a status in your territory.")
    if form.is_valid():
        try:
            action(actor=user, case_id=pk, **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, done)
    else:
        messages.error(request, _("Fill in every field."))
    return redirect("employment:status_list")


@require_POST
@staff_view(MANAGE)
def status_confirm_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_step(
        request, pk, forms.ConfirmForm(request.POST), status_confirm, _("The status is confirmed.")
    )


@require_POST
@staff_view(MANAGE)
def involvement_create(request: HttpRequest, pk: int) -> HttpResponse:
    form = forms.InvolveForm(request.POST)
    return _case_step(request, pk, form, involvement_record, _("The involvement is recorded."))
