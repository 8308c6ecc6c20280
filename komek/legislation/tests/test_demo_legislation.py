"""The demo installation calculates today's TSA: its illustrative median income sets the poverty line."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from komek.common.models import AuditLog
from komek.legislation import loader
from komek.legislation.models import ParameterValueRecord
from komek.rules.computed import poverty_line
from komek.rules.errors import MissingParameter

pytestmark = pytest.mark.django_db
BALKHASH = "351600000"


def test_without_a_median_income_today_has_no_poverty_line() -> None:
    """Without an entered median income the poverty line of today cannot be calculated."""
    with pytest.raises(MissingParameter, match="median_income"):
        poverty_line(loader.application_engine().parameters, dt.date(2026, 11, 1), BALKHASH)


def test_the_demo_enters_one_labelled_median_income_once(settings: Any) -> None:
    """The demo enters one labelled, audited median income once; today's poverty line follows."""
    settings.DEMO = True
    call_command("load_reference", verbosity=0)
    call_command("demo_users")
    call_command("demo_legislation")
    call_command("demo_legislation")  # idempotent
    records = ParameterValueRecord.objects.filter(name="median_income")
    assert records.count() == 1
    assert "Demo installation only" in records.get().reference
    assert AuditLog.objects.filter(object_type="legislation.parametervaluerecord").count() == 1
    loader.invalidate()
    line, used = poverty_line(loader.application_engine().parameters, dt.date(2026, 11, 1), BALKHASH)
    # 35% of 105,000 = 36,750, above 70% of the 2026 subsistence minimum (0.7 x 50,851 = 35,596).
    assert line == Decimal(36750)
    assert "median_income" in {value.name for value in used}


def test_outside_a_demo_installation_the_command_refuses(settings: Any) -> None:
    """Outside a demo installation the demo legislation command refuses and enters nothing."""
    settings.DEMO = False
    settings.DEBUG = False
    with pytest.raises(CommandError, match="KOMEK_DEMO"):
        call_command("demo_legislation")
    assert not ParameterValueRecord.objects.exists()
