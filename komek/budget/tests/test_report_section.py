"""The budget's section of the annual report: allocated, used and the percentage, in all and per
source, from the execution; nothing for a reader who may not see the budget."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from komek.accounts.choices import Role
from komek.budget.report import budget_figures
from komek.payments.services import payroll_approve, payroll_run

pytestmark = pytest.mark.django_db


def test_budget_section_from_the_execution(
    make_assignment: Callable[..., Any], make_allocation: Callable[..., Any], accountant: Any, head: Any
) -> None:
    """A local allocation of 30,000 and one approved TSA payment of 26,510 (23,191 local, 3,319
    republican): 30,000 allocated, 26,510 used, 88.4 %; per source the local 30,000 and 23,191, the
    republican nothing allocated and 3,319 used; nothing of it under another territory."""
    make_assignment()
    make_allocation(amount=30000)
    payroll_approve(actor=head, payroll_id=payroll_run(actor=accountant, month=dt.date(2020, 2, 1))[0].pk)
    figures = {f.code: f.value for f in budget_figures(actor=head, year=2020, prefix="3516")}
    assert figures["budget.allocated"] == 30000 and figures["budget.spent"] == 26510
    assert figures["budget.percent"] == Decimal("88.4")
    assert (figures["budget.local.allocated"], figures["budget.local.spent"]) == (30000, 23191)
    assert (figures["budget.republican.allocated"], figures["budget.republican.spent"]) == (0, 3319)
    elsewhere = budget_figures(actor=head, year=2020, prefix="7511")  # Almaty's district: none of it
    assert elsewhere and all(not f.value for f in elsewhere)


def test_no_budget_for_a_reader_without_it(make_user: Callable[..., Any]) -> None:
    """A caseworker, who may not see the budget, gets no budget figures."""
    caseworker = make_user(Role.CASEWORKER, username="reader")
    assert budget_figures(actor=caseworker, year=2020, prefix="3516") == []
