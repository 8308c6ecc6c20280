"""Charity pages: the partners' register and a partner's card, the campaigns and a campaign's card
with its help in kind, the sponsorship of events for veterans and the figures of a year. Thin: parse,
call one service or selector, render. A page showing persons writes the read's audit row."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Count, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.accounts.forms import TerritoryYearForm
from komek.accounts.web import actor, person_viewer, staff_view
from komek.charity.filters import CampaignFilters, HelpLineFilters, PartnerFilters
from komek.charity.forms import CampaignForm, HelpForm, PartnerForm, SponsorshipForm
from komek.charity.report import charity_figures
from komek.charity.selectors import (
    campaign_get,
    campaigns_listed,
    events_to_sponsor,
    lines_visible,
    partner_get,
    partners_visible,
    sponsorships_visible,
)
from komek.charity.services import campaign_record, help_record, partner_record, sponsorship_record
from komek.common import lists, xlsx
from komek.common.web import submit
from komek.registry.selectors import read_persons

C = Capability
LINE = "charity.helpline"


def _partners_page(request: HttpRequest, form: PartnerForm) -> HttpResponse:
    user = actor(request)
    listing = lists.listing(
        request, PartnerFilters, partners_visible(user), defaults={"sort": "name"}, user=user
    )
    if lists.wants_xlsx(request) and request.method == "GET":
        rows = lists.exported(listing)
        if rows is not None:
            book = xlsx.table_workbook(
                sheet=_("Partners"), title=_("Register of NGOs, patrons, donors and funds"),
                header=[_("Name"), _("Kind"), _("BIN"), _("Contact"), _("Territory"), _("Registered on")],
                rows=[(p.name, p.get_kind_display(), p.bin, p.contact, p.kato.name, p.registered_on)
                      for p in rows],
                widths={"A": 45, "B": 30, "C": 14, "D": 35, "E": 25, "F": 12},
            )  # fmt: skip
            return xlsx.download(book, "charity-partners.xlsx")
        messages.error(request, lists.too_many_to_export(listing))
    context = {"listing": listing, "form": form, "can_manage": policy.can(user, C.CHARITY_MANAGE)}
    return render(request, "charity/partner_list.html", context, status=400 if form.errors else 200)


@require_GET
@staff_view(C.CHARITY_VIEW)
def partner_list(request: HttpRequest) -> HttpResponse:
    return _partners_page(request, PartnerForm(actor=actor(request)))


@require_POST
@staff_view(C.CHARITY_MANAGE)
def partner_create(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    form = PartnerForm(request.POST, actor=user)
    if form.is_valid():
        ok, found = submit(form, lambda: partner_record(actor=user, **form.cleaned_data))
        if ok and found is not None:
            messages.success(request, _("The partner is registered."))
            return redirect("charity:partner_detail", found.pk)
    return _partners_page(request, form)


@require_GET
@staff_view(C.CHARITY_VIEW)
def partner_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    found = partner_get(actor=user, partner_id=pk)
    given = lines_visible(user).filter(partner=found).aggregate(n=Count("id"), value=Sum("value"))
    context = {
        "partner": found,
        "campaigns": found.campaigns.select_related("kato").order_by("-started", "-id")[:200],
        "given": {"lines": given["n"], "value": int(given["value"] or 0)},
        "sponsorships": sponsorships_visible(user).filter(partner=found)[:200],
    }
    return render(request, "charity/partner_detail.html", context)


def _campaigns_page(request: HttpRequest, form: CampaignForm) -> HttpResponse:
    user = actor(request)
    listing = lists.listing(
        request, CampaignFilters, campaigns_listed(user), defaults={"sort": "-started"}, user=user
    )
    if lists.wants_xlsx(request) and request.method == "GET":
        rows = lists.exported(listing)
        if rows is not None:
            book = xlsx.table_workbook(
                sheet=_("Campaigns"), title=_("Charity campaigns and social projects"),
                header=[_("Title"), _("Kind"), _("Target group"), _("Territory"), _("From"), _("Until"),
                        _("Partners"), _("Help in kind given"), _("Children covered"), _("Persons employed")],
                rows=[(c.title, c.get_kind_display(), c.get_target_group_display(), c.kato.name, c.started,
                       c.ended, c.partners_count, c.lines_count, c.children, c.employed) for c in rows],
                widths={"A": 45, "B": 22, "C": 25, "D": 25, "E": 12, "F": 12},
            )  # fmt: skip
            return xlsx.download(book, "charity-campaigns.xlsx")
        messages.error(request, lists.too_many_to_export(listing))
    context = {"listing": listing, "form": form, "can_manage": policy.can(user, C.CHARITY_MANAGE)}
    return render(request, "charity/campaign_list.html", context, status=400 if form.errors else 200)


@require_GET
@staff_view(C.CHARITY_VIEW)
def campaign_list(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    return _campaigns_page(request, CampaignForm(actor=user, partners=partners_visible(user)[:500]))


@require_POST
@staff_view(C.CHARITY_MANAGE)
def campaign_create(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    form = CampaignForm(request.POST, actor=user, partners=partners_visible(user)[:500])
    if form.is_valid():
        ok, found = submit(form, lambda: campaign_record(actor=user, **form.cleaned_data))
        if ok and found is not None:
            messages.success(request, _("The campaign is recorded."))
            return redirect("charity:campaign_detail", found.pk)
    return _campaigns_page(request, form)


def _lines_workbook(campaign: Any, rows: list[Any]) -> Any:
    return xlsx.table_workbook(
        sheet=_("Help in kind"), title=f"{campaign.title}: {_('help in kind')}",
        header=[_("IIN"), _("Full name"), _("Family"), _("What was given"), _("Description"), _("Quantity"),
                _("Estimated value, tenge"), _("Date"), _("Given by")],
        rows=[(r.person.iin, r.person.full_name, str(r.family) if r.family_id else "", r.get_item_display(),
               r.description, r.quantity, r.value, r.date, r.partner.name if r.partner_id else "")
              for r in rows],
        widths={"A": 14, "B": 35, "C": 20, "D": 22, "E": 35, "F": 9, "G": 14, "H": 12, "I": 30},
    )  # fmt: skip


def _campaign_page(request: HttpRequest, pk: int, help_form: HelpForm | None = None) -> HttpResponse:
    user = actor(request)
    found = campaign_get(actor=user, campaign_id=pk)
    sees_persons = policy.can(user, C.PERSON_VIEW)
    listing = None
    if sees_persons:
        lines = lines_visible(user).filter(campaign=found)
        listing = lists.listing(request, HelpLineFilters, lines, defaults={"sort": "-date"}, user=user)
        if lists.wants_xlsx(request) and request.method == "GET":
            rows = lists.exported(listing)
            if rows is not None:
                read_persons(user=user, persons=rows, object_type=LINE, object_id=found.pk, export=True)
                return xlsx.download(_lines_workbook(found, rows), "charity-help.xlsx")
            messages.error(request, lists.too_many_to_export(listing))
        read_persons(user=user, persons=listing.rows, object_type=LINE, object_id=found.pk)
    totals = lines_visible(user).filter(campaign=found).aggregate(n=Count("id"), value=Sum("value"))
    context = {
        "campaign": found,
        "partners": found.partners.order_by("name"),
        "listing": listing,
        "totals": {"lines": totals["n"], "value": int(totals["value"] or 0)},
        "sees_persons": sees_persons,
        "can_manage": policy.can(user, C.CHARITY_MANAGE) and sees_persons,
        "help_form": help_form or HelpForm(partners=partners_visible(user)[:500], initial={"quantity": 1}),
    }
    return render(request, "charity/campaign_detail.html", context, status=400 if help_form else 200)


@require_GET
@staff_view(C.CHARITY_VIEW)
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _campaign_page(request, pk)


@require_POST
@staff_view(C.CHARITY_MANAGE)
def help_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = person_viewer(request)  # the form finds a person by IIN
    campaign_get(actor=user, campaign_id=pk)
    form = HelpForm(request.POST, partners=partners_visible(user)[:500])
    if form.is_valid():
        ok, _done = submit(form, lambda: help_record(actor=user, campaign_id=pk, **form.cleaned_data))
        if ok:
            messages.success(request, _("The help in kind is recorded."))
            return redirect("charity:campaign_detail", pk)
    return _campaign_page(request, pk, form)


def _sponsorships_page(request: HttpRequest, form: SponsorshipForm) -> HttpResponse:
    user = actor(request)
    context = {
        "sponsorships": sponsorships_visible(user)[:200],
        "form": form,
        "can_manage": policy.can(user, C.CHARITY_MANAGE),
    }
    return render(request, "charity/sponsorships.html", context, status=400 if form.errors else 200)


def _sponsorship_form(request: HttpRequest, data: Any = None) -> SponsorshipForm:
    user = actor(request)
    events = events_to_sponsor(user).order_by("-date", "-id")[:300]
    return SponsorshipForm(data, partners=partners_visible(user)[:500], events=events)


@require_GET
@staff_view(C.CHARITY_VIEW)
def sponsorships(request: HttpRequest) -> HttpResponse:
    return _sponsorships_page(request, _sponsorship_form(request))


@require_POST
@staff_view(C.CHARITY_MANAGE)
def sponsorship_create(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    form = _sponsorship_form(request, request.POST)
    if form.is_valid():
        ok, _done = submit(form, lambda: sponsorship_record(actor=user, **form.cleaned_data))
        if ok:
            messages.success(request, _("The sponsorship is recorded."))
            return redirect("charity:sponsorships")
    return _sponsorships_page(request, form)


@require_GET
@staff_view(C.CHARITY_VIEW)
def figures(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    choose, year, unit = TerritoryYearForm.chosen(request.GET, actor=user)
    rows = charity_figures(actor=user, year=year, prefix=unit.prefix) if unit else []
    if request.GET.get("format") == "xlsx":
        return xlsx.figures_download(
            rows,
            sheet=_("Charity"),
            title=_("Charity"),
            place=unit.name if unit else "",
            year=year,
            name="charity",
        )
    context = {
        "choose": choose,
        "figures": rows,
        "year": year,
        "unit": unit,
        "query": request.GET.urlencode(),
    }
    return render(request, "charity/figures.html", context)
