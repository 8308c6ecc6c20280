"""``komek demo-payments`` fills the demo town once: assignments, a paid month, a prepared month."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from komek.accounts.models import User
from komek.benefits.iban import validate_iban
from komek.benefits.models import Assignment
from komek.payments.choices import PayrollStatus
from komek.payments.models import PaymentLine, Payroll
from komek.payments.selectors import payroll_changes

pytestmark = pytest.mark.django_db


def test_demo_payments_idempotent(kato: None, settings: Any) -> None:
    """Run twice, the demo makes its assignments once, two approved and two prepared payrolls; two
    payments come back once, one account is corrected: this month's TSA payroll shows two changes
    (the account, the payment to pay again) and one payment waiting."""
    settings.DEMO = True
    call_command("demo_data", persons=400, region="351600000", seed=7, stdout=io.StringIO())
    call_command("demo_payments", families=60, stdout=io.StringIO())
    call_command("demo_payments", families=60, stdout=io.StringIO())
    assignments = Assignment.objects.filter(basis__startswith="DEMO")
    assert assignments.count() == 60
    assert all(validate_iban(iban) == iban for iban in assignments.values_list("iban", flat=True))
    statuses = sorted(Payroll.objects.values_list("status", flat=True))
    assert statuses.count(PayrollStatus.APPROVED) == statuses.count(PayrollStatus.PREPARED) == 2
    assert len(statuses) == 4
    assert PaymentLine.objects.filter(status="returned").values("assignment_id").distinct().count() == 2
    current = Payroll.objects.get(programme="tsa", status=PayrollStatus.PREPARED)
    head = User.objects.get(username="demo_department_head")
    seen = payroll_changes(user=head, payroll=current)
    assert sorted(c.difference.what for c in seen.changes) == ["account", "repayment"]
    assert len(seen.waiting) == 1


def test_demo_payments_refused_outside_a_demo(settings: Any) -> None:
    """Outside a demo or a developer's installation the command refuses and makes nothing."""
    settings.DEMO = settings.DEBUG = False
    with pytest.raises(CommandError, match="demo installation"):
        call_command("demo_payments", families=1, stdout=io.StringIO())
    assert not Assignment.objects.exists()
