"""A recipient's bank account as the payments need it: an IBAN of Kazakhstan with its check digits,
and a bank of the reference table whose IBAN bank code the IBAN carries.

The one check the assignment uses, offered to the contexts above (intake, the case page) so that a
wrong account is refused where it is typed, not at the decision.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from komek.benefits.iban import validate_iban
from komek.benefits.services._checks import bank_of
from komek.common.errors import DomainError


@dataclass(frozen=True)
class BankAccount:
    bic: str
    iban: str  # compact, upper case
    bank_name: str


def bank_account_check(*, bic: str, iban: str) -> BankAccount:
    """The account in its compact form, or a domain error at the field to correct (``bank_bic`` or
    ``iban``) in the user's language."""
    if not (bic or "").strip():
        raise DomainError(_("Choose the bank (its BIC)."), field="bank_bic", code="unknown_bank")
    compact = validate_iban(iban)
    bank = bank_of(bic, compact)
    return BankAccount(bic=bank.bic, iban=compact, bank_name=bank.name)
