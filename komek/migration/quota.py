"""The quota for attracting foreign labour, per category, for a year and a territory: the
legislation's dated parameter ``foreign_labour_quota`` (its region the territory the quota is
distributed to, its purpose the category) against the workers of the permits issued in its region
in that year."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Sum

from komek.legislation import loader
from komek.migration.choices import LabourCategory
from komek.migration.models import Permit
from komek.rules.errors import RulesError
from komek.rules.parameters import ParameterValue

QUOTA = "foreign_labour_quota"


@dataclass(frozen=True)
class Quota:
    """The quota of one category: what the legislation sets, how many workers the permits took."""

    category: str
    region: str  # the KATO prefix the quota is distributed to ("" where there is none)
    reference: str
    quota: int | None  # None: no quota set for the territory and year
    used: int

    @property
    def left(self) -> int:
        return max((self.quota or 0) - self.used, 0)

    @property
    def label(self) -> str:
        return str(LabourCategory(self.category).label)


def _quotas(*, year: int, code: str, categories: list[str], used: bool) -> list[Quota]:
    """The quotas of the categories; ``used``: with the workers of the permits (one query a region)."""
    on = dt.date(year, 1, 1)
    parameters = loader.application_engine().parameters
    found: dict[str, ParameterValue | None] = {}
    for category in categories:
        try:
            found[category] = parameters.find(QUOTA, on, code, category)
        except RulesError:
            found[category] = None
    taken: dict[tuple[str, str], int] = {}
    for region in sorted({v.region for v in found.values() if v is not None} if used else set()):
        rows = (
            Permit.objects.filter(kato__code__startswith=region, issued__year=year, category__in=categories)
            .values("category")
            .annotate(n=Sum("workers"))
        )
        taken.update({(region, row["category"]): int(row["n"] or 0) for row in rows})
    return [
        Quota(c, v.region, v.reference, int(v.value), taken.get((v.region, c), 0))
        if v is not None
        else Quota(c, "", "", None, 0)
        for c, v in found.items()
    ]


def quota_of(*, year: int, code: str, category: str) -> Quota:
    """The quota of a category in force in a year for a territory (its KATO code or prefix)."""
    return _quotas(year=year, code=code, categories=[category], used=True)[0]


def quotas_of(*, year: int, code: str, used: bool = True) -> list[Quota]:
    """The quota of every category; without ``used``, only the legislation's values (no query)."""
    return _quotas(year=year, code=code, categories=list(LabourCategory.values), used=used)
