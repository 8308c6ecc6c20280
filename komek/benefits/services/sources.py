"""The budget shares of an assignment: how the sources of its programme split every payment.

A programme version's legislation names its ``budget_sources`` per region (Balkhash's TSA: 12.52 %
republican, 87.48 % local, after the Balkhash report 2018's "7,346 thousand tenge, including RB 920
thousand"). An assignment keeps them, when it is created, as whole basis points (10,000 = the whole
payment), so the payroll's SQL splits each line into its parts without reading any programme
document (``komek.payments.generation``).

``budget_shares`` is the one computation: ``assignment_create`` and every bulk writer of assignments
(the approval of a category payment list) call it, and store ``BudgetShares.fields()``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from komek.benefits.choices import BudgetSource
from komek.benefits.models import SHARE_WHOLE
from komek.common.errors import DomainError

if TYPE_CHECKING:
    from komek.rules.programmes import Programme

# The order of the cumulative bounds: a line's republican part comes first, its local part last.
SOURCES: tuple[str, ...] = tuple(BudgetSource.values)  # republican, regional, local


@dataclass(frozen=True)
class BudgetShares:
    """Shares in basis points of the republican, regional and local budgets; they sum to 10,000."""

    republican: int
    regional: int
    local: int

    def __post_init__(self) -> None:
        values = (self.republican, self.regional, self.local)
        if any(v < 0 for v in values) or sum(values) != SHARE_WHOLE:
            raise ValueError(f"budget shares {values} must be non-negative and sum to {SHARE_WHOLE}")

    @property
    def principal(self) -> str:
        """The source of the largest share (the first of ``SOURCES`` on a tie)."""
        shares = self.by_source()
        return max(SOURCES, key=lambda source: (shares[source], -SOURCES.index(source)))

    def by_source(self) -> dict[str, int]:
        return dict(zip(SOURCES, (self.republican, self.regional, self.local), strict=True))

    def fields(self) -> dict[str, int]:
        """The assignment's columns: ``share_republican``, ``share_regional``, ``share_local``."""
        return {f"share_{source}": share for source, share in self.by_source().items()}

    def split(self, amount: int) -> dict[str, int]:
        """The parts of a payment of ``amount`` tenge, as the payroll's SQL computes them: cumulative
        bounds, each part ``amount × upper // 10000 − amount × lower // 10000`` with the division
        truncated toward zero (as integer division is on PostgreSQL and SQLite), so the parts sum to
        the amount and a negative amount (a recovery) splits as the mirror of the positive one."""
        parts: dict[str, int] = {}
        lower = 0
        for source in SOURCES:
            upper = lower + self.by_source()[source]
            parts[source] = _truncated(amount * upper) - _truncated(amount * lower)
            lower = upper
        return parts


def _truncated(value: int) -> int:
    """``value / 10000`` rounded toward zero, as SQL's integer division."""
    quotient = abs(value) // SHARE_WHOLE
    return quotient if value >= 0 else -quotient


def shares_of(split: dict[str, Decimal]) -> BudgetShares:
    """Basis points of fractional shares summing to 1: the cumulative shares are rounded half up to
    whole basis points, so the points always sum to 10,000 (0.1252 and 0.8748: 1,252 and 8,748)."""
    points: dict[str, int] = {}
    lower, cumulative = 0, Decimal(0)
    for source in SOURCES:
        cumulative += split.get(source, Decimal(0))
        upper = int((cumulative * SHARE_WHOLE).to_integral_value(rounding=ROUND_HALF_UP))
        points[source] = upper - lower
        lower = upper
    return BudgetShares(**points)


def budget_shares(version: Programme, region: str) -> BudgetShares:
    """The shares of the programme version's budget sources for the region (a KATO code: the most
    specific region group of its ``budget_sources``); refused when the legislation names none there."""
    split = version.facts.budget_split(region)
    if not split:
        raise DomainError(
            _("The legislation names no budget source of programme %(programme)s here.")
            % {"programme": version.code},
            field="programme",
            code="budget_source",
        )
    return shares_of({row.source: row.share for row in split})
