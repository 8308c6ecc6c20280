"""The commands keep running in the foreground; ``--background`` queues a job instead."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from komek.jobs.models import Job
from komek.payments.models import Payroll

pytestmark = pytest.mark.django_db


def test_payroll_run_foreground_and_background(make_assignment: Any, accountant: Any) -> None:
    """In the foreground the month is prepared as before (the progress bar draws nothing off a
    terminal); with --background only a queued job is made, filed under the user's unit."""
    make_assignment(amount_mci=Decimal(10))
    out = io.StringIO()
    call_command("payroll_run", month="2020-03", user="accountant", background=True, stdout=out)
    job = Job.objects.get()
    assert out.getvalue().strip() == f"job {job.pk} queued: /jobs/{job.pk}/"
    assert job.status == "queued" and job.requested_by == accountant and job.territory == "351600000"
    assert not Payroll.objects.exists()
    out = io.StringIO()
    call_command("payroll_run", month="2020-03", user="accountant", stdout=out)
    assert "1 lines, 26510 tenge" in out.getvalue() and Job.objects.count() == 1


def test_report_annual_background(kato: None) -> None:
    """The export queued as the system's job; a bad format refused before anything is queued."""
    out = io.StringIO()
    call_command("report_annual", year=2020, territory="351600000", fmt="xlsx", background=True, stdout=out)
    job = Job.objects.get()
    assert job.requested_as == "system:annual-report" and job.parameters["format"] == "xlsx"
    with pytest.raises(CommandError, match="--year"):
        call_command("report_annual", year=1900, territory="351600000", fmt="xlsx", background=True)
