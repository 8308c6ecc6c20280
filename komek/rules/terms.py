"""Legal terms the applications count with, kept as dated parameters of the legislation.

Each is a parameter file under ``data/parameters/`` with its legal reference, loaded with the
others, so a change of the law is a new dated value and not a change of code. The applications read
them from the engine they already use::

    from komek.rules.terms import SOCIAL_CONTRACT_SANCTION_MONTHS, term
    months = term(engine.parameters, SOCIAL_CONTRACT_SANCTION_MONTHS, on)
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal
from typing import Protocol

from komek.rules.errors import RulesError

# Age of majority: a child is a person under it (Law No. 246; Law No. 345 on the rights of the child).
ADULT_AGE = "adult_age"
# Months without conditional TSA after a refusal of the social contract's employment measures (Law No. 246).
SOCIAL_CONTRACT_SANCTION_MONTHS = "social_contract_sanction_months"
# Working days after registration after which a jobseeker without a job offer is unemployed (Law No. 482-V).
UNEMPLOYED_AFTER_WORKING_DAYS = "unemployed_after_working_days"
TERMS = (ADULT_AGE, SOCIAL_CONTRACT_SANCTION_MONTHS, UNEMPLOYED_AFTER_WORKING_DAYS)


class _Values(Protocol):
    def value(self, name: str, on: dt.date, region: str = "", purpose: str = "") -> Decimal: ...


@functools.cache
def _shipped() -> _Values:
    from komek.rules.parameters import load_parameters

    return load_parameters()


def shipped_term(name: str, on: dt.date, region: str = "") -> int:
    """A term as the shipped legislation states it, for the layers below ``komek.legislation``
    (the registry), which cannot read the values administrators entered."""
    return term(_shipped(), name, on, region)


def term(parameters: _Values, name: str, on: dt.date, region: str = "") -> int:
    """The whole number a legal term has on ``on`` in a parameter table (e.g. 6 months)."""
    value = Decimal(parameters.value(name, on, region))
    if value != value.to_integral_value():
        raise RulesError(f"The legal term {name} is not a whole number on {on.isoformat()}: {value}.")
    return int(value)
