"""The bad input issue 12 lists, each refused or shown with what is wrong, nothing half-written and
the refusal audited: an amendment below what is spent, a spending record with no budget programme,
a thing linked to two budget programmes for one date, an import row with an unknown code."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command

from komek.budget.models import Allocation, Amendment
from komek.budget.reference import BudgetReferenceError, load_reference
from komek.budget.selectors import budget_execution
from komek.budget.services import AllocationImportRefused, allocation_amend, allocations_import
from komek.common.errors import DomainError
from komek.common.models import AuditLog
from komek.employment.models import Participation
from komek.payments.services import payroll_approve, payroll_run

pytestmark = pytest.mark.django_db
HEADER = "year,programme,source,territory,amount,planned_recipients\n"


def test_amendment_below_spent_refused_unwritten_and_audited(
    make_assignment: Callable[..., Any], make_allocation: Callable[..., Any], accountant: Any, head: Any
) -> None:
    """23,191 is spent of the local allocation: an amendment to 20,000 is refused naming the amount
    field and the amount spent; no amendment row, the allocation unchanged, the refusal audited."""
    make_assignment()
    allocation = make_allocation(amount=50_000)
    payroll_approve(actor=head, payroll_id=payroll_run(actor=accountant, month=dt.date(2020, 2, 1))[0].pk)
    with pytest.raises(DomainError, match="23,191") as refused:
        allocation_amend(
            actor=accountant, allocation_id=allocation.pk, date="2020-03-01", decision="No. 9", amount=20_000
        )
    assert refused.value.field == "amount" and refused.value.code == "below_spent"
    assert Amendment.objects.count() == 0
    assert Allocation.objects.get(pk=allocation.pk).amount == 50_000
    refusal = AuditLog.objects.get(
        action="refuse", object_type="budget.allocation", object_id=str(allocation.pk)
    )
    assert "23,191" in refusal.reason


def test_spending_with_no_budget_programme_is_shown_not_dropped(
    make_person: Callable[..., Any], accountant: Any
) -> None:
    """Public works paid in 2014, before the measure's link to a budget programme begins (2015): the
    execution lists it apart, with its amount, and the command names it in words on stderr."""
    Participation.objects.create(
        kind="public_works", person=make_person(), kato_id="351610000", date_from=dt.date(2014, 3, 1),
        date_to=dt.date(2014, 5, 31), paid_total=180_000,
    )  # fmt: skip
    execution = budget_execution(actor=accountant, year=2014)
    assert execution.rows == []
    assert [(u.thing, u.code, u.territory, u.amount) for u in execution.unlinked] == [
        ("measure", "public_works", "351600000", 180_000)
    ]
    out, err = io.StringIO(), io.StringIO()
    call_command("budget_execution", "--year", "2014", "--json", "--language", "en", stdout=out, stderr=err)
    assert json.loads(out.getvalue()) == []
    assert "Spending with no budget programme: Public works in 351600000, 180,000" in err.getvalue()


def test_two_budget_programmes_for_one_date_refused(tmp_path: Any) -> None:
    """TSA linked to 451.005 and to 451.007 from one date: the reference does not load, naming both
    links."""
    from pathlib import Path

    from komek.budget.reference import DATA_DIR

    (tmp_path / "classification.yaml").write_text((Path(DATA_DIR) / "classification.yaml").read_text())
    (tmp_path / "links.yaml").write_text(
        "programme:\n"
        '  - {code: tsa, budget: "451.005", from: 2015-01-01}\n'
        '  - {code: tsa, budget: "451.007", from: 2020-01-01, to: 2020-12-31}\n'
    )
    with pytest.raises(BudgetReferenceError) as refused:
        load_reference(tmp_path)
    assert "tsa" in str(refused.value) and "451.005" in str(refused.value) and "451.007" in str(refused.value)


def test_import_row_with_unknown_code_names_the_row_writes_nothing_and_is_audited(accountant: Any) -> None:
    """Row 3 names budget programme 451.999: the file is refused naming row 3 and its column, the good
    row before it is not written either, and the refusal is audited."""
    content = (HEADER + "2020,451.005,local,351600000,1000,\n2020,451.999,local,351600000,5,\n").encode()
    with pytest.raises(AllocationImportRefused) as refused:
        allocations_import(actor=accountant, content=content, file_name="plan.csv")
    assert [(e.line, e.field) for e in refused.value.errors] == [(3, "programme")]
    assert "451.999" in refused.value.errors[0].message
    assert Allocation.objects.count() == 0
    assert AuditLog.objects.filter(action="refuse", object_type="budget.allocation").count() == 1
