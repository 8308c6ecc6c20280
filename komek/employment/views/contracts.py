"""Social contracts: signing one with its activation plan, the contract page, monitoring, sanctions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.accounts.web import actor, staff_view
from komek.common.audit import client_ip
from komek.common.validation import today
from komek.common.web import submit
from komek.employment.forms import ContractForm, FulfilmentForm, ObligationFormSet, RefusalForm
from komek.employment.selectors.contracts import contract_of_assignment
from komek.employment.selectors.records import contract_detail, obligation_visible, participations_of
from komek.employment.services.contracts import (
    obligation_check,
    social_contract_create,
    social_contract_sanction,
)
from komek.legislation.terms import legal_term
from komek.registry.models import Family
from komek.registry.selectors import families_visible, persons_visible
from komek.rules.terms import SOCIAL_CONTRACT_SANCTION_MONTHS


def _family(request: HttpRequest, form: ContractForm) -> Family | None:
    data = form.cleaned_data
    families = families_visible(actor(request))
    if data.get("family_id"):
        family = families.filter(pk=data["family_id"]).first()
    else:
        family = families.filter(
            memberships__person__iin=data["head_iin"].strip(),
            memberships__relation="head",
            memberships__valid_to__isnull=True,
        ).first()
    if family is None:
        form.add_error("family_id", _("No such family in your territorial units."))
    return family


def _plan(request: HttpRequest, formset: Any) -> list[tuple[Any, str, Any]] | None:
    rows = [f.cleaned_data for f in formset.forms if f.cleaned_data]
    people = {p.iin: p for p in persons_visible(actor(request)).filter(iin__in=[r["iin"] for r in rows])}
    items, ok = [], True
    for f, r in ((f, f.cleaned_data) for f in formset.forms if f.cleaned_data):
        person = people.get(r["iin"])
        if person is None:
            f.add_error("iin", _("No person with this IIN in your territorial units."))
            ok = False
        else:
            items.append((person, r["measure"], r["due_by"]))
    return items if ok else None


@require_http_methods(["GET", "POST"])
@staff_view(Capability.EMPLOYMENT_MANAGE)
def contract_create(request: HttpRequest) -> HttpResponse:
    form = ContractForm(request.POST or None)
    formset = ObligationFormSet(request.POST or None, prefix="items")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        family = _family(request, form)
        items = _plan(request, formset)
        if family is not None and items is not None:
            d = form.cleaned_data
            ok, contract = submit(
                form,
                lambda: social_contract_create(
                    actor=actor(request),
                    family=family,
                    number=d["number"],
                    signed_on=d["signed_on"],
                    valid_to=d["valid_to"],
                    items=items,
                    assignment_id=d["assignment_id"],
                ),
                aliases={"family": "family_id"},
            )
            if ok and contract is not None:
                messages.success(request, _("The social contract is signed."))
                return redirect("employment:contract_detail", pk=contract.pk)
    return render(request, "employment/contract_form.html", {"form": form, "formset": formset})


@require_GET
@staff_view(Capability.EMPLOYMENT_VIEW)
def contract_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_detail(user=actor(request), contract_id=pk, ip_address=client_ip(request))
    return render(request, "employment/contract_detail.html", {"contract": contract})


@require_http_methods(["GET", "POST"])
@staff_view(Capability.EMPLOYMENT_MANAGE)
def obligation_fulfil(request: HttpRequest, pk: int) -> HttpResponse:
    item = obligation_visible(user=actor(request), item_id=pk)
    form = FulfilmentForm(
        request.POST or None, participations=participations_of(user=actor(request), person_id=item.person_id)
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        ok, _i = submit(
            form,
            lambda: obligation_check(
                actor=actor(request), item=item, on=d["on"], participation=d["participation"], note=d["note"]
            ),
            aliases={"status": "participation"},
        )
        if ok:
            messages.success(request, _("The check of the obligation is recorded."))
            return redirect("employment:contract_detail", pk=item.contract_id)
    return render(request, "employment/obligation_form.html", {"form": form, "item": item, "refusal": False})


@require_http_methods(["GET", "POST"])
@staff_view(Capability.EMPLOYMENT_MANAGE)
def obligation_refuse(request: HttpRequest, pk: int) -> HttpResponse:
    item = obligation_visible(user=actor(request), item_id=pk)
    form = RefusalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        ok, sanction = submit(
            form,
            lambda: social_contract_sanction(actor=actor(request), item=item, on=d["on"], note=d["note"]),
        )
        if ok and sanction is not None:
            messages.success(
                request,
                _("The refusal is recorded: TSA stops from %(start)s to %(end)s.")
                % {
                    "start": sanction.date_from.strftime("%d.%m.%Y"),
                    "end": sanction.date_to.strftime("%d.%m.%Y"),
                },
            )
            return redirect("employment:contract_detail", pk=item.contract_id)
    context = {"form": form, "item": item, "refusal": True}
    context["sanction_months"] = legal_term(SOCIAL_CONTRACT_SANCTION_MONTHS, today())
    return render(request, "employment/obligation_form.html", context)


__all__ = ["contract_create", "contract_detail_view", "obligation_fulfil", "obligation_refuse"]


@require_GET
@staff_view(Capability.ASSIGNMENT_VIEW)
def assignment_contract(request: HttpRequest, pk: int) -> HttpResponse:
    """The social contract of an assignment's page (``benefits:assignment_detail`` loads it): the
    contract that names the assignment, its state and period, a link for those who may open it."""
    user = actor(request)
    contract = contract_of_assignment(actor=user, assignment_id=pk)
    can_open = policy.can(user, Capability.EMPLOYMENT_VIEW) and policy.can(user, Capability.PERSON_VIEW)
    return render(
        request, "employment/_assignment_contract.html", {"contract": contract, "can_open": can_open}
    )
