"""The age of majority the registry counts children by, from the shipped legislation.

The registry lies below ``komek.legislation``, so it reads the legal term as the legislation ships
it (``komek.rules.terms.shipped_term``); the number itself lives in the YAML with its reference.
"""

from __future__ import annotations

import datetime as dt

from komek.common.validation import today
from komek.rules.errors import MissingParameter
from komek.rules.terms import ADULT_AGE, shipped_term


def adult_age_on(day: dt.date) -> int:
    """The age of majority on ``day``; a day before the legislation's first value (the registry
    holds statuses older than the law Komek ships) takes today's value."""
    try:
        return shipped_term(ADULT_AGE, day)
    except MissingParameter:
        return shipped_term(ADULT_AGE, today())
