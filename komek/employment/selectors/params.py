"""The legislation's dated parameters this app reads (minimum wage, MCI, measure limits).

Values and legal terms come from ``komek.legislation.terms`` (the application engine: the shipped
YAML plus what administrators entered), for the date of the act and the most specific region of its
address.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from komek.common.money import round_tenge
from komek.legislation.terms import legal_value


def value(name: str, on: dt.date, region: str = "") -> Decimal:
    return legal_value(name, on, region)


def minimum_wage(on: dt.date, region: str = "") -> int:
    return round_tenge(value("minimum_wage", on, region))


def mci(on: dt.date, region: str = "") -> int:
    return round_tenge(value("mci", on, region))
