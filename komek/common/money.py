"""Money: whole tenge rounded as the published figures are (half up), and written as staff write it.

Pure Python with no Django import, so the rules engine rounds with the same function as payroll.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

NARROW_NBSP = "\u202f"
NBSP = "\u00a0"


def round_tenge(amount: Decimal | int | str) -> int:
    """Whole tenge, half up (0.5 → 1), as every published amount is rounded."""
    return int(Decimal(amount).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def round_share(part: Decimal | int, whole: Decimal | int, *, places: int = 1) -> Decimal | None:
    """``part`` as a percentage of ``whole``, half up to ``places`` decimals; None when ``whole`` is 0."""
    if not whole:
        return None
    exponent = Decimal(1).scaleb(-places)
    return (Decimal(part) * 100 / Decimal(whole)).quantize(exponent, rounding=ROUND_HALF_UP)


def format_tenge(value: Any, *, language: str = "ru", sign: str = "₸") -> str:
    """``1 234 567 ₸``, with tiyn only when there are some (``1 234,50 ₸``); English ``1,234.50 ₸``.

    Empty values are a dash; anything that is not a number is returned as it is.
    """
    if value in (None, ""):
        return "—"
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    english = language.startswith("en")
    group, point = (",", ".") if english else (NARROW_NBSP, ",")
    minus = "−" if amount < 0 else ""
    amount = abs(amount).quantize(Decimal("0.01"))
    whole, cents = divmod(amount, 1)
    text = f"{int(whole):,}".replace(",", group)
    if cents:
        text += point + f"{cents:.2f}"[2:]
    return f"{minus}{text}{NBSP}{sign}".rstrip() if sign else f"{minus}{text}"
