"""Legislation a demo installation needs and the shipped files cannot carry.

Since 2025 the poverty line is 35% of the median income of the previous quarter, which the Bureau
of National Statistics publishes and an administrator enters (the shipped legislation has no
value, so a real installation calculates nothing until it is entered). The demo enters one
illustrative value, labelled as such, through the same service and audit as an administrator would,
in the name of the demo administrator.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.management.base import CommandError

from komek.accounts.models import User
from komek.demo.guard import demo_actor
from komek.legislation.models import ParameterValueRecord
from komek.legislation.services.parameters import parameter_value_add

DEMO_MEDIAN_INCOME = Decimal(105000)
DEMO_FROM = dt.date(2025, 1, 1)
REFERENCE = (
    "Demo installation only: an illustrative median income per person; "
    "enter the value published by the Bureau of National Statistics"
)


def demo_legislation() -> ParameterValueRecord | None:
    """Enter the illustrative median income once; None when a median income is already entered."""
    if ParameterValueRecord.objects.filter(name="median_income").exists():
        return None
    administrator = User.objects.filter(username="demo_administrator").first()
    if administrator is None:
        raise CommandError("Create the demo users first (komek demo-users).")
    return parameter_value_add(
        actor=demo_actor(),
        entered_by=administrator,
        name="median_income",
        value=DEMO_MEDIAN_INCOME,
        valid_from=DEMO_FROM,
        reference=REFERENCE,
        new=True,
    )
