"""The individual identification number (IIN, ЖСН).

Twelve digits: YYMMDD birth date, a century-and-sex digit (1/2 = 1800s, 3/4 = 1900s, 5/6 = 2000s;
odd male, even female), four serial digits and a check digit. The check digit is the weighted sum
of the first eleven digits mod 11 with weights 1..11; when that gives 10, a second pass uses
weights 3..11,1,2; when that gives 10 as well, the number is never issued.

The weights are ordered sequences: one public validator kept them in a set and lost the order of
the second pass, accepting numbers the state never issues.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

WEIGHTS_FIRST: tuple[int, ...] = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
WEIGHTS_SECOND: tuple[int, ...] = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
CENTURY_BY_DIGIT: dict[int, int] = {1: 1800, 2: 1800, 3: 1900, 4: 1900, 5: 2000, 6: 2000}

Sex = Literal["male", "female"]


class InvalidIIN(ValueError):
    """The number is not a valid IIN; ``code`` is stable, ``message`` is for people."""

    def __init__(self, code: str, message: object) -> None:
        super().__init__(str(message))
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class IINInfo:
    iin: str
    birth_date: dt.date
    sex: Sex


def check_digit(digits: str) -> int | None:
    """Check digit for the first eleven digits, or None when both passes give 10."""
    values = [int(ch) for ch in digits[:11]]
    for weights in (WEIGHTS_FIRST, WEIGHTS_SECOND):
        control = sum(v * w for v, w in zip(values, weights, strict=True)) % 11
        if control != 10:
            return control
    return None


def parse_iin(value: str, *, today: dt.date | None = None) -> IINInfo:
    """Validate an IIN and return the birth date and sex it encodes, or raise InvalidIIN."""
    iin = (value or "").strip()
    if len(iin) != 12 or not iin.isascii() or not iin.isdigit():
        raise InvalidIIN("format", _("An IIN has exactly 12 digits."))
    century_digit = int(iin[6])
    if century_digit not in CENTURY_BY_DIGIT:
        raise InvalidIIN("century", _("The 7th digit of an IIN (century and sex) must be 1 to 6."))
    year = CENTURY_BY_DIGIT[century_digit] + int(iin[0:2])
    try:
        birth_date = dt.date(year, int(iin[2:4]), int(iin[4:6]))
    except ValueError:
        raise InvalidIIN("birth_date", _("The first six digits of an IIN are not a real date.")) from None
    if birth_date > (today or timezone.localdate()):
        raise InvalidIIN("future_birth_date", _("The IIN encodes a date of birth in the future."))
    expected = check_digit(iin)
    if expected is None:
        raise InvalidIIN("unusable", _("This IIN cannot exist: both check-digit passes give 10."))
    if expected != int(iin[11]):
        raise InvalidIIN("check_digit", _("The check digit of the IIN is wrong."))
    sex: Sex = "male" if century_digit % 2 else "female"
    return IINInfo(iin=iin, birth_date=birth_date, sex=sex)


def century_sex_digit(birth_date: dt.date, sex: Sex) -> int:
    base = {1800: 1, 1900: 3, 2000: 5}[birth_date.year // 100 * 100]
    return base if sex == "male" else base + 1


def make_iin(birth_date: dt.date, sex: Sex, serial: int) -> str | None:
    """Build the IIN for a birth date, sex and 4-digit serial; None if that serial is unusable."""
    head = f"{birth_date:%y%m%d}{century_sex_digit(birth_date, sex)}{serial:04d}"
    digit = check_digit(head)
    return None if digit is None else head + str(digit)
