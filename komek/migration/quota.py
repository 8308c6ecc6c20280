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


def quota_of(*, year: int, code: str, category: str) -> Quota:
    """The quota of a category in force in a year for a territory (its KATO code or prefix)."""
    on = dt.date(year, 1, 1)
    try:
        value = loader.application_engine().parameters.find(QUOTA, on, code, category)
    except RulesError:
        return Quota(category, "", "", None, 0)
    used = (
        Permit.objects.filter(
            category=category, kato__code__startswith=value.region, issued__year=year
        ).aggregate(n=Sum("workers"))["n"]
        or 0
    )
    return Quota(category, value.region, value.reference, int(value.value), int(used))


def quotas_of(*, year: int, code: str) -> list[Quota]:
    return [quota_of(year=year, code=code, category=c) for c in LabourCategory.values]
