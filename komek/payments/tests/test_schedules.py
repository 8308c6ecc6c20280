"""Payment schedules: the programme's periodicity decides which months the payroll pays and how much,
and ``komek assignments schedule`` prints the same payments."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command

from komek.accounts.choices import Role
from komek.benefits.schedules import assignment_payments
from komek.common.errors import DomainError
from komek.common.periods import months
from komek.payments.models import PaymentLine
from komek.payments.services import payroll_approve, payroll_run
from komek.rules.engine import Engine

pytestmark = pytest.mark.django_db
ALMALY = "751110000"
ALMATY = "750000000"  # the city's one department pays its payrolls


@pytest.fixture
def almaly_family(make_user: Any, make_person: Any) -> Any:
    """A function making a one-person family in Almaty's Almaly district."""
    from komek.registry.services.families import MemberSpec, family_create

    registrar = make_user(Role.REGISTRAR, units=(ALMALY,), username="almaly_registrar")

    def make() -> Any:
        head = make_person(kato=ALMALY, actor=registrar)
        return family_create(
            actor=registrar, members=[MemberSpec(person=head, relation="head")], kato=ALMALY,
            valid_from=dt.date(2019, 1, 1),
        )  # fmt: skip

    return make


@pytest.fixture
def almaty(make_user: Any, almaly_family: Any, make_assignment: Any) -> Any:
    """Staff of Almaty's Almaly district and an assign function for a family there."""
    caseworker = make_user(Role.CASEWORKER, units=(ALMALY,), username="almaly_caseworker")
    accountant = make_user(Role.ACCOUNTANT, units=(ALMATY,), username="almaty_accountant")
    head = make_user(Role.DEPARTMENT_HEAD, units=(ALMATY,), username="almaty_head")

    def assign(programme: str, start: dt.date, end: dt.date, **extra: Any) -> Any:
        values = {"kind": "regular", "monthly_amount": 18557}
        values.update(extra)
        family = values.pop("family", None) or almaly_family()
        return make_assignment(
            family=family, actor=caseworker, programme=programme, period_start=start, period_end=end, **values
        )

    assign.caseworker, assign.accountant, assign.head = caseworker, accountant, head  # type: ignore[attr-defined]
    return assign


def pay(almaty: Any, first: dt.date, last: dt.date) -> dict[str, int]:
    """Every month's payroll prepared and approved; the regular lines as {"YYYY-MM": amount}."""
    for month in months(first, last):
        for payroll in payroll_run(actor=almaty.accountant, month=month):
            if payroll.line_count:
                payroll_approve(actor=almaty.head, payroll_id=payroll.pk)
    return {
        f"{line.for_month:%Y-%m}": line.amount
        for line in PaymentLine.objects.filter(kind="regular").order_by("for_month")
    }


def schedule_command(*args: str) -> list[dict[str, Any]]:
    out = io.StringIO()
    call_command("assignments_schedule", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_twice_yearly_payment_pays_once_in_six_months(almaty: Any) -> None:
    """Almaty's 7 MCI twice a year over a six-month assignment is one payment, not six."""
    almaty("almaty.twice_yearly_payment", dt.date(2020, 1, 1), dt.date(2020, 6, 30), amount_mci=Decimal(7))
    assert pay(almaty, dt.date(2020, 1, 1), dt.date(2020, 6, 1)) == {"2020-01": 7 * 2651}


def test_twice_yearly_payment_over_a_year_pays_twice_at_the_mci_of_each_date(almaty: Any) -> None:
    """Over 2020 two payments: January at 7 × 2,651 and July at 7 × 2,778 (the MCI rose in April)."""
    a = almaty(
        "almaty.twice_yearly_payment", dt.date(2020, 1, 1), dt.date(2020, 12, 31), amount_mci=Decimal(7)
    )
    paid = pay(almaty, dt.date(2020, 1, 1), dt.date(2020, 12, 1))
    assert paid == {"2020-01": 18557, "2020-07": 19446}
    assert sum(paid.values()) == 7 * 2651 + 7 * 2778
    assert [p.as_dict() for p in assignment_payments(a)] == [
        {"month": "2020-01", "amount": 18557}, {"month": "2020-07", "amount": 19446}
    ]  # fmt: skip


def test_quarterly_home_schooling_pays_four_times_a_year(almaty: Any) -> None:
    """The 12 MCI a quarter reimbursement pays in January, April, July and October only."""
    almaty("almaty.home_schooling", dt.date(2021, 1, 1), dt.date(2021, 12, 31), amount_mci=Decimal(12),
           monthly_amount=12 * 2917)  # fmt: skip
    paid = pay(almaty, dt.date(2021, 1, 1), dt.date(2021, 12, 1))
    assert paid == dict.fromkeys(["2021-01", "2021-04", "2021-07", "2021-10"], 12 * 2917)


def test_quarterly_assignment_starting_mid_quarter_is_paid_in_its_first_month(almaty: Any) -> None:
    """Home schooling from February: paid in February, then in April (the next quarter)."""
    almaty("almaty.home_schooling", dt.date(2021, 2, 10), dt.date(2021, 5, 31), monthly_amount=35004)
    assert pay(almaty, dt.date(2021, 1, 1), dt.date(2021, 6, 1)) == {"2021-02": 35004, "2021-04": 35004}


def test_once_assistance_pays_once(make_assignment: Any, accountant: Any, head: Any) -> None:
    """Balkhash's one-time TB assistance is paid in its month and never again."""
    make_assignment(programme="balkhash.tb_outpatient", kind="one_time",
                    period_start=dt.date(2020, 3, 1), period_end=dt.date(2020, 3, 31))  # fmt: skip
    for month in months(dt.date(2020, 3, 1), dt.date(2020, 6, 1)):
        for payroll in payroll_run(actor=accountant, month=month):
            payroll_approve(actor=head, payroll_id=payroll.pk)
    assert list(PaymentLine.objects.values_list("for_month", "kind")) == [(dt.date(2020, 3, 1), "regular")]


def test_once_per_household_is_refused_a_second_time(almaty: Any, almaly_family: Any) -> None:
    """The gas connection is "not repeated": a second assignment to the same family is refused."""
    family = almaly_family()
    almaty("almaty.gas_connection", dt.date(2021, 3, 1), dt.date(2021, 3, 31), family=family,
           kind="one_time", monthly_amount=150000)  # fmt: skip
    with pytest.raises(DomainError, match="not repeated") as refused:
        almaty("almaty.gas_connection", dt.date(2023, 5, 1), dt.date(2023, 5, 31), family=family,
               kind="one_time", monthly_amount=150000)  # fmt: skip
    assert refused.value.field == "programme"


def test_the_payroll_and_the_command_agree(almaty: Any) -> None:
    """Over 2020–2021 the payroll's lines and ``komek assignments schedule`` name the same payments."""
    almaty("almaty.twice_yearly_payment", dt.date(2020, 1, 1), dt.date(2021, 12, 31), amount_mci=Decimal(7))
    paid = pay(almaty, dt.date(2020, 1, 1), dt.date(2021, 12, 1))
    printed = schedule_command("--programme", "almaty.twice_yearly_payment", "--from", "2020-01-01",
                               "--to", "2021-12-31", "--region", ALMALY)  # fmt: skip
    assert {row["month"]: row["amount"] for row in printed} == paid
    engine = Engine.load()
    mci = {m: engine.parameters.value("mci", dt.date(2020 + m // 12, m % 12 + 1, 1)) for m in (0, 6, 12, 18)}
    assert [row["amount"] for row in printed] == [int(7 * v) for v in mci.values()]


def test_the_command_with_an_amount_and_its_errors(capsys: Any) -> None:
    """--amount pays that amount on the schedule; bad options exit 2 with one line naming the option."""
    assert schedule_command("--programme", "almaty.home_schooling", "--from", "2021-01-01", "--to",
                            "2021-06-30", "--amount", "30000") == [
        {"month": "2021-01", "amount": 30000}, {"month": "2021-04", "amount": 30000}
    ]  # fmt: skip
    cases = [
        (["--programme", "nothing", "--from", "2021-01-01", "--to", "2021-02-01"], "--programme"),
        (["--programme", "tsa", "--from", "2021-03-01", "--to", "2021-02-01"], "--to"),
        (["--programme", "tsa", "--from", "2021-13-01", "--to", "2021-02-01"], "--from"),
        (["--programme", "almaty.home_schooling", "--from", "2021-01-01", "--to", "2021-02-01",
          "--region", "351610000"], "--region"),
        (["--programme", "tsa", "--from", "2021-01-01", "--to", "2021-02-01"], "--amount"),
    ]  # fmt: skip
    for args, option in cases:
        with pytest.raises(SystemExit) as exited:
            schedule_command(*args)
        err = capsys.readouterr().err
        assert exited.value.code == 2 and err.startswith(option) and err.count("\n") == 1, (args, err)


def test_a_month_decided_after_its_payroll_is_paid_in_the_next(almaty: Any) -> None:
    """TSA assigned from January but decided after January's payroll: February pays January too,
    at January's amount, as January's payment; running February again pays nobody twice."""
    almaty("tsa", dt.date(2021, 1, 1), dt.date(2021, 6, 30))
    assert pay(almaty, dt.date(2021, 1, 1), dt.date(2021, 1, 1)) == {"2021-01": 18557}
    late = almaty("tsa", dt.date(2021, 1, 1), dt.date(2021, 6, 30), monthly_amount=20000)
    pay(almaty, dt.date(2021, 2, 1), dt.date(2021, 2, 1))
    payroll_run(actor=almaty.accountant, month=dt.date(2021, 2, 1))
    lines = PaymentLine.objects.filter(assignment=late).order_by("for_month")
    assert [(line.month, line.for_month, line.kind, line.amount) for line in lines] == [
        (dt.date(2021, 2, 1), dt.date(2021, 1, 1), "regular", 20000),
        (dt.date(2021, 2, 1), dt.date(2021, 2, 1), "regular", 20000),
    ]


def test_a_one_time_payment_decided_after_its_month_has_a_payroll_the_next_month(almaty: Any) -> None:
    """A gas connection of March decided after March's payroll, in a district where nothing else is
    payable in April: April's payroll exists for it and pays it once."""
    almaty("tsa", dt.date(2021, 3, 1), dt.date(2021, 3, 31))
    pay(almaty, dt.date(2021, 3, 1), dt.date(2021, 3, 1))
    almaty("almaty.gas_connection", dt.date(2021, 3, 1), dt.date(2021, 3, 31), kind="one_time",
           monthly_amount=150000)  # fmt: skip
    pay(almaty, dt.date(2021, 4, 1), dt.date(2021, 5, 1))
    gas = PaymentLine.objects.filter(assignment__programme="almaty.gas_connection")
    assert list(gas.values_list("month", "for_month", "amount")) == [
        (dt.date(2021, 4, 1), dt.date(2021, 3, 1), 150000)
    ]


def test_a_month_before_any_payroll_or_a_suspended_one_is_not_paid_late(almaty: Any) -> None:
    """Only months a payroll missed because the decision came after it are paid late: an
    assignment entered before January's payroll with a start in December (no payroll then), or
    decided late but suspended in January, is not paid for those months."""
    from komek.benefits.services import assignment_suspend

    early = almaty("tsa", dt.date(2020, 12, 1), dt.date(2021, 6, 30))
    pay(almaty, dt.date(2021, 1, 1), dt.date(2021, 1, 1))
    late = almaty("tsa", dt.date(2021, 1, 1), dt.date(2021, 6, 30))
    assignment_suspend(actor=almaty.caseworker, assignment_id=late.pk, date_from=dt.date(2021, 1, 1),
                       date_to=dt.date(2021, 1, 31), reason="documents_pending")  # fmt: skip
    pay(almaty, dt.date(2021, 2, 1), dt.date(2021, 2, 1))
    assert sorted(PaymentLine.objects.filter(assignment=early).values_list("for_month", flat=True)) == [
        dt.date(2021, 1, 1), dt.date(2021, 2, 1)
    ]  # fmt: skip
    assert list(PaymentLine.objects.filter(assignment=late).values_list("for_month", flat=True)) == [
        dt.date(2021, 2, 1)
    ]
