"""Today's date where the departments work (the installation's time zone, Asia/Almaty)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def today() -> dt.date:
    """The local date now: what "today" means for a deadline, a future date or a period in force."""
    return timezone.localdate()
