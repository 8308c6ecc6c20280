"""Suppliers and contracts, deliveries against the contracted quantity, issues to the person."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.accounts.models import User
from komek.common import audit
from komek.common.audit import created
from komek.common.choices import AuditAction
from komek.common.dated import in_force_q
from komek.common.errors import DomainError
from komek.common.periods import add_months_keep_day
from komek.common.validation import today
from komek.registry.models import Person
from komek.rehabilitation import choices
from komek.rehabilitation.models import (
    Contract,
    ContractLine,
    Delivery,
    Entitlement,
    Issue,
    QueueEntry,
    Supplier,
)


@dataclass
class LineInput:
    kind: str
    item: str
    unit_price: int
    quantity: int


@transaction.atomic
def supplier_create(*, actor: User, bin: str, name: str, kinds: list[str]) -> Supplier:  # noqa: A002
    policy.require(actor, Capability.REHAB_MANAGE)
    bin = (bin or "").strip()  # noqa: A001
    if len(bin) != 12 or not bin.isdigit():
        raise DomainError(_("A BIN has 12 digits."), field="bin")
    if Supplier.objects.filter(bin=bin).exists():
        raise DomainError(_("A supplier with this BIN is already registered."), field="bin")
    if not name.strip():
        raise DomainError(_("The name is required."), field="name")
    unknown = [k for k in kinds if k not in choices.AidKind.values]
    if unknown:
        raise DomainError(_("Unknown aid kind: %(kind)s.") % {"kind": unknown[0]}, field="kinds")
    supplier = Supplier.objects.create(bin=bin, name=name.strip(), kinds=sorted(set(kinds)))
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=supplier,
        changes=created({"bin": bin, "name": supplier.name, "kinds": supplier.kinds}),
    )
    return supplier


@transaction.atomic
def contract_create(
    *,
    actor: User,
    supplier: Supplier,
    number: str,
    year: int,
    district: str,
    signed_on: dt.date,
    lines: list[LineInput],
) -> Contract:
    """A year's contract with its lines (aid kind, item, unit price, contracted quantity)."""
    policy.require(actor, Capability.REHAB_MANAGE)
    if not number.strip():
        raise DomainError(_("The contract number is required."), field="number")
    if Contract.objects.filter(supplier=supplier, number=number.strip()).exists():
        raise DomainError(_("This supplier already has a contract with this number."), field="number")
    if not lines:
        raise DomainError(_("The contract has no lines."), field="lines")
    for n, line in enumerate(lines, start=1):
        if line.kind not in supplier.kinds:
            raise DomainError(
                _("Line %(n)s: the supplier does not supply %(kind)s.") % {"n": n, "kind": line.kind},
                field="kind",
            )
        if line.quantity <= 0 or line.unit_price <= 0:
            raise DomainError(
                _("Line %(n)s: quantity and price must be positive.") % {"n": n}, field="quantity"
            )
    contract = Contract.objects.create(
        supplier=supplier, number=number.strip(), year=year, district=district, signed_on=signed_on
    )
    ContractLine.objects.bulk_create(
        [
            ContractLine(
                contract=contract, kind=x.kind, item=x.item, unit_price=x.unit_price, quantity=x.quantity
            )
            for x in lines
        ]
    )
    audit.record(
        territory=district,
        actor=actor,
        action=AuditAction.CREATE,
        obj=contract,
        changes=created(
            {
                "number": contract.number,
                "year": year,
                "lines": [[x.kind, x.item, x.unit_price, x.quantity] for x in lines],
            }
        ),
    )
    return contract


@transaction.atomic
def delivery_record(
    *, actor: User, line: ContractLine, delivered_on: dt.date, quantity: int, document: str = ""
) -> Delivery:
    """A supplier's delivery; the deliveries of a line never exceed its contracted quantity."""
    policy.require(actor, Capability.REHAB_MANAGE)
    line = ContractLine.objects.select_for_update().select_related("contract").get(pk=line.pk)
    if quantity <= 0:
        raise DomainError(_("The quantity must be positive."), field="quantity")
    if delivered_on > today():
        raise DomainError(_("The date cannot be in the future."), field="delivered_on")
    delivered = line.deliveries.aggregate(n=Sum("quantity"))["n"] or 0
    if delivered + quantity > line.quantity:
        raise DomainError(
            _(
                "Above the contract: %(contracted)s contracted, "
                "%(delivered)s already delivered, %(left)s left."
            )
            % {"contracted": line.quantity, "delivered": delivered, "left": line.quantity - delivered},
            field="quantity",
            code="above_contract",
        )
    delivery = Delivery.objects.create(
        line=line, delivered_on=delivered_on, quantity=quantity, document=document
    )
    audit.record(
        territory=line.contract.district,
        actor=actor,
        action=AuditAction.CREATE,
        obj=delivery,
        changes=created({"line": line.pk, "delivered_on": str(delivered_on), "quantity": quantity}),
    )
    return delivery


def _entitlement_on(person: Person, kind: str, on: dt.date) -> Entitlement:
    entitlement = (
        Entitlement.objects.filter(in_force_q(on), person=person, kind=kind).order_by("-valid_from").first()
    )
    if entitlement is None:
        raise DomainError(
            _("The person's IPR does not entitle them to %(aid)s on %(date)s.")
            % {"aid": choices.AidKind(kind).label, "date": on.strftime("%d.%m.%Y")},
            field="line",
            code="not_entitled",
        )
    return entitlement


@transaction.atomic
def issue_record(
    *,
    actor: User,
    person: Person,
    line: ContractLine,
    issued_on: dt.date,
    quantity: int,
    serial_number: str = "",
    receipt_signed: bool,
) -> Issue:
    """Hand an aid from a contract line's deliveries to the person, against their signature."""
    policy.require(actor, Capability.REHAB_MANAGE)
    policy.require_territory(actor, person.kato_id)
    line = ContractLine.objects.select_for_update().get(pk=line.pk)
    if line.kind not in choices.ITEM_KINDS:
        raise DomainError(_("This line is not an aid that is issued."), field="line")
    if issued_on > today():
        raise DomainError(_("The date cannot be in the future."), field="issued_on")
    if not receipt_signed:
        raise DomainError(_("The person's signature of receipt is required."), field="receipt_signed")
    if quantity <= 0:
        raise DomainError(_("The quantity must be positive."), field="quantity")
    entitlement = _entitlement_on(person, line.kind, issued_on)
    last = Issue.objects.filter(person=person, kind=line.kind).order_by("-issued_on").first()
    if last is not None and last.replace_after and issued_on < last.replace_after:
        raise DomainError(
            _("%(aid)s was issued on %(last)s; its replacement period runs until %(until)s.")
            % {
                "aid": choices.AidKind(line.kind).label,
                "last": last.issued_on.strftime("%d.%m.%Y"),
                "until": last.replace_after.strftime("%d.%m.%Y"),
            },
            field="issued_on",
            code="within_replacement_period",
        )
    delivered = line.deliveries.filter(delivered_on__lte=issued_on).aggregate(n=Sum("quantity"))["n"] or 0
    issued = line.issues.aggregate(n=Sum("quantity"))["n"] or 0
    if issued + quantity > delivered:
        raise DomainError(
            _("Not in stock: %(delivered)s delivered on this line, %(issued)s already issued.")
            % {"delivered": delivered, "issued": issued},
            field="quantity",
            code="not_in_stock",
        )
    months = entitlement.replacement_months
    issue = Issue.objects.create(
        person=person,
        entitlement=entitlement,
        line=line,
        kind=line.kind,
        issued_on=issued_on,
        quantity=quantity,
        serial_number=serial_number.strip(),
        receipt_signed=True,
        replace_after=add_months_keep_day(issued_on, months) if months else None,
        issued_by=actor,
    )
    closed = QueueEntry.objects.filter(
        person=person, kind=line.kind, status=choices.QueueStatus.WAITING, applied_on__lte=issued_on
    ).update(status=choices.QueueStatus.PROVIDED, closed_on=issued_on)
    audit.record(
        territory=person.kato_id,
        actor=actor,
        action=AuditAction.CREATE,
        obj=issue,
        person_id=person.pk,
        changes=created(
            {
                "kind": line.kind,
                "line": line.pk,
                "issued_on": str(issued_on),
                "quantity": quantity,
                "serial_number": issue.serial_number,
                "queue_closed": closed,
            }
        ),
    )
    return issue
