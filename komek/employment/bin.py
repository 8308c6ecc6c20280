"""The business identification number (BIN, БСН) of a legal entity.

Twelve digits: YYMM of registration, the entity type in the 5th digit (4 resident legal entity,
5 non-resident legal entity, 6 branch or representative office), an attribute digit, five serial
digits and a check digit computed exactly as the IIN's (two passes of weights, see
``komek.registry.iin``).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from komek.common.errors import DomainError
from komek.registry.iin import check_digit

ENTITY_TYPES = {"4", "5", "6"}


def validate_bin(value: str) -> str:
    """The BIN stripped of spaces, or a DomainError on the field ``bin`` saying what is wrong."""
    code = (value or "").replace(" ", "").strip()
    if len(code) != 12 or not code.isascii() or not code.isdigit():
        raise DomainError(_("A BIN has exactly 12 digits."), field="bin", code="bin_format")
    if not 1 <= int(code[2:4]) <= 12:
        raise DomainError(
            _("Digits 3–4 of a BIN are the month of registration (01–12)."), field="bin", code="bin_month"
        )
    if code[4] not in ENTITY_TYPES:
        raise DomainError(
            _("The 5th digit of a BIN is the entity type: 4, 5 or 6."), field="bin", code="bin_entity_type"
        )
    expected = check_digit(code)
    if expected is None:
        raise DomainError(
            _("This BIN cannot exist: both check-digit passes give 10."), field="bin", code="bin_unusable"
        )
    if expected != int(code[11]):
        raise DomainError(_("The check digit of the BIN is wrong."), field="bin", code="bin_check_digit")
    return code


def make_bin(year: int, month: int, serial: int, entity_type: int = 4, attribute: int = 0) -> str | None:
    """A valid BIN for the given parts (None when that serial is unusable); demo data and tests."""
    head = f"{year % 100:02d}{month:02d}{entity_type}{attribute}{serial:05d}"
    digit = check_digit(head)
    return None if digit is None else head + str(digit)
