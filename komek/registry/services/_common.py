"""Former home of the registry services' shared checks, kept for the contexts that still import it.

Nothing here has logic of its own: the checks live in the access policy (``komek.accounts.policy``)
and in ``komek.common``. The registry itself no longer imports this module.

TODO(layering): removed by the lead once no other context imports it.
"""

from __future__ import annotations

from komek.accounts.policy import in_territory, require, require_territory
from komek.common.kato import kato_unit
from komek.common.periods import month_start as first_of_month
from komek.common.validation import check_not_future, check_period, full_clean, today

__all__ = [
    "check_not_future",
    "check_period",
    "first_of_month",
    "full_clean",
    "in_territory",
    "kato_unit",
    "require",
    "require_territory",
    "today",
]
