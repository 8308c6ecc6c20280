"""Next year's plan: the forecast by the rules engine over today's registry, stored, edited,
approved, every change audited, bad input refused with the field named."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from komek.budget.models import PlanRow
from komek.budget.selectors.forecast import compute_forecast
from komek.budget.services import plan_approve, plan_forecast, plan_row_edit
from komek.budget.tests.conftest import NEXT, enter_mci
from komek.common.errors import DomainError, PermissionDenied
from komek.common.models import AuditLog
from komek.rules.engine import Engine

DEPARTMENT = "351600000"

pytestmark = pytest.mark.django_db


def _row(forecast: Any, programme: str, source: str) -> Any:
    return next(r for r in forecast.rows if (r.programme, r.source) == (programme, source))


def test_a_higher_mci_for_next_year_raises_the_forecast(tb_patient: Any, administrator: Any) -> None:
    before = _row(compute_forecast(year=NEXT, territory=DEPARTMENT), "451.007", "local")
    assert before.recipients == 1
    assert sum(1 for m in before.months.values() if m[0]) == 1  # a one-off: paid once in the year
    enter_mci(administrator, 5000)
    after = _row(compute_forecast(year=NEXT, territory=DEPARTMENT), "451.007", "local")
    assert after.amount > before.amount
    mci = Engine.load().parameters.value("mci", dt.date(NEXT, 1, 1))  # the shipped value for next year
    assert after.amount * mci == before.amount * 5000  # the same multiple of the new MCI


def test_an_assignment_pays_its_months_at_the_new_value(
    make_assignment: Callable[..., Any], administrator: Any
) -> None:
    make_assignment(
        period_start=dt.date(NEXT, 1, 1),
        period_end=dt.date(NEXT, 6, 30),
        monthly_amount=26510,
    )
    row = _row(compute_forecast(year=NEXT, territory=DEPARTMENT), "451.005", "local")
    paid = {m: v[0] for m, v in row.months.items() if v[0]}
    assert sorted(paid) == [1, 2, 3, 4, 5, 6]
    assert row.recipients == 1


def test_an_amount_in_mcis_follows_next_years_mci(
    make_assignment: Callable[..., Any], administrator: Any
) -> None:
    """An assignment of 10 MCI pays, in the forecast, 10 times the MCI entered for next year after it
    was assigned (before any recalculation), its republican and local parts together."""
    mci = int(Engine.load().parameters.value("mci", dt.date(NEXT, 1, 1)))
    assignment = make_assignment(
        period_start=dt.date(NEXT, 1, 1), period_end=dt.date(NEXT, 3, 31), monthly_amount=10 * mci,
        amount_mci=Decimal(10),
    )  # fmt: skip
    enter_mci(administrator, mci + 700)
    assert assignment.monthly_amount == 10 * mci
    forecast = compute_forecast(year=NEXT, territory=DEPARTMENT)
    january = sum(r.month_amount(1) for r in forecast.rows if r.programme == "451.005")
    assert january == 10 * (mci + 700) and sum(r.month_amount(4) for r in forecast.rows) == 0


def test_plan_is_made_edited_approved_and_audited(
    tb_patient: Any, accountant: Any, head: Any, administrator: Any
) -> None:
    plan = plan_forecast(actor=accountant, year=NEXT, territory=DEPARTMENT)
    row = plan.rows.get(programme="451.007", source="local")
    assert row.amount == row.forecast_amount > 0 and not row.edited
    edited = plan_row_edit(
        actor=accountant, plan_id=plan.pk, programme="451.007", source="local", amount=1_000_000,
        recipients=12, note="council's estimate",
    )  # fmt: skip
    assert edited.edited and edited.amount == 1_000_000
    enter_mci(administrator, 5000)
    plan_forecast(actor=accountant, year=NEXT, territory=DEPARTMENT)
    row = PlanRow.objects.get(pk=row.pk)
    assert row.amount == 1_000_000 and row.edited  # the edit stays, the new forecast beside it
    assert row.forecast_amount > edited.forecast_amount
    with pytest.raises(PermissionDenied):  # the accountant edits, the head approves
        plan_approve(actor=accountant, plan_id=plan.pk)
    plan_approve(actor=head, plan_id=plan.pk)
    with pytest.raises(DomainError, match="approved"):
        plan_row_edit(actor=accountant, plan_id=plan.pk, programme="451.007", source="local", amount=5)
    with pytest.raises(DomainError, match="approved"):
        plan_forecast(actor=accountant, year=NEXT, territory=DEPARTMENT)
    kinds = list(AuditLog.objects.filter(object_type="budget.plan").values_list("action", flat=True))
    assert kinds.count("create") == 1 and kinds.count("update") == 2 and kinds.count("refuse") >= 2
    assert AuditLog.objects.filter(object_type="budget.planrow", action="update").exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"amount": -5}, "amount", "between 0"),
        ({"programme": "451.999"}, "programme", "not a budget programme"),
        ({"source": "moon"}, "source", "source must be one of"),
        ({"recipients": -1}, "planned_recipients", "cannot be negative"),
    ],
)
def test_bad_input_is_refused_naming_the_field(
    accountant: Any, changes: dict[str, Any], field: str, message: str
) -> None:
    plan = plan_forecast(actor=accountant, year=NEXT, territory=DEPARTMENT)
    values = {"programme": "451.007", "source": "local", "amount": 10, "recipients": 1} | changes
    with pytest.raises(DomainError, match=message) as caught:
        plan_row_edit(actor=accountant, plan_id=plan.pk, **values)
    assert caught.value.field == field
    assert not plan.rows.filter(edited=True).exists()
    assert AuditLog.objects.filter(object_type="budget.plan", action="refuse").exists()


def test_a_plan_for_this_year_is_refused(accountant: Any) -> None:
    with pytest.raises(DomainError, match="year to come") as caught:
        plan_forecast(actor=accountant, year=NEXT - 1, territory=DEPARTMENT)
    assert caught.value.field == "year"
