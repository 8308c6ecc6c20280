"""Legislation a demo installation needs and the shipped files cannot carry.

Since 2025 the poverty line is 35% of the median income of the previous quarter, which the Bureau
of National Statistics publishes and an administrator enters (the shipped legislation has no
value, so a real installation calculates nothing until it is entered). The demo enters one
illustrative value, labelled as such, through the same service and audit as an administrator would.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from komek.accounts.models import User
from komek.legislation.models import ParameterValueRecord
from komek.legislation.services import parameter_value_add

DEMO_MEDIAN_INCOME = Decimal(105000)
REFERENCE = (
    "Demo installation only: an illustrative median income per person; "
    "enter the value published by the Bureau of National Statistics"
)


class Command(BaseCommand):
    help = "Enter the demo installation's illustrative median income (demo installations only)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.DEMO or settings.DEBUG):
            raise CommandError("Demo legislation is entered only with KOMEK_DEMO=1 or KOMEK_DEBUG=1.")
        if ParameterValueRecord.objects.filter(name="median_income").exists():
            return
        actor = User.objects.filter(username="demo_administrator").first()
        if actor is None:
            raise CommandError("Create the demo users first (komek demo-users).")
        parameter_value_add(
            actor=actor,
            name="median_income",
            value=DEMO_MEDIAN_INCOME,
            valid_from=dt.date(2025, 1, 1),
            reference=REFERENCE,
            new=True,
        )
        self.stdout.write(f"Demo median income entered: {DEMO_MEDIAN_INCOME} tenge from 01.01.2025.")
