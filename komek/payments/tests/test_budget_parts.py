"""Budget parts: every payment line split into its republican, regional and local parts by the
assignment's shares, the payroll's totals per source, and the amounts paid per programme and source.

Balkhash's TSA is co-financed (the Balkhash report 2018: "7,346 thousand tenge, including RB 920
thousand"; its YAML: 0.1252 republican, 0.8748 local). The same SQL runs on SQLite and PostgreSQL;
the suite runs on both, so each figure below is checked on both.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction

from komek.accounts.choices import Reach, Role
from komek.benefits.services import BudgetShares, assignments_recalculate, budget_shares
from komek.benefits.services._checks import programme_version
from komek.benefits.tests.fixtures import BALKHASH_TOWN
from komek.payments.models import PaymentLine, Payroll
from komek.payments.services import overpayment_record, payroll_approve, payroll_run

pytestmark = pytest.mark.django_db
FEB, MAR, APR, MAY, JUN = (dt.date(2020, m, 1) for m in range(2, 7))


def parts(assignment: Any, kind: str = "regular", for_month: dt.date = FEB) -> tuple[int, int, int, int]:
    line = PaymentLine.objects.get(assignment=assignment, kind=kind, for_month=for_month)
    return line.amount, line.republican, line.regional, line.local


def test_co_financed_tsa_shares_come_from_its_legislation(make_assignment: Any) -> None:
    """A Balkhash TSA assignment keeps its version's shares for Balkhash in basis points (1,252
    republican, 8,748 local), its main source the local budget; an Almaty one is all republican."""
    a = make_assignment()
    version = programme_version("tsa", a.period_start, BALKHASH_TOWN)
    assert budget_shares(version, BALKHASH_TOWN).fields() == {
        "share_republican": 1252, "share_regional": 0, "share_local": 8748,
    }  # fmt: skip
    assert (a.share_republican, a.share_regional, a.share_local, a.budget_source) == (1252, 0, 8748, "local")
    assert a.budget_shares() == [("Local budget", Decimal("87.48")), ("Republican budget", Decimal("12.52"))]


def test_line_parts_and_payroll_totals_per_source(make_assignment: Any, accountant: Any, head: Any) -> None:
    """Each line is split by the shares, the republican part rounded toward zero and the local part the
    rest: 26,510 → 3,319 + 23,191. 8,750 is the rounding case: 1,095.5 + 7,654.5 exactly, which
    rounding each part half up would pay as 8,751; the parts sum to 8,750. The payroll's totals per
    source are the sums of the parts, and one payroll carries all the sources."""
    a = make_assignment()
    b = make_assignment(monthly_amount=8750)
    big = make_assignment(monthly_amount=2_500_000)  # × 10,000 overflows a 32-bit integer
    payrolls = payroll_run(actor=accountant, month=FEB)
    assert len(payrolls) == 1
    payroll = payrolls[0]
    assert parts(a) == (26510, 3319, 0, 23191)
    assert parts(b) == (8750, 1095, 0, 7655)
    assert parts(big) == (2_500_000, 313_000, 0, 2_187_000)
    assert payroll.budget_source == ""
    assert (payroll.total_amount, payroll.total_republican, payroll.total_regional, payroll.total_local) == (
        2_535_260, 317_414, 0, 2_217_846,
    )  # fmt: skip
    assert payroll.totals_by_source() == [("Republican budget", 317_414), ("Local budget", 2_217_846)]
    approved = payroll_approve(actor=head, payroll_id=payroll.pk)
    assert approved.total_republican + approved.total_local == approved.total_amount


def test_recovery_splits_as_the_mirror_of_a_payment(make_assignment: Any, accountant: Any) -> None:
    """A deduction of 10,001 tenge is a line of -10,001: -1,252 republican (toward zero, not -1,253)
    and -8,749 local, the exact mirror of a payment of 10,001, on both databases."""
    a = make_assignment()
    overpayment_record(actor=accountant, assignment_id=a.pk, amount=10001, reason="income_hidden",
                       detected_on=dt.date(2020, 1, 20))  # fmt: skip
    payroll = payroll_run(actor=accountant, month=FEB)[0]
    assert parts(a, "recovery") == (-10001, -1252, 0, -8749)
    assert (payroll.total_amount, payroll.total_republican, payroll.total_local) == (
        26510 - 10001, 3319 - 1252, 23191 - 8749,
    )  # fmt: skip


def test_arrears_are_split_too(
    make_assignment: Any, make_user: Any, accountant: Any, head: Any, caseworker: Any
) -> None:
    """Arrears after an MCI entered late (1,220 tenge for May 2020) are split like a payment:
    152 republican (1,220 × 0.1252 = 152.744) and 1,068 local."""
    from komek.legislation.services.parameters import parameter_value_add

    a = make_assignment(monthly_amount=26510, amount_mci=Decimal(10))
    for month in (MAR, APR, MAY):
        for payroll in payroll_run(actor=accountant, month=month):
            payroll_approve(actor=head, payroll_id=payroll.pk)
    parameter_value_add(
        actor=make_user(Role.ADMINISTRATOR, reach=Reach.NATIONAL, username="rules_admin"), name="mci",
        value=Decimal(2900), valid_from=MAY, valid_to=dt.date(2020, 12, 31), reference="Illustrative value",
    )  # fmt: skip
    assert assignments_recalculate(actor=caseworker, valid_from=MAY).changed == 1
    payroll_run(actor=accountant, month=JUN)
    assert parts(a, "arrears", MAY) == (1220, 152, 0, 1068)
    assert parts(a, "regular", JUN) == (29000, 3630, 0, 25370)


def test_purely_local_programme_is_all_local(make_assignment: Any, accountant: Any) -> None:
    """The care of a lonely disabled person (a Balkhash council decision, local budget only) has
    100 % local: its line's whole amount is the local part."""
    a = make_assignment(programme="balkhash.lonely_disabled_care", kind="regular", monthly_amount=2525)
    assert (a.share_republican, a.share_regional, a.share_local, a.budget_source) == (0, 0, 10000, "local")
    payroll_run(actor=accountant, month=FEB)
    assert parts(a) == (2525, 0, 0, 2525)


def test_database_refuses_parts_that_do_not_sum(make_assignment: Any, accountant: Any) -> None:
    """Check constraints: a line whose parts do not sum to its amount, and shares that do not sum to
    10,000, are refused by the database itself."""
    a = make_assignment()
    payroll_run(actor=accountant, month=FEB)
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentLine.objects.filter(assignment=a).update(local=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        type(a).objects.filter(pk=a.pk).update(share_local=8000)


def test_payroll_run_prints_totals_per_source(make_assignment: Any, accountant: Any) -> None:
    """``komek payroll run`` prints each payroll's total and its parts by source, in words."""
    make_assignment()
    out = io.StringIO()
    call_command("payroll_run", month="2020-02", user="accountant", stdout=out)
    assert out.getvalue().strip() == (
        "2020-02 tsa 351600000: prepared, 1 lines, 26510 tenge (Republican budget 3319, Local budget 23191)"
    )
    assert Payroll.objects.get().total_local == 23191


def test_payroll_pages_show_totals_per_source(make_assignment: Any, accountant: Any) -> None:
    """The payroll list and the payroll's page show its totals per budget source in the user's
    language (Russian here): the words, never the codes."""
    from django.test import Client
    from django.urls import reverse

    from komek.common.money import format_tenge

    make_assignment()
    payroll = payroll_run(actor=accountant, month=FEB)[0]
    client = Client()
    client.force_login(accountant)
    client.cookies["django_language"] = "ru"
    listing = client.get(reverse("payments:payroll_list")).content.decode()
    detail = client.get(reverse("payments:payroll_detail", args=[payroll.pk])).content.decode()
    for page in (listing, detail):
        assert "Республиканский бюджет" in page and "Местный бюджет" in page
        assert format_tenge(3319) in page and format_tenge(23191) in page
        assert ">republican<" not in page and ">local<" not in page


@pytest.mark.parametrize("shares", [BudgetShares(1252, 0, 8748), BudgetShares(3333, 3334, 3333)])
def test_sql_parts_equal_the_split_on_this_database(shares: BudgetShares) -> None:
    """The SQL every stage inserts lines with gives, on this database, the parts of
    ``BudgetShares.split`` for positive, negative (recovery) and large amounts: integer division
    truncates toward zero on SQLite and PostgreSQL alike."""
    from django.db import connection

    from komek.payments.generation import parts as parts_sql

    amounts = [1, 3, 7, 1250, 8750, 10001, 26510, 2_500_000, -1, -3, -1250, -8750, -10001, -2_500_000]
    rows = " UNION ALL ".join(
        f"SELECT {amount} AS amount, {shares.republican} AS share_republican, "
        f"{shares.regional} AS share_regional"
        for amount in amounts
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT v.amount, {parts_sql('v.amount', 'v.')} FROM ({rows}) v")  # noqa: S608
        found = {int(row[0]): tuple(int(x) for x in row[1:]) for row in cursor.fetchall()}
    assert found == {amount: tuple(shares.split(amount).values()) for amount in amounts}
