"""Which department pays an assignment: the territory a payroll is made for, and its lines' range.

Regions have a department per district or town of regional significance (KATO level 2: Balkhash
351600000, prefix 3516); the cities of republican significance (Astana 71, Almaty 75, Shymkent 79)
have one department for the whole city.

Every line of a payroll is addressed within the payroll's prefix (each stage selects the
assignments under it), and on PostgreSQL the lines are partitioned by region on that address
(ADR 0057): a read of a payroll's lines states the prefix as a range of ``territory``
(:func:`lines_in`, :func:`lines_in_sql`), so that the planner reads the region's partition only
instead of probing the indexes of every region's.
"""

from __future__ import annotations

from django.db.models import Q

from komek.common import partitions

CITY_REGIONS = frozenset({"71", "75", "79"})


def department(kato_code: str) -> tuple[str, str]:
    """The department's KATO code and the prefix every address under it starts with."""
    if kato_code[:2] in CITY_REGIONS:
        return kato_code[:2] + "0000000", kato_code[:2]
    return kato_code[:4] + "00000", kato_code[:4]


def prefix_of(territory: str) -> str:
    return department(territory)[1]


def _bounds(prefix: str) -> tuple[str, str | None]:
    if not prefix.isdigit():
        raise ValueError(f"A KATO prefix is digits, not {prefix!r}.")
    return prefix, partitions.upper_bound(prefix)


def lines_in(prefix: str) -> Q:
    """The payment lines addressed under ``prefix`` (a payroll's), as a range of their territory."""
    low, high = _bounds(prefix)
    return Q(territory__gte=low) & (Q(territory__lt=high) if high else Q())


def lines_in_sql(prefix: str, alias: str = "l.") -> str:
    """:func:`lines_in` as SQL on the lines aliased ``alias``. The bounds are written as literals
    (digits only, checked) so that the planner prunes when it plans, whatever the parameters."""
    low, high = _bounds(prefix)
    upper = f" AND {alias}territory < '{high}'" if high else ""
    return f"({alias}territory >= '{low}'{upper})"
