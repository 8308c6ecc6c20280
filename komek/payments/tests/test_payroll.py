"""Payroll: lines generated from assignments, suspensions, terminations, arrears after the MCI rise,
recovery of overpayments, maker-checker approval, registries and bank returns."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation

from komek.accounts.choices import Reach, Role
from komek.accounts.policy import system
from komek.benefits.services import assignment_suspend, assignment_terminate, assignments_recalculate
from komek.common.errors import DomainError, PermissionDenied, ValidationFailed
from komek.common.models import AuditLog
from komek.payments import registries
from komek.payments.choices import LineStatus, PayrollStatus
from komek.payments.models import PaymentLine, Payroll
from komek.payments.services import overpayment_record, payroll_approve, payroll_returns_import, payroll_run
from komek.payments.services.export import payroll_export

pytestmark = pytest.mark.django_db
JAN, FEB, MAR, APR, MAY, JUN = (dt.date(2020, m, 1) for m in range(1, 7))


def lines(month: dt.date) -> dict[tuple[int, str, dt.date], int]:
    return {
        (line.assignment_id, line.kind, line.for_month): line.amount
        for line in PaymentLine.objects.filter(month=month)
    }


def run_and_approve(accountant: Any, head: Any, month: dt.date) -> list[Payroll]:
    payrolls = payroll_run(actor=accountant, month=month)
    return [payroll_approve(actor=head, payroll_id=p.pk) for p in payrolls]


def test_month_lines_and_idempotent_rerun(make_assignment: Any, accountant: Any) -> None:
    """Each payable assignment gets one line; a re-run of the month adds nothing."""
    a = make_assignment()
    b = make_assignment(monthly_amount=10000, programme="housing")
    later = make_assignment(period_start=dt.date(2020, 3, 1), period_end=dt.date(2020, 5, 31))
    payrolls = payroll_run(actor=accountant, month=FEB)
    assert {(p.programme, p.territory, p.status) for p in payrolls} == {
        ("tsa", "351600000", "prepared"),
        ("housing", "351600000", "prepared"),
    }
    assert lines(FEB) == {(a.pk, "regular", FEB): 26510, (b.pk, "regular", FEB): 10000}
    assert later.pk not in {k[0] for k in lines(FEB)}
    again = payroll_run(actor=accountant, month=FEB)
    assert sorted(p.pk for p in again) == sorted(p.pk for p in payrolls)
    assert PaymentLine.objects.count() == 2
    tsa = Payroll.objects.get(programme="tsa")
    assert (tsa.line_count, tsa.total_amount, tsa.prepared_by) == (1, 26510, accountant)


def test_suspended_and_terminated_months_unpaid(
    make_assignment: Any, accountant: Any, caseworker: Any
) -> None:
    """No payment for a suspended month nor after termination; months before are paid."""
    s = make_assignment()
    t = make_assignment()
    assignment_suspend(
        actor=caseworker, assignment_id=s.pk, date_from=dt.date(2020, 2, 10), date_to=dt.date(2020, 2, 20),
        reason="documents_pending",
    )  # fmt: skip
    assignment_terminate(actor=caseworker, assignment_id=t.pk, date_from=dt.date(2020, 3, 1), reason="moved")
    for month in (JAN, FEB, MAR):
        payroll_run(actor=accountant, month=month)
    assert set(lines(JAN)) == {(s.pk, "regular", JAN), (t.pk, "regular", JAN)}
    assert set(lines(FEB)) == {(t.pk, "regular", FEB)}
    assert set(lines(MAR)) == {(s.pk, "regular", MAR)}


def test_mci_rise_recalculates_and_pays_arrears(
    make_assignment: Any, make_user: Any, accountant: Any, head: Any, caseworker: Any
) -> None:
    """10 MCI: 26,510 tenge in March 2020, 27,780 in April (the rise the legislation already held);
    an MCI of 2,900 from May entered after May was paid makes June pay 29,000 plus 1,220 arrears."""
    from komek.legislation.services.parameters import parameter_value_add

    a = make_assignment(monthly_amount=26510, amount_mci=Decimal(10))
    fixed = make_assignment(monthly_amount=20000)
    for month in (MAR, APR, MAY):
        run_and_approve(accountant, head, month)
    assert (lines(MAR)[(a.pk, "regular", MAR)], lines(APR)[(a.pk, "regular", APR)]) == (26510, 27780)
    assert lines(MAY)[(a.pk, "regular", MAY)] == 27780  # paid before the new value was entered
    assert assignments_recalculate(actor=caseworker, valid_from=dt.date(2020, 4, 1)).changed == 0
    parameter_value_add(
        actor=make_user(Role.ADMINISTRATOR, reach=Reach.NATIONAL, username="rules_admin"), name="mci",
        value=Decimal(2900),
        valid_from=dt.date(2020, 5, 1), valid_to=dt.date(2020, 12, 31), reference="Illustrative value",
    )  # fmt: skip
    result = assignments_recalculate(actor=caseworker, valid_from=dt.date(2020, 5, 1))
    assert (result.value, result.changed) == (Decimal(2900), 1)
    a.refresh_from_db()
    assert a.monthly_amount == 29000
    run_and_approve(accountant, head, JUN)
    june = lines(JUN)
    assert june[(a.pk, "regular", JUN)] == 29000
    assert june[(a.pk, "arrears", MAY)] == 1220
    assert (a.pk, "arrears", APR) not in june
    assert (fixed.pk, "arrears", MAY) not in june
    # Recalculating again or re-running June pays no second arrears.
    assert assignments_recalculate(actor=caseworker, valid_from=dt.date(2020, 5, 1)).changed == 0
    payroll_run(actor=accountant, month=JUN)
    assert PaymentLine.objects.filter(kind="arrears").count() == 1


def test_overpayment_recovered_from_later_payments(make_assignment: Any, accountant: Any, head: Any) -> None:
    """An overpayment of 40,000 is deducted in full from February (26,510) and the rest in March."""
    a = make_assignment()
    overpayment_record(actor=accountant, assignment_id=a.pk, amount=40000, reason="income_hidden",
                       detected_on=dt.date(2020, 1, 20))  # fmt: skip
    run_and_approve(accountant, head, FEB)
    run_and_approve(accountant, head, MAR)
    run_and_approve(accountant, head, APR)
    assert lines(FEB)[(a.pk, "recovery", FEB)] == -26510
    assert lines(MAR)[(a.pk, "recovery", MAR)] == -13490
    assert (a.pk, "recovery", APR) not in lines(APR)
    assert Payroll.objects.get(month=MAR).total_amount == 26510 - 13490


def test_maker_checker_and_single_approval(make_assignment: Any, make_user: Any, head: Any) -> None:
    """The preparer cannot approve; an accountant cannot approve; a second approval is refused clearly."""
    make_assignment()
    both = make_user(Role.DEPARTMENT_HEAD, username="head2")
    payroll = payroll_run(actor=system("payroll-run"), month=FEB)[0]
    Payroll.objects.filter(pk=payroll.pk).update(prepared_by=both)
    with pytest.raises(DomainError) as info:
        payroll_approve(actor=both, payroll_id=payroll.pk)
    assert info.value.code == "maker_checker"
    with pytest.raises(PermissionDenied):
        payroll_approve(actor=make_user(Role.ACCOUNTANT, username="acc2"), payroll_id=payroll.pk)
    payroll_approve(actor=head, payroll_id=payroll.pk)
    with pytest.raises(DomainError) as info:
        payroll_approve(actor=head, payroll_id=payroll.pk)
    assert info.value.code == "already_approved"
    assert "head" in str(info.value)
    refusals = AuditLog.objects.filter(object_type="payments.payroll", changes__has_key="refused")
    assert refusals.count() == 3


def test_territory_of_payroll(make_assignment: Any, make_user: Any, accountant: Any) -> None:
    """An Almaty head cannot approve Balkhash's payroll; an Almaty accountant's run prepares nothing there."""
    make_assignment()
    assert (
        payroll_run(actor=make_user(Role.ACCOUNTANT, units=("751110000",), username="acc_alm"), month=FEB)
        == []
    )
    payroll = payroll_run(actor=accountant, month=FEB)[0]
    with pytest.raises(PermissionDenied):
        payroll_approve(
            actor=make_user(Role.DEPARTMENT_HEAD, units=("751110000",), username="h_alm"),
            payroll_id=payroll.pk,
        )


def test_registries_csv_and_valid_pain001(
    make_assignment: Any, accountant: Any, head: Any, tmp_path: Any
) -> None:
    """An approved payroll exports per bank: CSV rows and a pain.001 valid against the XSD."""
    a = make_assignment()
    make_assignment(bank_bic="CASPKZKA", iban=registries.make_iban("722", "S000054326792"))
    payroll = payroll_run(actor=accountant, month=FEB)[0]
    with pytest.raises(DomainError):
        payroll_export(actor=accountant, payroll_id=payroll.pk, bic="HSBKKZKX", fmt="csv")
    payroll_approve(actor=head, payroll_id=payroll.pk)
    assert registries.banks_of(payroll) == ["CASPKZKA", "HSBKKZKX"]
    name, chunks = payroll_export(actor=accountant, payroll_id=payroll.pk, bic="HSBKKZKX", fmt="csv")
    text = "".join(chunks)
    assert name.endswith("-HSBKKZKX.csv")
    rows = text.strip().splitlines()
    assert rows[0].startswith("reference,iin,")
    assert len(rows) == 2 and rows[1].startswith(f"KMK{payroll.pk}-{a.pk},") and ",26510," in rows[1]
    name, chunks = payroll_export(actor=head, payroll_id=payroll.pk, bic="HSBKKZKX", fmt="pain001")
    data = "".join(chunks).encode()
    registries.validate_bytes(data)
    path = tmp_path / name
    path.write_bytes(data)
    assert registries.validate_file(path) == 1
    assert b"<CtrlSum>26510.00</CtrlSum>" in data
    broken = tmp_path / "broken.xml"
    broken.write_bytes(data.replace(b"<PmtMtd>TRF</PmtMtd>", b"<PmtMtd>XXX</PmtMtd>"))
    with pytest.raises(Exception, match="PmtMtd"):
        registries.validate_file(broken)
    assert AuditLog.objects.filter(object_type="payments.payroll", action="export").count() == 2


def test_return_file(make_assignment: Any, accountant: Any, head: Any) -> None:
    """A return file marks the named payments returned; a bad file is refused whole, naming rows."""
    a = make_assignment()
    b = make_assignment()
    payroll = run_and_approve(accountant, head, FEB)[0]
    bad = (
        f"reference,amount,reason\nKMK{payroll.pk}-{a.pk},26510,closed\n"
        f"KMK{payroll.pk}-999999,100,x\nKMK{payroll.pk}-{b.pk},1,x\n"
    )
    with translation.override("en"), pytest.raises(ValidationFailed) as info:
        payroll_returns_import(
            actor=accountant, payroll_id=payroll.pk, file_name="r.csv", content=bad.encode()
        )
    messages = info.value.errors["file"]
    assert len(messages) == 2 and "Row 3" in messages[0] and "Row 4" in messages[1]
    assert not PaymentLine.objects.filter(status=LineStatus.RETURNED).exists()
    good = f"reference,amount,reason\nKMK{payroll.pk}-{a.pk},26510,account closed\n".encode()
    record = payroll_returns_import(actor=accountant, payroll_id=payroll.pk, file_name="r.csv", content=good)
    assert (record.payments, record.amount) == (1, 26510)
    line = PaymentLine.objects.get(assignment=a)
    assert (line.status, line.return_reason) == (LineStatus.RETURNED, "account closed")
    with pytest.raises(DomainError):
        payroll_returns_import(actor=accountant, payroll_id=payroll.pk, file_name="r.csv", content=good)
    # A returned payment is not sent again in a registry.
    assert [row[0] for row in registries.payments(payroll, "HSBKKZKX")] == [b.pk]


def test_the_payroll_counts_its_recipients_by_address_and_the_start_page_takes_returns_off(
    make_assignment: Any, accountant: Any, head: Any
) -> None:
    """Prepared, the payroll holds its recipients and money per address; the start page's recipients
    by district read those, less what the bank returned, and agree with a count of the lines."""
    from komek.payments.selectors.dashboard import paid_by_unit

    a = make_assignment()
    b = make_assignment()
    payroll = run_and_approve(accountant, head, FEB)[0]
    kato = a.kato_code
    amount = sum(PaymentLine.objects.filter(payroll=payroll).values_list("amount", flat=True))
    assert payroll.by_address == {kato: [2, amount]}
    unit = {"town": kato[:4]}
    assert paid_by_unit(actor=head, month=FEB, prefixes=unit) == {"town": (2, amount)}
    returned = PaymentLine.objects.get(assignment=a).amount
    content = f"reference,amount,reason\nKMK{payroll.pk}-{a.pk},{returned},account closed\n".encode()
    payroll_returns_import(actor=accountant, payroll_id=payroll.pk, file_name="r.csv", content=content)
    assert paid_by_unit(actor=head, month=FEB, prefixes=unit) == {"town": (1, amount - returned)}
    # A payroll without the counts (prepared before they existed) is counted from its lines alike.
    Payroll.objects.filter(pk=payroll.pk).update(by_address={})
    assert paid_by_unit(actor=head, month=FEB, prefixes=unit) == {"town": (1, amount - returned)}
    assert b.kato_code.startswith(unit["town"])


def test_run_refuses_unknown_programme(accountant: Any) -> None:
    """A run for a programme nothing is payable under is refused, naming the programme, and makes nothing."""
    with pytest.raises(DomainError) as info:
        payroll_run(actor=accountant, month=FEB, programme="nothing")
    assert info.value.field == "programme"
    assert Payroll.objects.count() == 0
    assert PayrollStatus.PREPARING == "preparing"


def test_prepare_again_after_late_termination(
    make_assignment: Any, accountant: Any, head: Any, caseworker: Any
) -> None:
    """A termination entered after preparing: preparing again drops the line; approved is final."""
    from komek.payments.services import payroll_prepare_again

    a = make_assignment()
    b = make_assignment()
    first = payroll_run(actor=accountant, month=FEB)[0]
    assignment_terminate(actor=caseworker, assignment_id=b.pk, date_from=dt.date(2020, 2, 1), reason="death")
    again = payroll_prepare_again(actor=accountant, payroll_id=first.pk)
    assert set(lines(FEB)) == {(a.pk, "regular", FEB)}
    assert (again.status, again.line_count) == (PayrollStatus.PREPARED, 1)
    assert not Payroll.objects.filter(pk=first.pk).exists()
    payroll_approve(actor=head, payroll_id=again.pk)
    with pytest.raises(DomainError) as info:
        payroll_prepare_again(actor=accountant, payroll_id=again.pk)
    assert info.value.code == "status"


def test_unattended_run_is_the_named_system(make_assignment: Any) -> None:
    """A run without a person is prepared by nobody and audited as ``system:payroll-run``; None is refused."""
    make_assignment()
    with pytest.raises(TypeError):
        payroll_run(actor=None, month=FEB)  # type: ignore[arg-type]  # the refusal is what is tested
    payroll = payroll_run(actor=system("payroll-run"), month=FEB)[0]
    assert payroll.prepared_by_id is None
    log = AuditLog.objects.get(object_type="payments.payroll", action="create")
    assert (log.actor_id, log.actor_username, log.object_id) == (None, "system:payroll-run", str(payroll.pk))
