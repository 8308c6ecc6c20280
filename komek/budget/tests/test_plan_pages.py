"""The plan page, its XLSX and ``komek budget plan``: the plan beside this year's execution; and a
reform's cost against the allocation of the year it takes effect."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from komek.budget.models import Plan
from komek.budget.selectors.plan import plan_view, reform_against_allocation
from komek.budget.tests.conftest import DEPARTMENT, NEXT
from komek.common.models import AuditLog
from komek.legislation import loader
from komek.payments.services import payroll_approve, payroll_run
from komek.rules.engine import Engine
from komek.rules.reform import read_reform

pytestmark = pytest.mark.django_db
THIS_YEAR = NEXT - 1


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def paid_this_year(make_assignment: Callable[..., Any], accountant: Any, head: Any) -> Any:
    """A TSA assignment from January of this year to June of the next, January's payroll approved."""
    assignment = make_assignment(period_start=dt.date(THIS_YEAR, 1, 1), period_end=dt.date(NEXT, 6, 30))
    payroll = payroll_run(actor=accountant, month=dt.date(THIS_YEAR, 1, 1))[0]
    payroll_approve(actor=head, payroll_id=payroll.pk)
    return assignment


def test_plan_beside_this_years_execution(paid_this_year: Any, analyst: Any) -> None:
    view = plan_view(actor=analyst, year=NEXT, territory=DEPARTMENT)
    line = next(x for x in view.lines if (x.programme, x.source) == ("451.005", "local"))
    assert view.plan is None  # not made yet: the forecast, its read of the registry audited
    assert AuditLog.objects.filter(object_type="budget.forecast", actor=analyst).exists()
    assert line.spent == 23191 and line.spent_recipients == 1  # January's local part of 26,510
    assert line.months[:6] == [23191] * 6 and line.months[6:] == [0] * 6  # the assignment ends in June
    assert line.amount == 6 * 23191 and line.change == line.amount - line.spent
    assert line.percent is not None and float(line.percent) == round(100 * line.change / line.spent, 1)


def test_page_forecast_edit_approve_and_xlsx(paid_this_year: Any, accountant: Any, head: Any) -> None:
    url = reverse("budget:plan")
    page = _client(accountant).get(url, {"year": str(NEXT), "territory": DEPARTMENT})
    assert page.status_code == 200 and "451.005" in page.content.decode()
    made = _client(accountant).post(
        reverse("budget:plan_forecast"), {"year": str(NEXT), "territory": DEPARTMENT}
    )
    assert made.status_code == 302
    plan = Plan.objects.get()
    bad = _client(accountant).post(
        reverse("budget:plan_row", args=[plan.pk]),
        {"programme": "451.005", "source": "local", "amount": -1, "recipients": 2},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert bad.status_code == 400 and "between 0" in bad.content.decode()
    ok = _client(accountant).post(
        reverse("budget:plan_row", args=[plan.pk]),
        {
            "programme": "451.005",
            "source": "local",
            "amount": 200000,
            "recipients": 2,
            "note": "more families",
        },
    )
    assert ok.status_code == 302
    assert _client(head).post(reverse("budget:plan_approve", args=[plan.pk])).status_code == 302
    plan.refresh_from_db()
    assert plan.status == "approved"
    book = _client(head).get(reverse("budget:plan_xlsx"), {"year": str(NEXT), "territory": DEPARTMENT})
    assert book.status_code == 200
    sheet = load_workbook(io.BytesIO(book.content)).worksheets[0]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    assert any(r[2] == 200000 and r[3] == 2 for r in rows)


def test_command_json_and_bad_input(paid_this_year: Any) -> None:
    out = io.StringIO()
    call_command("budget_plan", "--year", str(NEXT), "--territory", DEPARTMENT, "--json", stdout=out)
    rows = json.loads(out.getvalue())
    row = next(r for r in rows if (r["programme"], r["source"]) == ("451.005", "local"))
    assert set(row) == {
        "programme", "title", "source", "amount", "recipients", "forecast", "forecast_recipients", "edited",
        "months", "spent_this_year", "recipients_this_year", "change", "percent",
    }  # fmt: skip
    assert row["amount"] == 6 * 23191 and row["spent_this_year"] == 23191 and len(row["months"]) == 12
    for args in (["--year", "20x7"], ["--year", str(NEXT), "--territory", "999999999"]):
        with pytest.raises(CommandError) as caught:
            call_command("budget_plan", *args, "--json", stdout=io.StringIO())
        assert caught.value.returncode == 2


REFORM = """
name: {en: TB assistance doubled, ru: Помощь при туберкулёзе вдвое, kk: Туберкулезге көмек екі есе}
description: {en: test, ru: тест, kk: тест}
parameters:
  - {name: balkhash_tb_outpatient_mci, from: %(year)d-01-01, region: "3516", value: 20, reference: test}
"""


def test_reform_cost_against_the_allocation(
    tb_patient: Any, analyst: Any, administrator: Any, make_allocation: Callable[..., Any]
) -> None:
    from komek.legislation.services.parameters import parameter_value_add

    # The simulation runs the whole legislation: TSA's poverty line needs the median income.
    parameter_value_add(
        actor=administrator, name="median_income", value=Decimal(100_000), valid_from=dt.date(2025, 1, 1),
        reference="Test value", new=True,
    )  # fmt: skip
    make_allocation(amount=60000, programme="451.007", source="local", year=NEXT)
    reform = read_reform(REFORM % {"year": NEXT}, loader.application_engine(), source="test")
    found = reform_against_allocation(
        actor=analyst, reform=reform, month=dt.date(NEXT, 1, 1), territory=DEPARTMENT
    )
    line = next(w for w in found.lines if (w.programme, w.source) == ("451.007", "local"))
    mci = int(Engine.load().parameters.value("mci", dt.date(NEXT, 1, 1)))
    assert line.baseline_cost == 10 * mci and line.reform_cost == 20 * mci
    assert line.allocated == 60000 and line.left == 60000 - 20 * mci  # negative: the money lacking


def test_what_if_on_the_plan_page(
    tb_patient: Any, analyst: Any, accountant: Any, administrator: Any, make_allocation: Callable[..., Any]
) -> None:
    """An analyst simulates a shipped reform on the plan page against the allocation; the
    accountant, who may not simulate, sees no what-if form."""
    from komek.legislation.services.parameters import parameter_value_add

    parameter_value_add(
        actor=administrator, name="median_income", value=Decimal(100_000), valid_from=dt.date(2025, 1, 1),
        reference="Test value", new=True,
    )  # fmt: skip
    make_allocation(amount=60000, programme="451.007", source="local", year=NEXT)
    query = {"year": str(NEXT), "territory": DEPARTMENT}
    assert "what-if-form" not in _client(accountant).get(reverse("budget:plan"), query).content.decode()
    page = _client(analyst).get(
        reverse("budget:plan"), {**query, "reform": "balkhash_large_families", "month": f"{NEXT}-01"}
    )
    text = page.content.decode()
    assert page.status_code == 200 and 'id="what-if"' in text and "451.007" in text
    bad = _client(analyst).get(
        reverse("budget:plan"), {**query, "reform": "balkhash_large_families", "month": "x"}
    )
    assert "Месяц пишется в виде ГГГГ-ММ" in bad.content.decode()  # the staff member's language
