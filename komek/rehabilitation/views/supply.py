"""Suppliers, contracts and deliveries; sanatorium vouchers."""

from __future__ import annotations

import re

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.accounts.web import actor, staff_view
from komek.common import lists
from komek.common.errors import DomainError
from komek.common.web import submit
from komek.registry.selectors import read_persons
from komek.rehabilitation.districts import district_of
from komek.rehabilitation.filters import VoucherFilters
from komek.rehabilitation.forms.supply import (
    ContractForm,
    DeliveryForm,
    SupplierForm,
    VoucherAssignForm,
    VoucherForm,
)
from komek.rehabilitation.models import ContractLine, QueueEntry, Supplier
from komek.rehabilitation.selectors.cards import contract_lines, contracts_visible, vouchers_visible
from komek.rehabilitation.selectors.queues import queue_rows
from komek.rehabilitation.services.supply import LineInput, contract_create, delivery_record, supplier_create
from komek.rehabilitation.services.vouchers_hours import voucher_assign, voucher_close, vouchers_add


def _home_district(request: HttpRequest) -> str:
    unit = actor(request).units.order_by("code").first()
    if unit is None:
        raise Http404(_("Your account has no territorial unit."))
    return district_of(unit.code)


@require_http_methods(["GET", "POST"])
@staff_view(Capability.REHAB_VIEW)
def supply(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    manage = policy.can(user, Capability.REHAB_MANAGE)
    suppliers = list(Supplier.objects.order_by("name"))
    supplier_form = SupplierForm(request.POST if "add_supplier" in request.POST else None, prefix="s")
    contract_form = ContractForm(
        request.POST if "add_contract" in request.POST else None, suppliers=suppliers, prefix="c"
    )
    if manage and "add_supplier" in request.POST and supplier_form.is_valid():
        ok, _s = submit(supplier_form, lambda: supplier_create(actor=user, **supplier_form.cleaned_data))
        if ok:
            messages.success(request, _("The supplier is registered."))
            return redirect("rehabilitation:supply")
    if manage and "add_contract" in request.POST and contract_form.is_valid():
        d = contract_form.cleaned_data
        supplier = next(s for s in suppliers if s.pk == d["supplier"])
        line = LineInput(kind=d["kind"], item=d["item"], unit_price=d["unit_price"], quantity=d["quantity"])
        ok, _c = submit(
            contract_form,
            lambda: contract_create(
                actor=user,
                supplier=supplier,
                number=d["number"],
                year=d["year"],
                district=_home_district(request),
                signed_on=d["signed_on"],
                lines=[line],
            ),  # fmt: skip
        )
        if ok:
            messages.success(request, _("The contract is registered."))
            return redirect("rehabilitation:supply")
    context = {
        "lines": contract_lines(user),
        "contracts": contracts_visible(user).count(),
        "suppliers": suppliers,
        "supplier_form": supplier_form,
        "contract_form": contract_form,
    }
    return render(request, "rehabilitation/supply.html", context)


@require_http_methods(["GET", "POST"])
@staff_view(Capability.REHAB_MANAGE)
def delivery_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    line = (
        ContractLine.objects.filter(pk=pk, contract__in=contracts_visible(user))
        .select_related("contract")
        .first()
    )
    if line is None:
        raise Http404(_("No such contract line."))
    form = DeliveryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, _d = submit(form, lambda: delivery_record(actor=user, line=line, **form.cleaned_data))
        if ok:
            messages.success(request, _("The delivery is recorded."))
            return redirect("rehabilitation:supply")
    return render(request, "rehabilitation/delivery_form.html", {"form": form, "line": line})


@require_http_methods(["GET", "POST"])
@staff_view(Capability.REHAB_VIEW)
def vouchers(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    form = VoucherForm(request.POST or None)
    if request.method == "POST" and policy.can(user, Capability.REHAB_MANAGE) and form.is_valid():
        d = dict(form.cleaned_data)
        numbers = [n for n in re.split(r"[\s,;]+", d.pop("numbers")) if n]
        ok, _v = submit(
            form, lambda: vouchers_add(actor=user, district=_home_district(request), numbers=numbers, **d)
        )
        if ok:
            messages.success(request, _("The vouchers are registered."))
            return redirect("rehabilitation:vouchers")
    rows = queue_rows(user=user, kind="sanatorium", limit=200)
    listing = lists.listing(
        request, VoucherFilters, vouchers_visible(user), defaults={"sort": "-stay"}, user=user
    )
    read_persons(user=user, persons=[*rows, *listing.rows], object_type="rehabilitation.voucher")
    return render(
        request,
        "rehabilitation/vouchers.html",
        {"form": form, "listing": listing, "assign_form": VoucherAssignForm(rows=rows)},
    )


@require_POST
@staff_view(Capability.REHAB_MANAGE)
def voucher_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user = actor(request)
    voucher = vouchers_visible(user).filter(pk=pk).first()
    if voucher is None:
        raise Http404(_("No such voucher."))
    if action == "assign":
        rows = queue_rows(user=user, kind="sanatorium", limit=200)
        form = VoucherAssignForm(request.POST, rows=rows)
        if not form.is_valid():
            messages.error(request, _("Choose a person in the queue."))
            return redirect("rehabilitation:vouchers")
        entry = QueueEntry.objects.get(pk=form.cleaned_data["entry"])
        run = lambda: voucher_assign(actor=user, voucher=voucher, entry=entry)  # noqa: E731
    elif action in ("use", "return"):
        reason = request.POST.get("reason", "")
        run = lambda: voucher_close(actor=user, voucher=voucher, used=action == "use", reason=reason)  # noqa: E731
    else:
        raise Http404(_("No such action."))
    try:
        run()
        messages.success(request, _("The voucher is updated."))
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("rehabilitation:vouchers")
