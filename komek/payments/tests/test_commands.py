"""The command line: ``komek payroll run``, ``komek payroll export``, ``komek assignments recalculate``."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from komek.cli import translate
from komek.payments import registries
from komek.payments.models import PaymentLine, Payroll
from komek.payments.services import payroll_approve

pytestmark = pytest.mark.django_db


def test_aliases() -> None:
    """The README's command names map to the management commands."""
    assert translate(["payroll", "run", "--month", "2020-02"]) == ["payroll_run", "--month", "2020-02"]
    assert translate(["payroll", "export", "--format", "csv"]) == ["payroll_export", "--format", "csv"]
    assert translate(["assignments", "recalculate"]) == ["recalculate_assignments"]
    assert translate(["demo-payments"]) == ["demo_payments"]


def test_run_export_and_recalculate(
    make_assignment: Any, accountant: Any, head: Any, caseworker: Any, tmp_path: Path
) -> None:
    """Run a month, approve it, export both formats (validated); the MCI rise of April the legislation
    holds is already planned, so recalculating changes nothing and April pays the new MCI."""
    a = make_assignment(amount_mci=Decimal(10))
    out = io.StringIO()
    call_command("payroll_run", month="2020-03", user="accountant", stdout=out)
    assert "1 lines, 26510 tenge" in out.getvalue()
    with pytest.raises(CommandError, match="no approved payroll"):
        call_command(
            "payroll_export", month="2020-03", format="csv", output=str(tmp_path), stdout=io.StringIO()
        )
    payroll_approve(actor=head, payroll_id=Payroll.objects.get().pk)
    out = io.StringIO()
    call_command(
        "payroll_export", month="2020-03", format="pain001", output=str(tmp_path), validate=True, stdout=out
    )
    assert "valid pain.001.001.03, 1 payments" in out.getvalue()
    call_command("payroll_export", month="2020-03", format="csv", output=str(tmp_path), stdout=io.StringIO())
    assert (
        len(list(tmp_path.glob("*.csv"))) == 1 and registries.validate_file(next(tmp_path.glob("*.xml"))) == 1
    )
    out = io.StringIO()
    call_command("recalculate_assignments", valid_from="2020-04-01", user="caseworker", stdout=out)
    assert "mci = 2778 from 2020-04-01: 0 assignments recalculated" in out.getvalue()
    call_command("payroll_run", month="2020-04", stdout=io.StringIO())
    assert PaymentLine.objects.get(for_month=dt.date(2020, 4, 1)).amount == 27780
    assert a.pk == PaymentLine.objects.get(for_month=dt.date(2020, 4, 1)).assignment_id
    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("payroll_run", month="March", stdout=io.StringIO())
