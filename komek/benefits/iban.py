"""Kazakhstan IBANs (ISO 13616): KZ, 2 check digits, a 3-digit bank code, a 13-character account.

The check is mod-97 over the rearranged string (letters as 10..35); ``make_iban`` computes the check
digits for a bank code and an account, which the demo and the benchmarks use to produce valid ones.
"""

from __future__ import annotations

import re
import string

import polars as pl
from django.utils.translation import gettext as _

from komek.common.errors import DomainError

KZ_IBAN = re.compile(r"^KZ[0-9]{2}[0-9A-Z]{3}[0-9A-Z]{13}$")


def normalise(raw: str) -> str:
    return re.sub(r"\s+", "", raw or "").upper()


def _numeric(text: str) -> int:
    return int("".join(str(int(ch, 36)) for ch in text))


def checksum_ok(iban: str) -> bool:
    return _numeric(iban[4:] + iban[:4]) % 97 == 1


def make_iban(bank_code: str, account: str) -> str:
    account = account.upper().rjust(13, "0")
    check = 98 - _numeric(f"{bank_code}{account}KZ00") % 97
    return f"KZ{check:02d}{bank_code}{account}"


def validate_iban(raw: str, *, field: str = "iban") -> str:
    """The IBAN in its compact form, or a domain error saying what is wrong with it."""
    iban = normalise(raw)
    if len(iban) != 20:
        raise DomainError(
            _("A Kazakhstan IBAN has 20 characters; this one has %(n)d.") % {"n": len(iban)},
            field=field,
            code="iban",
        )
    if not KZ_IBAN.match(iban):
        raise DomainError(
            _("An IBAN starts with KZ and two check digits, followed by letters and digits only."),
            field=field,
            code="iban",
        )
    if not checksum_ok(iban):
        raise DomainError(_("The IBAN's check digits are wrong: check for a typo."), field=field, code="iban")
    return iban


_VALUES = {ch: int(ch, 36) for ch in string.digits + string.ascii_uppercase}


def compact_ibans(raw: pl.Series) -> pl.Series:
    """``validate_iban`` over a column at once: each IBAN compact, or null where it is not valid
    (the same form and mod-97 check, computed column-wise: thousands of accounts of a payment list)."""
    iban = raw.cast(pl.String).fill_null("").str.replace_all(r"\s+", "").str.to_uppercase()
    frame = pl.DataFrame({"iban": iban}).with_columns(
        (pl.col("iban").str.slice(4) + pl.col("iban").str.slice(0, 4)).alias("moved")
    )
    remainder = pl.lit(0, dtype=pl.Int64)
    for i in range(20):  # the check's number read character by character, a letter as two digits
        value = pl.col("moved").str.slice(i, 1).replace_strict(_VALUES, default=0, return_dtype=pl.Int64)
        remainder = (remainder * pl.when(value >= 10).then(100).otherwise(10) + value) % 97
    valid = pl.col("iban").str.contains(KZ_IBAN.pattern) & (remainder == 1)
    return frame.select(pl.when(valid).then(pl.col("iban")).alias(raw.name)).to_series()


def bank_code_of(iban: str) -> str:
    return iban[4:7]
