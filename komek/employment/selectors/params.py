"""The legislation's dated parameters this app reads (minimum wage, MCI, measure limits).

Values come from the application engine (shipped YAML plus what administrators entered in
komek/legislation), for the date of the act and the most specific region of its address.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _

from komek.common.errors import DomainError
from komek.common.money import round_tenge
from komek.legislation import loader
from komek.rules.errors import RulesError
from komek.rules.terms import term


def value(name: str, on: dt.date, region: str = "") -> Decimal:
    try:
        return loader.application_engine().parameters.value(name, on, region)
    except RulesError:
        raise DomainError(
            _("The legal parameter %(name)s has no value on %(date)s.")
            % {"name": name, "date": on.isoformat()}
        ) from None


def legal_term(name: str, on: dt.date, region: str = "") -> int:
    """A legal term of the legislation (``komek.rules.terms``): months, working days, an age."""
    try:
        return term(loader.application_engine().parameters, name, on, region)
    except RulesError:
        raise DomainError(
            _("The legal parameter %(name)s has no value on %(date)s.")
            % {"name": name, "date": on.isoformat()}
        ) from None


def minimum_wage(on: dt.date, region: str = "") -> int:
    return round_tenge(value("minimum_wage", on, region))


def mci(on: dt.date, region: str = "") -> int:
    return round_tenge(value("mci", on, region))
