"""The labour pages: the enterprises of the territory (search, filters, sort, pages, XLSX) with the
form to register one, an enterprise's card with its surveys, memoranda, road maps, inspections,
fines, wage arrears, accidents and collective agreements and a form for each, the import of monthly
surveys from XLSX, and the figures of a year. Thin: parse, call one service or selector, render."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.accounts.forms import TerritoryYearForm
from komek.accounts.web import actor, staff_view
from komek.common import lists, xlsx
from komek.common.errors import DomainError
from komek.common.web import add_domain_error, submit
from komek.labour import forms, services
from komek.labour.choices import FineStatus
from komek.labour.filters import EnterpriseFilters
from komek.labour.models import Fine
from komek.labour.report import esp_figures, market_figures, relations_figures, statistics_figures
from komek.labour.selectors import arrears_of, enterprise_get, esp_visible, labour_force_visible, road_maps_of
from komek.labour.selectors import enterprise_list as enterprises_of


@dataclass(frozen=True)
class Record:
    form: type[django_forms.Form]
    service: Callable[..., Any]
    done: Any
    id_kwarg: str = "enterprise_id"


RECORDS: dict[str, Record] = {
    "survey": Record(forms.SurveyForm, services.survey_record, gettext_lazy("The survey is recorded.")),
    "memorandum": Record(
        forms.MemorandumForm, services.memorandum_record, gettext_lazy("The memorandum is recorded.")
    ),
    "roadmap": Record(forms.RoadMapForm, services.road_map_record, gettext_lazy("The road map is recorded.")),
    "inspection": Record(
        forms.InspectionForm, services.inspection_record, gettext_lazy("The inspection is recorded.")
    ),
    "fine": Record(
        forms.FineForm, services.fine_execute, gettext_lazy("The fine's execution is recorded."), ""
    ),
    "arrear": Record(forms.ArrearForm, services.arrear_record, gettext_lazy("The wage arrear is recorded.")),
    "repayment": Record(
        forms.RepaymentForm, services.repayment_record, gettext_lazy("The repayment is recorded."), ""
    ),
    "accident": Record(
        forms.AccidentForm, services.accident_record, gettext_lazy("The accident is recorded.")
    ),
    "agreement": Record(
        forms.AgreementForm,
        services.agreement_register,
        gettext_lazy("The collective agreement is registered."),
    ),
}


def _enterprise_workbook(rows: list[Any]) -> Any:
    return xlsx.table_workbook(
        sheet=_("Enterprises"),
        title=_("Enterprises"),
        header=[_("BIN"), _("Name"), _("Territory"), _("Staff")],
        rows=[(e.bin, e.name, e.kato.name, e.staff) for e in rows],
        widths={"A": 16, "B": 50, "C": 30},
    )


def _list_page(request: HttpRequest, form: forms.EnterpriseForm) -> HttpResponse:
    user = actor(request)
    listing = lists.listing(
        request, EnterpriseFilters, enterprises_of(actor=user), defaults={"sort": "name"}, user=user
    )
    if lists.wants_xlsx(request) and request.method == "GET":
        rows = lists.exported(listing)
        if rows is not None:
            return xlsx.download(_enterprise_workbook(rows), "enterprises.xlsx")
        messages.error(request, lists.too_many_to_export(listing))
    return render(
        request,
        "labour/enterprise_list.html",
        {"listing": listing, "form": form},
        status=400 if form.errors else 200,
    )


@require_GET
@staff_view(Capability.LABOUR_VIEW)
def enterprise_list(request: HttpRequest) -> HttpResponse:
    return _list_page(request, forms.EnterpriseForm(actor=actor(request)))


@require_POST
@staff_view(Capability.LABOUR_MANAGE)
def enterprise_create(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    form = forms.EnterpriseForm(request.POST, actor=user)
    if form.is_valid():
        ok, found = submit(form, lambda: services.enterprise_register(actor=user, **form.cleaned_data))
        if ok and found is not None:
            messages.success(request, _("The enterprise is registered."))
            return redirect("labour:enterprise_detail", pk=found.pk)
    return _list_page(request, form)


def _form(name: str, enterprise: Any, data: Any = None) -> django_forms.Form:
    kind = RECORDS[name].form
    if kind is forms.FineForm:
        fines = Fine.objects.filter(violation__inspection__enterprise=enterprise, status=FineStatus.IMPOSED)
        return forms.FineForm(data, fines=fines)
    if kind is forms.RepaymentForm:
        owed = [a for a in arrears_of(enterprise) if a.outstanding > 0]  # type: ignore[attr-defined]
        return forms.RepaymentForm(data, arrears=owed)
    return kind(data)


def _detail_page(
    request: HttpRequest, pk: int, bound: django_forms.Form | None = None, name: str = ""
) -> HttpResponse:
    user = actor(request)
    enterprise = enterprise_get(actor=user, enterprise_id=pk)
    context = {
        "enterprise": enterprise,
        "surveys": enterprise.surveys.order_by("-month")[:24],
        "memoranda": enterprise.memoranda.all(),
        "road_maps": road_maps_of(enterprise),
        "inspections": enterprise.inspections.prefetch_related("violations__fines"),
        "arrears": arrears_of(enterprise),
        "accidents": enterprise.accidents.all(),
        "agreements": enterprise.agreements.all(),
        "can_manage": policy.can(user, Capability.LABOUR_MANAGE),
        "forms": {n: (bound if n == name and bound is not None else _form(n, enterprise)) for n in RECORDS},
    }
    return render(request, "labour/enterprise_detail.html", context, status=400 if bound is not None else 200)


@require_GET
@staff_view(Capability.LABOUR_VIEW)
def enterprise_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, pk)


def record_view(name: str) -> Callable[..., Any]:
    """The POST of one of the card's forms: its service called for the enterprise."""
    spec = RECORDS[name]

    @require_POST
    @staff_view(Capability.LABOUR_MANAGE)
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        user = actor(request)
        enterprise = enterprise_get(actor=user, enterprise_id=pk)
        form = _form(name, enterprise, request.POST)
        if form.is_valid():
            values = form.service_kwargs() if hasattr(form, "service_kwargs") else dict(form.cleaned_data)
            if spec.id_kwarg:
                values[spec.id_kwarg] = pk
            ok, _done = submit(form, lambda: spec.service(actor=user, **values))
            if ok:
                messages.success(request, str(spec.done))
                return redirect("labour:enterprise_detail", pk=pk)
        return _detail_page(request, pk, form, name)

    view.__name__ = f"{name}_view"
    return view


@dataclass(frozen=True)
class _Import:
    """What differs between the labour registers' imports: the page's words, the service that
    imports a file all or nothing, its refusal, and where a done import goes."""

    title: Any
    help: Any
    form_id: str
    run: Callable[..., list[Any]]
    refused: type[Exception]
    done: Any  # "%(n)d ... are imported."
    then: str


SURVEYS = _Import(
    title=gettext_lazy("Import monthly surveys"),
    help=gettext_lazy(
        "An XLSX workbook whose first row names the columns: bin, month, staff, hired, quit, released, "
        "unpaid_leave, part_time, downtime, stoppage, forecast. Every row is checked; a file with an error "
        "is refused whole."
    ),
    form_id="import-form",
    run=services.surveys_import,
    refused=services.SurveyImportRefused,
    done=gettext_lazy("%(n)d surveys are imported."),
    then="labour:enterprise_list",
)


def _import_page(request: HttpRequest, kind: _Import, form: Any) -> HttpResponse:
    """Post a file to the kind's import: done, back to its list; refused, the page again with every
    bad row named (``includes/import_errors.html``)."""
    errors: list[Any] = []
    if request.method == "POST" and form.is_valid():
        try:
            made = kind.run(actor=actor(request), content=form.cleaned_data["file"].read())
        except kind.refused as exc:
            errors = exc.errors  # type: ignore[attr-defined]
            form.add_error("file", str(exc.message))  # type: ignore[attr-defined]
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, str(kind.done) % {"n": len(made)})
            return redirect(kind.then)
    context = {
        "form": form,
        "errors": errors,
        "title": kind.title,
        "help": kind.help,
        "form_id": kind.form_id,
    }
    return render(request, "labour/import.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@staff_view(Capability.LABOUR_MANAGE)
def surveys_import_view(request: HttpRequest) -> HttpResponse:
    return _import_page(request, SURVEYS, forms.ImportForm(request.POST or None, request.FILES or None))


@require_GET
@staff_view(Capability.LABOUR_VIEW)
def figures(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    choose, year, unit = TerritoryYearForm.chosen(request.GET, actor=user)
    sections = []
    if unit is not None:
        sections = [
            (
                _("Monitoring of the labour market at enterprises"),
                market_figures(actor=user, year=year, prefix=unit.prefix),
            ),
            (_("Labour relations"), relations_figures(actor=user, year=year, prefix=unit.prefix)),
        ]
    if request.GET.get("format") == "xlsx":
        book = xlsx.table_workbook(
            sheet=_("Labour"),
            title=f"{_('Labour market and labour relations')} · {unit.name if unit else ''} · {year}",
            header=[_("Section"), _("Figure"), _("Value")],
            rows=[(title, f.label, f.value) for title, rows in sections for f in rows],
            widths={"A": 40, "B": 60, "C": 16},
        )
        return xlsx.download(book, f"labour-{year}.xlsx")
    context = {
        "choose": choose,
        "sections": sections,
        "year": year,
        "unit": unit,
        "query": request.GET.urlencode(),
    }
    return render(request, "labour/figures.html", context)


def _published_page(
    request: HttpRequest,
    *,
    form: django_forms.Form,
    template: str,
    figures_of: Callable[..., list[Any]],
    records_of: Callable[[Any], Any],
    sheet: str,
    title: str,
    name: str,
) -> HttpResponse:
    """A page of figures other state bodies publish: the figures of the chosen territory and year
    (with XLSX), the records of that year and the year before, and the form to enter one."""
    user = actor(request)
    choose, year, unit = TerritoryYearForm.chosen(request.GET, actor=user)
    rows = figures_of(actor=user, year=year, prefix=unit.prefix) if unit else []
    if request.method == "GET" and request.GET.get("format") == "xlsx":
        return xlsx.figures_download(
            rows, sheet=sheet, title=title, place=unit.name if unit else "", year=year, name=name
        )
    records = records_of(user).filter(year__in=(year - 1, year))
    if unit is not None:
        records = records.filter(kato__code__startswith=unit.prefix)
    context = {
        "choose": choose,
        "figures": rows,
        "year": year,
        "unit": unit,
        "query": request.GET.urlencode(),
        "records": records[:200],
        "form": form,
        "can_manage": policy.can(user, Capability.LABOUR_MANAGE),
    }
    return render(request, template, context, status=400 if form.errors else 200)


def _statistics_page(request: HttpRequest, form: forms.LabourForceForm) -> HttpResponse:
    return _published_page(
        request,
        form=form,
        template="labour/statistics.html",
        figures_of=statistics_figures,
        records_of=labour_force_visible,
        sheet=_("Labour force"),
        title=_("Labour force by the statistics"),
        name="labour-force",
    )


@require_GET
@staff_view(Capability.LABOUR_VIEW)
def statistics(request: HttpRequest) -> HttpResponse:
    return _statistics_page(request, forms.LabourForceForm(actor=actor(request)))


def _recorded(
    request: HttpRequest, form: django_forms.Form, service: Callable[..., Any], done: str, to: str
) -> Any:
    """The POST of a form of published figures: the service called, back to the figures of its year."""
    user = actor(request)
    if form.is_valid():
        ok, made = submit(form, lambda: service(actor=user, **form.cleaned_data))
        if ok and made is not None:
            messages.success(request, done)
            return redirect(f"{reverse(to)}?kato={made.kato_id}&year={made.year}")
    return None


@require_POST
@staff_view(Capability.LABOUR_MANAGE)
def statistics_create(request: HttpRequest) -> HttpResponse:
    form = forms.LabourForceForm(request.POST, actor=actor(request))
    done = _recorded(
        request, form, services.labour_force_record, _("The statistics are recorded."), "labour:statistics"
    )
    return done or _statistics_page(request, form)


def _esp_page(request: HttpRequest, form: forms.EspForm) -> HttpResponse:
    return _published_page(
        request,
        form=form,
        template="labour/esp.html",
        figures_of=esp_figures,
        records_of=esp_visible,
        sheet=_("Single aggregate payment"),
        title=_("Single aggregate payment"),
        name="esp",
    )


@require_GET
@staff_view(Capability.LABOUR_VIEW)
def esp(request: HttpRequest) -> HttpResponse:
    return _esp_page(request, forms.EspForm(actor=actor(request)))


@require_POST
@staff_view(Capability.LABOUR_MANAGE)
def esp_create(request: HttpRequest) -> HttpResponse:
    form = forms.EspForm(request.POST, actor=actor(request))
    done = _recorded(
        request, form, services.esp_record, _("The single aggregate payment is recorded."), "labour:esp"
    )
    return done or _esp_page(request, form)


STATISTICS = _Import(
    title=gettext_lazy("Import the statistics body's table"),
    help=gettext_lazy(
        "An XLSX workbook or a CSV whose first row names the columns: kato, year, quarter, labour_force, "
        "employed, self_employed, unemployed, source_title, source_number, published_on. The figures in "
        "thousands of persons as published. Every row is checked as the form checks it; a file with an "
        "error is refused whole."
    ),
    form_id="statistics-import-form",
    run=services.statistics_import,
    refused=services.StatisticsImportRefused,
    done=gettext_lazy("%(n)d quarters of statistics are imported."),
    then="labour:statistics",
)


@require_http_methods(["GET", "POST"])
@staff_view(Capability.LABOUR_MANAGE)
def statistics_import_view(request: HttpRequest) -> HttpResponse:
    """The statistics body's table of quarters and territories, all or nothing, each bad row named."""
    form = forms.StatisticsImportForm(request.POST or None, request.FILES or None)
    return _import_page(request, STATISTICS, form)
