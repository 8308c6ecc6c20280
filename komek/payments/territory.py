"""Which department pays an assignment: the territory a payroll is made for.

Regions have a department per district or town of regional significance (KATO level 2: Balkhash
351600000, prefix 3516); the cities of republican significance (Astana 71, Almaty 75, Shymkent 79)
have one department for the whole city.
"""

from __future__ import annotations

CITY_REGIONS = frozenset({"71", "75", "79"})


def department(kato_code: str) -> tuple[str, str]:
    """The department's KATO code and the prefix every address under it starts with."""
    if kato_code[:2] in CITY_REGIONS:
        return kato_code[:2] + "0000000", kato_code[:2]
    return kato_code[:4] + "00000", kato_code[:4]


def prefix_of(territory: str) -> str:
    return department(territory)[1]
