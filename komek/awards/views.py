"""Pages of state awards: the list of cases (search, filters, sort, pages, XLSX), a case with its
steps as forms, and the figures of a year. Thin: parse, call one service or selector, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.accounts.web import actor, staff_view
from komek.awards.choices import CHILDREN_REQUIRED, LAW
from komek.awards.filters import CaseFilters
from komek.awards.forms import DecisionForm, OpenForm, PresentForm, SendForm, YearForm
from komek.awards.report import awards_figures
from komek.awards.selectors import case_get, cases_listed
from komek.awards.services import award_present, case_open, decision_record, documents_send
from komek.common import audit, lists, xlsx
from komek.common.choices import AuditAction
from komek.common.lists import territory_choices
from komek.common.models import KatoUnit
from komek.common.web import submit
from komek.registry.models import Person

PERSON = {"person": "iin"}


def _workbook(rows: list[Any]) -> Any:
    return xlsx.table_workbook(
        sheet=_("Awards"), title=_("State awards to mothers of large families"),
        header=[_("IIN"), _("Mother"), _("Award"), _("Children"), _("Territory"), _("Documents sent on"),
                _("Status"), _("Decree number")],
        rows=[(c.person.iin, c.person.full_name, c.get_grade_display(), c.children, c.kato.name, c.sent_on,
               c.get_status_display(), c.decree) for c in rows],
        widths={"A": 14, "B": 35, "C": 40, "D": 10, "E": 25, "F": 14, "G": 20, "H": 16},
    )  # fmt: skip


def _list_page(request: HttpRequest, form: OpenForm) -> HttpResponse:
    user = actor(request)
    listing = lists.listing(request, CaseFilters, cases_listed(user), defaults={"sort": "-opened"}, user=user)
    if lists.wants_xlsx(request):
        rows = lists.exported(listing)
        if rows is not None:
            audit.read(
                actor=user, action=AuditAction.EXPORT, object_type="awards.awardcase",
                persons=[c.person_id for c in rows], ip_address=audit.client_ip(request),
                territory=audit.common_territory(c.kato_id for c in rows),
            )  # fmt: skip
            return xlsx.download(_workbook(rows), "awards.xlsx")
        messages.error(request, lists.too_many_to_export(listing))
    shown = list(listing.rows)
    if shown:
        audit.read(
            actor=user, object_type="awards.awardcase", persons=[c.person_id for c in shown],
            ip_address=audit.client_ip(request), territory=audit.common_territory(c.kato_id for c in shown),
        )  # fmt: skip
    context = {
        "listing": listing, "form": form, "can_manage": policy.can(user, Capability.AWARDS_MANAGE),
        "law": LAW,
    }  # fmt: skip
    return render(request, "awards/case_list.html", context, status=400 if form.errors else 200)


@require_GET
@staff_view(Capability.AWARDS_VIEW)
def case_list(request: HttpRequest) -> HttpResponse:
    if not policy.can(actor(request), Capability.PERSON_VIEW):
        return redirect("awards:figures")  # the analyst works with the figures, never with the mothers
    return _list_page(request, OpenForm(initial={"opened_on": timezone.localdate(), "children_other": 0}))


@require_POST
@staff_view(Capability.AWARDS_MANAGE)
def case_create(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    form = OpenForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        person = Person.objects.filter(iin=data.pop("iin")).values_list("pk", flat=True).first()
        if person is None:
            form.add_error("iin", _("No person with this IIN is in the registry."))
        else:
            ok, found = submit(form, lambda: case_open(actor=user, person_id=person, **data), aliases=PERSON)
            if ok and found is not None:
                messages.success(request, _("The award case is opened."))
                return redirect("awards:case_detail", found.pk)
    return _list_page(request, form)


def _card(request: HttpRequest, pk: int, **forms: Any) -> HttpResponse:
    user = actor(request)
    policy.require(user, Capability.PERSON_VIEW)
    found = case_get(actor=user, case_id=pk)
    audit.read(
        actor=user, obj=found, persons=[found.person_id], territory=found.kato_id,
        ip_address=audit.client_ip(request),
    )  # fmt: skip
    context = {
        "case": found,
        "needed": CHILDREN_REQUIRED[found.grade],  # type: ignore[index]
        "law": LAW,
        "send_form": forms.get("send_form") or SendForm(),
        "decision_form": forms.get("decision_form") or DecisionForm(),
        "present_form": forms.get("present_form") or PresentForm(),
        "can_manage": policy.can(user, Capability.AWARDS_MANAGE),
    }
    failed = any(f.errors for f in forms.values())
    return render(request, "awards/case_detail.html", context, status=400 if failed else 200)


@require_GET
@staff_view(Capability.AWARDS_VIEW)
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _card(request, pk)


@require_POST
@staff_view(Capability.AWARDS_MANAGE)
def case_send(request: HttpRequest, pk: int) -> HttpResponse:
    form = SendForm(request.POST)
    if form.is_valid():
        ok, _done = submit(
            form, lambda: documents_send(actor=actor(request), case_id=pk, **form.cleaned_data)
        )
        if ok:
            messages.success(request, _("The documents are recorded as sent."))
            return redirect("awards:case_detail", pk)
    return _card(request, pk, send_form=form)


@require_POST
@staff_view(Capability.AWARDS_MANAGE)
def case_decision(request: HttpRequest, pk: int) -> HttpResponse:
    form = DecisionForm(request.POST)
    if form.is_valid():
        ok, _done = submit(
            form, lambda: decision_record(actor=actor(request), case_id=pk, **form.cleaned_data)
        )
        if ok:
            messages.success(request, _("The decision is recorded."))
            return redirect("awards:case_detail", pk)
    return _card(request, pk, decision_form=form)


@require_POST
@staff_view(Capability.AWARDS_MANAGE)
def case_present(request: HttpRequest, pk: int) -> HttpResponse:
    form = PresentForm(request.POST)
    if form.is_valid():
        ok, _done = submit(form, lambda: award_present(actor=actor(request), case_id=pk, **form.cleaned_data))
        if ok:
            messages.success(request, _("The presentation of the award is recorded."))
            return redirect("awards:case_detail", pk)
    return _card(request, pk, present_form=form)


@require_GET
@staff_view(Capability.AWARDS_VIEW)
def figures(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    today = timezone.localdate()
    choose = YearForm(request.GET or None, initial={"year": today.year})
    units = territory_choices(policy.prefixes(user))
    choose.fields["kato"].choices = units  # type: ignore[attr-defined]
    year, prefix = today.year, (units[0][0] if units else "")
    if choose.is_valid():
        year, prefix = choose.cleaned_data["year"], choose.cleaned_data["kato"]
    unit = next((u for u in KatoUnit.objects.filter(code__startswith=prefix).order_by("code")[:1]), None)
    found = awards_figures(actor=user, year=year, prefix=prefix) if units else []
    if request.GET.get("format") == "xlsx":
        return xlsx.figures_download(
            found,
            sheet=_("Awards"),
            title=_("State awards to mothers of large families"),
            place="",
            year=year,
            name="awards",
        )
    context = {
        "choose": choose, "figures": found, "year": year, "unit": unit, "query": request.GET.urlencode(),
    }  # fmt: skip
    return render(request, "awards/figures.html", context)
