"""Parameters computed from other parameters by a legal rule: the poverty line.

The poverty line is a share of the regional subsistence minimum (40% to 2017, 50% in 2018 to
March 2019, 70% from April 2019 and not below 70% of the national minimum), and from 2025 35% of
the median income, not below 70% of the regional subsistence minimum. A published regional value
(``poverty_line``) wins over the computation for its quarter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from komek.common.money import round_tenge
from komek.rules.errors import MissingParameter
from komek.rules.parameters import ParameterTable, ParameterValue

BASIS_SUBSISTENCE_MINIMUM = 1
BASIS_MEDIAN_INCOME = 2


def tenge(value: Decimal) -> Decimal:
    return Decimal(round_tenge(value))


def poverty_line(table: ParameterTable, on: dt.date, region: str) -> tuple[Decimal, list[ParameterValue]]:
    published = None
    if "poverty_line" in table.names:
        try:
            published = table.find("poverty_line", on, region)
        except MissingParameter:
            published = None
    if published is not None and published.region:
        return published.value, [published]
    share = table.find("poverty_line_share", on, region)
    basis = table.find("poverty_line_basis", on, region)
    floor_share = table.find("poverty_line_floor_share", on, region)
    used = [share, basis, floor_share]
    regional = _regional_minimum(table, on, region, used)
    if int(basis.value) == BASIS_MEDIAN_INCOME:
        if "median_income" not in table.names:
            # No median income is entered yet: the poverty line has no value, as for a missing year.
            raise MissingParameter("median_income", on, region)
        median = table.find("median_income", on, region)
        used.append(median)
        main = share.value * median.value
        floor = floor_share.value * regional
    else:
        main = share.value * regional
        national = table.find("subsistence_minimum", on, "")
        used.append(national)
        floor = floor_share.value * national.value
    return tenge(max(main, floor)), used


def _regional_minimum(table: ParameterTable, on: dt.date, region: str, used: list[ParameterValue]) -> Decimal:
    """The regional subsistence minimum applied in the quarter, else the national one."""
    try:
        value = table.find("regional_subsistence_minimum", on, region)
    except MissingParameter:
        value = table.find("subsistence_minimum", on, "")
    used.append(value)
    return value.value


Computed = Callable[[ParameterTable, dt.date, str], tuple[Decimal, list[ParameterValue]]]
COMPUTED: dict[str, Computed] = {"poverty_line": poverty_line}
