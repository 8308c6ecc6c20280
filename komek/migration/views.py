"""Migration pages: kandas (list with search, filters, pages and XLSX; a kandas's card with the
support paid), consultations, invitations, permits for foreign labour (list and form), the quota
used and left by category, the checks of employers and the figures of a year. Thin: parse, call one
service or selector, render. A page showing persons writes the read's audit row."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.accounts.forms import TerritoryYearForm
from komek.accounts.web import actor, person_viewer, staff_view
from komek.common import lists, xlsx
from komek.common.web import submit
from komek.migration.choices import ROMAN
from komek.migration.countries import country_name
from komek.migration.filters import KandasFilters, PermitFilters
from komek.migration.forms import (
    CheckForm,
    ConsultationForm,
    InvitationForm,
    KandasForm,
    PermitForm,
    SupportForm,
)
from komek.migration.quota import quotas_of
from komek.migration.report import migration_figures
from komek.migration.selectors import (
    checks_visible,
    consultations_visible,
    invitations_visible,
    permits_visible,
    status_get,
    statuses_listed,
)
from komek.migration.services import (
    check_record,
    consultation_record,
    invitation_issue,
    kandas_assign,
    permit_issue,
    support_pay,
)
from komek.registry.selectors import read_persons

C = Capability
OBJECT = "migration.kandasstatus"


def _kandas_page(request: HttpRequest, form: KandasForm) -> HttpResponse:
    user = person_viewer(request)
    listing = lists.listing(
        request, KandasFilters, statuses_listed(user), defaults={"sort": "-assigned"}, user=user
    )
    if lists.wants_xlsx(request):
        rows = lists.exported(listing)
        if rows is not None:
            read_persons(user=user, persons=[s.person for s in rows], object_type=OBJECT, export=True)
            book = xlsx.table_workbook(
                sheet=_("Kandas"), title=_("Kandas"),
                header=[_("IIN"), _("Full name"), _("Date of birth"), _("Assigned on"),
                        _("Country of origin"), _("Region of settlement"), _("Family members"),
                        _("Support paid, tenge")],
                rows=[(s.person.iin, s.person.full_name, s.person.birth_date, s.assigned_on,
                       country_name(s.country), s.kato.name, s.family, int(s.support or 0)) for s in rows],
                widths={"A": 14, "B": 35, "C": 12, "D": 12, "E": 20, "F": 25, "G": 10, "H": 14},
            )  # fmt: skip
            return xlsx.download(book, "kandas.xlsx")
        messages.error(request, lists.too_many_to_export(listing))
    read_persons(user=user, persons=[s.person for s in listing.rows], object_type=OBJECT)
    context = {"listing": listing, "form": form, "can_manage": policy.can(user, C.MIGRATION_MANAGE)}
    return render(request, "migration/kandas_list.html", context, status=400 if form.errors else 200)


@require_GET
@staff_view(C.MIGRATION_VIEW)
def kandas_list(request: HttpRequest) -> HttpResponse:
    return _kandas_page(request, KandasForm(actor=actor(request)))


@require_POST
@staff_view(C.MIGRATION_MANAGE)
def kandas_create(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    form = KandasForm(request.POST, actor=user)
    if form.is_valid():
        ok, found = submit(form, lambda: kandas_assign(actor=user, **form.cleaned_data))
        if ok and found is not None:
            messages.success(request, _("The kandas status is assigned."))
            return redirect("migration:kandas_detail", found.pk)
    return _kandas_page(request, form)


def _card(request: HttpRequest, pk: int, support_form: SupportForm | None = None) -> HttpResponse:
    user = person_viewer(request)
    found = status_get(actor=user, status_id=pk)
    members = list(found.members.select_related("kato").order_by("birth_date", "id"))
    read_persons(user=user, persons=[found.person, *members], object_type=OBJECT, object_id=pk)
    context = {
        "status": found, "country": country_name(found.country), "members": members,
        "supports": found.supports.all(), "support_form": support_form or SupportForm(),
        "can_manage": policy.can(user, C.MIGRATION_MANAGE),
    }  # fmt: skip
    failed = support_form is not None and bool(support_form.errors)
    return render(request, "migration/kandas_detail.html", context, status=400 if failed else 200)


@require_GET
@staff_view(C.MIGRATION_VIEW)
def kandas_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _card(request, pk)


@require_POST
@staff_view(C.MIGRATION_MANAGE)
def support_view(request: HttpRequest, pk: int) -> HttpResponse:
    form = SupportForm(request.POST)
    if form.is_valid():
        ok, _done = submit(form, lambda: support_pay(actor=actor(request), status_id=pk, **form.cleaned_data))
        if ok:
            messages.success(request, _("The support paid is recorded."))
            return redirect("migration:kandas_detail", pk)
    return _card(request, pk, form)


def _consultations_page(request: HttpRequest, form: ConsultationForm) -> HttpResponse:
    user = person_viewer(request)
    rows = list(consultations_visible(user)[:200])
    read_persons(
        user=user, persons=[c.person_id for c in rows if c.person_id], object_type="migration.consultation"
    )
    context = {"consultations": rows, "form": form, "can_manage": policy.can(user, C.MIGRATION_MANAGE)}
    return render(request, "migration/consultations.html", context, status=400 if form.errors else 200)


@require_GET
@staff_view(C.MIGRATION_VIEW)
def consultations(request: HttpRequest) -> HttpResponse:
    return _consultations_page(request, ConsultationForm(actor=actor(request)))


@require_POST
@staff_view(C.MIGRATION_MANAGE)
def consultation_create(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    form = ConsultationForm(request.POST, actor=user)
    if form.is_valid():
        ok, _done = submit(form, lambda: consultation_record(actor=user, **form.cleaned_data))
        if ok:
            messages.success(request, _("The consultation is recorded."))
            return redirect("migration:consultations")
    return _consultations_page(request, form)


def _invitations_page(request: HttpRequest, form: InvitationForm) -> HttpResponse:
    user = person_viewer(request)
    rows = list(invitations_visible(user)[:200])
    read_persons(user=user, persons=[i.inviter for i in rows], object_type="migration.invitation")
    context = {"invitations": rows, "form": form, "can_manage": policy.can(user, C.MIGRATION_MANAGE)}
    return render(request, "migration/invitations.html", context, status=400 if form.errors else 200)


@require_GET
@staff_view(C.MIGRATION_VIEW)
def invitations(request: HttpRequest) -> HttpResponse:
    return _invitations_page(request, InvitationForm(actor=actor(request)))


@require_POST
@staff_view(C.MIGRATION_MANAGE)
def invitation_create(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    form = InvitationForm(request.POST, actor=user)
    if form.is_valid():
        ok, _done = submit(form, lambda: invitation_issue(actor=user, **form.cleaned_data))
        if ok:
            messages.success(request, _("The invitation is issued."))
            return redirect("migration:invitations")
    return _invitations_page(request, form)


def _permits_page(request: HttpRequest, form: PermitForm) -> HttpResponse:
    user = actor(request)
    listing = lists.listing(
        request, PermitFilters, permits_visible(user), defaults={"sort": "-issued"}, user=user
    )
    if lists.wants_xlsx(request):
        rows = lists.exported(listing)
        if rows is not None:
            book = xlsx.table_workbook(
                sheet=_("Permits"), title=_("Permits to attract foreign labour"),
                header=[_("Issued on"), _("Employer"), _("BIN"), _("Category"), _("Country of origin"),
                        _("Workers"), _("Term from"), _("Term to"), _("Fee paid, tenge"), _("Territory")],
                rows=[(p.issued, p.employer, p.employer_bin, ROMAN[p.category], country_name(p.country),
                       p.workers, p.term_from, p.term_to, p.fee, p.kato.name) for p in rows],
                widths={"A": 12, "B": 35, "C": 14, "D": 8, "E": 20, "F": 8, "G": 12, "H": 12, "I": 14,
                        "J": 25},
            )  # fmt: skip
            return xlsx.download(book, "permits.xlsx")
        messages.error(request, lists.too_many_to_export(listing))
    context = {"listing": listing, "form": form, "can_manage": policy.can(user, C.MIGRATION_MANAGE)}
    return render(request, "migration/permits.html", context, status=400 if form.errors else 200)


@require_GET
@staff_view(C.MIGRATION_VIEW)
def permits(request: HttpRequest) -> HttpResponse:
    return _permits_page(request, PermitForm(actor=actor(request)))


@require_POST
@staff_view(C.MIGRATION_MANAGE)
def permit_create(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    form = PermitForm(request.POST, actor=user)
    if form.is_valid():
        ok, _done = submit(form, lambda: permit_issue(actor=user, **form.cleaned_data))
        if ok:
            messages.success(request, _("The permit is issued."))
            return redirect("migration:permits")
    return _permits_page(request, form)


@require_GET
@staff_view(C.MIGRATION_VIEW)
def quota(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    choose, year, unit = TerritoryYearForm.chosen(request.GET, actor=user)
    rows = quotas_of(year=year, code=unit.code) if unit else []
    context = {"choose": choose, "quotas": rows, "year": year, "unit": unit, "roman": ROMAN}
    return render(request, "migration/quota.html", context)


def _checks_page(request: HttpRequest, form: CheckForm) -> HttpResponse:
    user = actor(request)
    context = {
        "checks": checks_visible(user)[:200], "form": form,
        "can_manage": policy.can(user, C.MIGRATION_MANAGE),
    }  # fmt: skip
    return render(request, "migration/checks.html", context, status=400 if form.errors else 200)


@require_GET
@staff_view(C.MIGRATION_VIEW)
def checks(request: HttpRequest) -> HttpResponse:
    return _checks_page(request, CheckForm(actor=actor(request)))


@require_POST
@staff_view(C.MIGRATION_MANAGE)
def check_create(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    form = CheckForm(request.POST, actor=user)
    if form.is_valid():
        ok, _done = submit(form, lambda: check_record(actor=user, **form.cleaned_data))
        if ok:
            messages.success(request, _("The check is recorded."))
            return redirect("migration:checks")
    return _checks_page(request, form)


@require_GET
@staff_view(C.MIGRATION_VIEW)
def figures(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    choose, year, unit = TerritoryYearForm.chosen(request.GET, actor=user)
    rows = migration_figures(actor=user, year=year, prefix=unit.prefix) if unit else []
    if request.GET.get("format") == "xlsx":
        return xlsx.figures_download(
            rows,
            sheet=_("Migration"),
            title=_("Migration"),
            place=unit.name if unit else "",
            year=year,
            name="migration",
        )
    context = {
        "choose": choose, "figures": rows, "year": year, "unit": unit, "query": request.GET.urlencode(),
    }  # fmt: skip
    return render(request, "migration/figures.html", context)
