"""Review of a list before approval: exclude or include a row, correct it, add a person.

Every change names its reason, is refused on an approved list, and is audited with the person.
"""

from __future__ import annotations

from typing import Any

import polars as pl
from django.db import transaction
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.benefits.iban import bank_code_of, validate_iban
from komek.benefits.models import Bank
from komek.category_payments.choices import ListStatus, RowOrigin
from komek.category_payments.models import PaymentList, PaymentListRow
from komek.category_payments.services._common import (
    PREPARERS,
    limit_error,
    locked_list,
    programme_terms,
)
from komek.category_payments.services._lookup import persons_by_iin, rule_amounts
from komek.category_payments.services._rows import insert_rows
from komek.common import audit
from komek.common.choices import AuditAction
from komek.common.errors import DomainError, NotFound


def _reason(reason: str) -> str:
    text = (reason or "").strip()
    if not text:
        raise DomainError(_("Give the reason for the change."), field="reason")
    return text[:300]


def _draft(actor: Any, list_id: int) -> PaymentList:
    policy.require_any(actor, *PREPARERS)
    payment_list = locked_list(PaymentList, list_id, actor)
    if payment_list.status != ListStatus.DRAFT:
        raise DomainError(
            _("This list is approved: it can no longer be changed."), field="list", code="approved"
        )
    return payment_list


def _row(payment_list: PaymentList, row_id: int) -> PaymentListRow:
    row = PaymentListRow.objects.select_related("person").filter(pk=row_id, payment_list=payment_list).first()
    if row is None:
        raise NotFound(_("No such row on this list."), field="row")
    return row


def bank_of(iban: str, *, field: str = "iban") -> Bank:
    """The active bank whose code the IBAN carries."""
    bank = Bank.objects.filter(iban_code=bank_code_of(iban), active=True).first()
    if bank is None:
        raise DomainError(
            _("No bank of Kazakhstan has the code %(code)s of this IBAN.") % {"code": bank_code_of(iban)},
            field=field,
            code="iban_bank",
        )
    return bank


def _log(actor: Any, row: PaymentListRow, action: str, changes: dict[str, Any], reason: str) -> None:
    audit.record(
        actor=actor,
        action=action,
        obj=row,
        person_id=row.person_id,
        territory=row.kato_code,
        changes=changes,
        reason=reason,
    )


def payment_list_row_exclude(*, actor: Any, list_id: int, row_id: int, reason: str) -> PaymentListRow:
    """Leave a person out of the payment, with the reason (the row stays on the list)."""
    text = _reason(reason)
    with transaction.atomic():
        row = _row(_draft(actor, list_id), row_id)
        if not row.included:
            raise DomainError(_("This person is already excluded."), field="row")
        row.included, row.reason = False, text
        row.save(update_fields=["included", "reason"])
        _log(actor, row, AuditAction.UPDATE, {"included": [True, False]}, text)
    return row


def payment_list_row_include(*, actor: Any, list_id: int, row_id: int, reason: str) -> PaymentListRow:
    """Take an excluded person back into the payment, with the reason."""
    text = _reason(reason)
    with transaction.atomic():
        row = _row(_draft(actor, list_id), row_id)
        if row.included:
            raise DomainError(_("This person is already included."), field="row")
        row.included, row.reason = True, ""
        row.save(update_fields=["included", "reason"])
        _log(actor, row, AuditAction.UPDATE, {"included": [False, True]}, text)
    return row


def payment_list_row_correct(
    *, actor: Any, list_id: int, row_id: int, reason: str, amount: int | None = None, iban: str = ""
) -> PaymentListRow:
    """Correct a row's amount (never above the programme's limit) or account, with the reason."""
    text = _reason(reason)
    with transaction.atomic():
        payment_list = _draft(actor, list_id)
        row = _row(payment_list, row_id)
        changes: dict[str, Any] = {}
        if amount is not None and amount != row.amount:
            if amount <= 0:
                raise DomainError(_("The amount is a positive whole number of tenge."), field="amount")
            if amount > payment_list.amount_limit:
                raise limit_error(amount, payment_list.amount_limit)
            changes["amount"] = [row.amount, amount]
            row.amount = amount
        if iban.strip():
            compact = validate_iban(iban)
            bank = bank_of(compact)
            changes["iban"] = [row.iban, compact]
            row.iban, row.bank = compact, bank
        if not changes:
            raise DomainError(_("Nothing to change."), field="amount")
        row.save(update_fields=["amount", "iban", "bank"])
        _log(actor, row, AuditAction.UPDATE, changes, text)
    return row


def payment_list_row_add(
    *, actor: Any, list_id: int, iin: str, reason: str, amount: int | None = None, iban: str = ""
) -> PaymentListRow:
    """Add a person of the registry who lives in the list's territory; the amount is the rule's
    unless given, and never above the programme's limit."""
    text = _reason(reason)
    with transaction.atomic():
        payment_list = _draft(actor, list_id)
        found = persons_by_iin([iin.strip()], on=payment_list.event_date, programme=payment_list.programme)
        if found.height == 0:
            raise DomainError(_("No person with this IIN in the registry."), field="iin", code="unknown_iin")
        person = found.row(0, named=True)
        if not (person["kato_code"] or "").startswith(payment_list.prefix):
            raise DomainError(
                _("This person does not live in the list's territory."), field="iin", code="territory"
            )
        policy.require_territory(actor, person["kato_code"], field="iin")
        if person["dead"]:
            raise DomainError(_("The registry records this person's death."), field="iin", code="dead")
        if person["paid"]:
            raise DomainError(
                _("This person is already paid for this programme and date."), field="iin", code="paid"
            )
        if PaymentListRow.objects.filter(payment_list=payment_list, person_id=person["person_id"]).exists():
            raise DomainError(_("This person is already on the list."), field="iin", code="twice")
        terms = programme_terms(
            code=payment_list.programme, on=payment_list.event_date, territory=payment_list.territory
        )
        rules = rule_amounts(terms, on=payment_list.event_date, family_ids=[person["family_id"]])
        rule = rules.filter(pl.col("person_id") == person["person_id"])["rule_amount"].to_list()
        rule_amount = rule[0] if rule else None
        pay = amount if amount is not None else rule_amount
        if pay is None:
            raise DomainError(
                _("The rules do not find this person eligible: give the amount."),
                field="amount",
                code="amount",
            )
        if pay <= 0:
            raise DomainError(_("The amount is a positive whole number of tenge."), field="amount")
        if pay > payment_list.amount_limit:
            raise limit_error(pay, payment_list.amount_limit)
        compact = validate_iban(iban) if iban.strip() else None
        bank = bank_of(compact) if compact else None
        frame = pl.DataFrame(
            [
                {
                    "person_id": person["person_id"],
                    "kato_code": person["kato_code"],
                    "amount": pay,
                    "rule_amount": rule_amount,
                    "bank_id": bank.pk if bank else None,
                    "iban": compact,
                }
            ]
        )
        insert_rows(payment_list, frame, origin=RowOrigin.ADDED)
        row = PaymentListRow.objects.get(payment_list=payment_list, person_id=person["person_id"])
        row.reason = text
        row.save(update_fields=["reason"])
        _log(actor, row, AuditAction.CREATE, {"amount": [None, pay], "iin": [None, iin.strip()]}, text)
    return row
