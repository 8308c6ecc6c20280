"""The commission's pages: meetings, the agenda with votes and amounts, the protocol."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from komek.accounts.choices import Capability
from komek.accounts.web import actor, staff_view
from komek.commissions import selectors
from komek.commissions.choices import Kind
from komek.commissions.filters import MeetingFilters
from komek.commissions.forms import AmountForm, MeetingForm
from komek.commissions.protocol import protocol_pdf
from komek.commissions.services import meetings, signing, votes
from komek.commissions.views.kinds import held_page
from komek.common import lists, xlsx
from komek.common.web import step, submit


@require_GET
@staff_view()
def meeting_list(request: HttpRequest) -> HttpResponse:
    """The special commission's meetings: search, filters, sort order, pages and the XLSX export."""
    user = actor(request)
    found = selectors.meetings_listed(user=user)
    listing = lists.listing(request, MeetingFilters, found, defaults={"sort": "-date"}, user=user)
    if lists.wants_xlsx(request):
        rows = lists.exported(listing)
        if rows is not None:
            return xlsx.download(_meetings_workbook(rows), "commission-meetings.xlsx")
        messages.error(request, lists.too_many_to_export(listing))
    return render(
        request,
        "commissions/meeting_list.html",
        {"listing": listing, "waiting": selectors.waiting_count(user=user)},
    )


def _meetings_workbook(rows: list[Any]) -> Any:
    return xlsx.table_workbook(
        sheet=_("Meetings"), title=_("Commission meetings"),
        header=[_("Protocol No."), _("Date"), _("Territory"), _("Cases"), _("Status")],
        rows=[(m.number, m.date, m.kato.name, m.n_items, m.get_status_display()) for m in rows],
        widths={"A": 14, "B": 12, "C": 35, "D": 10, "E": 22},
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
@staff_view(Capability.COMMISSION_MANAGE)
def meeting_create(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    units = list(user.units.all())
    form = MeetingForm(request.POST or None, units=units, voters=selectors.voters(user=user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, meeting = submit(
            form,
            lambda: meetings.meeting_create(
                actor=user,
                kato=data["kato"],
                date=data["date"],
                quorum=data["quorum"],
                member_ids=[int(i) for i in data["members"]],
            ),  # fmt: skip
        )
        if ok and meeting is not None:
            added = meetings.agenda_build(actor=user, meeting_id=meeting.pk)
            messages.success(request, _("Meeting convened; %(n)s cases on the agenda.") % {"n": added})
            return redirect("commissions:meeting_detail", meeting.pk)
    return render(request, "commissions/meeting_form.html", {"form": form})


@require_GET
@staff_view()
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if selectors.meetings_visible(actor(request)).filter(pk=pk).exclude(kind=Kind.SOCIAL_ASSISTANCE).exists():
        return held_page(request, pk)  # a meeting of one of the other commissions
    card = selectors.meeting_detail(user=actor(request), meeting_id=pk)
    return render(request, "commissions/meeting_detail.html", {"card": card, "meeting": card.meeting})


def _step(request: HttpRequest, pk: int, action: Callable[[], Any], done: str) -> HttpResponse:
    return step(request, action, done=done, to=reverse("commissions:meeting_detail", args=[pk]))


@require_POST
@staff_view(Capability.COMMISSION_MANAGE)
def agenda_build(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    return _step(request, pk, lambda: meetings.agenda_build(actor=user, meeting_id=pk), _("Agenda updated."))


@require_POST
@staff_view(Capability.COMMISSION_VOTE)
def vote(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    user = actor(request)
    choice = request.POST.get("choice", "")
    return _step(
        request,
        pk,
        lambda: votes.vote_cast(actor=user, item_id=item_pk, choice=choice),
        _("Vote recorded."),
    )


@require_POST
@staff_view(Capability.COMMISSION_MANAGE)
def item_amount(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    user = actor(request)
    form = AmountForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the amount in whole tenge."))
        return redirect("commissions:meeting_detail", pk)
    amount = form.cleaned_data["amount"]
    return _step(
        request,
        pk,
        lambda: votes.item_set_amount(actor=user, item_id=item_pk, amount=amount),
        _("Amount set."),
    )


@require_POST
@staff_view(Capability.COMMISSION_MANAGE)
def protocol_sign(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    return _step(
        request, pk, lambda: signing.protocol_sign(actor=user, meeting_id=pk),
        _("Protocol signed; the cases are decided and the letters ready."),
    )  # fmt: skip


@require_GET
@staff_view()
def protocol_download(request: HttpRequest, pk: int) -> HttpResponse:
    card = selectors.meeting_detail(user=actor(request), meeting_id=pk, export=True)
    response = HttpResponse(protocol_pdf(card), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="protocol-{card.meeting.number}.pdf"'
    return response
