"""Correcting an assignment's bank account (a closed account, a typo the bank returned).

Checked as at the assignment's creation (an IBAN of Kazakhstan with its check digits, whose bank
code is the chosen bank's), audited with the account before and after. Payrolls already prepared
keep the account they were prepared with and show the correction as a change to prepare again;
a payment the bank returned from the old account is paid again to the new one by the next payroll
(``komek.payments.repayments``). Any assignment can be corrected, ended ones too: a returned payment
of its last month is still owed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.benefits.iban import validate_iban
from komek.benefits.models import Assignment
from komek.benefits.services._checks import AUDITED, OBJECT, audit_change, bank_of, locked
from komek.common import audit
from komek.common.errors import DomainError
from komek.common.refusals import audited_refusals

if TYPE_CHECKING:
    from komek.accounts.policy import Actor


@audited_refusals(OBJECT, id_kwarg="assignment_id")
def assignment_account_change(
    *, actor: Actor, assignment_id: int, bank_bic: str, iban: str, note: str = ""
) -> Assignment:
    """Give the assignment a new bank account; the same account again changes nothing."""
    policy.require(actor, Capability.ASSIGNMENT_MANAGE)
    if not (bank_bic or "").strip():
        raise DomainError(_("Choose the bank (its BIC)."), field="bank_bic", code="unknown_bank")
    compact = validate_iban(iban)
    bank = bank_of(bank_bic, compact)
    with transaction.atomic():
        assignment = locked(actor, assignment_id)
        if (assignment.bank_id, assignment.iban) == (bank.bic, compact):
            return assignment
        before = audit.snapshot(assignment, AUDITED)
        assignment.bank, assignment.iban = bank, compact
        assignment.save(update_fields=["bank", "iban"])
        audit_change(actor, assignment, before, note.strip()[:300] or _("bank account corrected"))
    return assignment
