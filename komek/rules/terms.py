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
# The age from which a person is registered as a jobseeker (Labour Code No. 414-V).
JOBSEEKER_MIN_AGE = "jobseeker_min_age"
# Calendar days within which a registered jobseeker re-registers (Law No. 482-V).
JOBSEEKER_REREGISTRATION_DAYS = "jobseeker_reregistration_days"
# The longest participation in an active measure; the purpose is the measure (Enbek programme).
MEASURE_MAX_MONTHS = "measure_max_months"
# Years before the retirement age that make the target group "pre-retirement age" (Law No. 482-V).
PRE_RETIREMENT_YEARS = "pre_retirement_years"
# Minor children living together that make a large family (Law No. 63).
LARGE_FAMILY_CHILDREN = "large_family_children"
# The yearly hours of a sign-language specialist under an IPR.
SIGN_LANGUAGE_HOURS_PER_YEAR = "sign_language_hours_per_year"
# Months after which a new aid is due; the purpose is the aid (illustrative defaults).
AID_REPLACEMENT_MONTHS = "aid_replacement_months"
# The age under which a child is admitted to early intervention (Order No. 165; the Almaty report 2020).
EARLY_INTERVENTION_MAX_AGE = "early_intervention_max_age"
# The war period whose work makes a home-front worker (dates as YYYYMMDD) and the shortest work in it
# (Law No. 2247 of 1995; Law No. 323-VI "On veterans" of 2020).
HOME_FRONT_PERIOD_START = "home_front_period_start"
HOME_FRONT_PERIOD_END = "home_front_period_end"
HOME_FRONT_MIN_MONTHS = "home_front_min_months"
TERMS = (
    ADULT_AGE, SOCIAL_CONTRACT_SANCTION_MONTHS, UNEMPLOYED_AFTER_WORKING_DAYS, JOBSEEKER_MIN_AGE,
    JOBSEEKER_REREGISTRATION_DAYS, MEASURE_MAX_MONTHS, PRE_RETIREMENT_YEARS, LARGE_FAMILY_CHILDREN,
    SIGN_LANGUAGE_HOURS_PER_YEAR, AID_REPLACEMENT_MONTHS, EARLY_INTERVENTION_MAX_AGE,
    HOME_FRONT_PERIOD_START, HOME_FRONT_PERIOD_END, HOME_FRONT_MIN_MONTHS,
)  # fmt: skip


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


def term(parameters: _Values, name: str, on: dt.date, region: str = "", purpose: str = "") -> int:
    """The whole number a legal term has on ``on`` in a parameter table (e.g. 6 months); a term
    given per measure or aid takes its code as ``purpose``."""
    value = Decimal(parameters.value(name, on, region, purpose))
    if value != value.to_integral_value():
        raise RulesError(f"The legal term {name} is not a whole number on {on.isoformat()}: {value}.")
    return int(value)
