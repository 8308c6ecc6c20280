"""The legislation's parameters and legal terms in force, for the contexts above it.

Values come from the application engine (the shipped YAML plus what administrators entered,
``komek.legislation.loader``) for the date of the act and the most specific region of its address.
A context reads an age, a period or a norm here instead of writing the number in its code; the
registry, below this layer, reads the shipped legislation (``komek.rules.terms.shipped_term``).
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal

from django.utils.translation import gettext as _

from komek.common.errors import DomainError
from komek.legislation import loader
from komek.rules.errors import MissingParameter, RulesError
from komek.rules.terms import term


def _missing(name: str, on: dt.date) -> DomainError:
    return DomainError(
        _("The legal parameter %(name)s has no value on %(date)s.") % {"name": name, "date": on.isoformat()}
    )


def legal_value(name: str, on: dt.date, region: str = "", purpose: str = "") -> Decimal:
    """A parameter's value in force (an MCI, a share, a limit); a DomainError naming it when none."""
    try:
        return loader.application_engine().parameters.value(name, on, region, purpose)
    except RulesError:
        raise _missing(name, on) from None


def legal_term(name: str, on: dt.date, region: str = "", purpose: str = "") -> int:
    """A legal term (``komek.rules.terms``): months, days, an age, a count; a DomainError when none."""
    try:
        return term(loader.application_engine().parameters, name, on, region, purpose)
    except RulesError:
        raise _missing(name, on) from None


def legal_term_or_none(name: str, on: dt.date, purpose: str, region: str = "") -> int | None:
    """A legal term given per purpose (the longest period of a measure, the replacement period of
    an aid), or None where the legislation gives none for that purpose."""
    return Terms().term_or_none(name, on, purpose, region)


class Terms:
    """The legal terms of the engine in force now, for a batch: read once, asked for every row."""

    def __init__(self) -> None:
        self.parameters = loader.application_engine().parameters

    @functools.cache  # noqa: B019 (one batch's instance, dropped with it)
    def term_or_none(self, name: str, on: dt.date, purpose: str, region: str = "") -> int | None:
        try:
            return term(self.parameters, name, on, region, purpose)
        except MissingParameter:
            return None
