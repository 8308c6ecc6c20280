"""Allocations: entered by the accountant, approved by another person, amended by dated decisions
(never below what is spent), imported from CSV or XLSX all or nothing."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from openpyxl import Workbook

from komek.budget.models import Allocation, Amendment
from komek.budget.selectors import budget_execution
from komek.budget.services import (
    AllocationImportRefused,
    allocation_amend,
    allocation_approve,
    allocation_create,
    allocations_import,
)
from komek.common.errors import DomainError, PermissionDenied
from komek.common.models import AuditLog

pytestmark = pytest.mark.django_db

HEADER = "year,programme,source,territory,amount,planned_recipients\n"


def test_create_and_approve_with_maker_checker(accountant: Any, head: Any, analyst: Any) -> None:
    """A draft counts for nothing until another person approves it; the maker cannot approve, an
    analyst cannot enter one; each step is audited."""
    a = allocation_create(
        actor=accountant,
        year=2020,
        programme="451.005",
        source="republican",
        territory="351600000",
        amount=5000,
    )
    assert a.status == "draft"
    assert budget_execution(actor=head, year=2020).rows == []
    with pytest.raises(PermissionDenied):
        allocation_approve(actor=accountant, allocation_id=a.pk)
    with pytest.raises(PermissionDenied):
        allocation_create(
            actor=analyst, year=2020, programme="451.005", source="local", territory="351600000", amount=1
        )
    allocation_approve(actor=head, allocation_id=a.pk)
    row = budget_execution(actor=analyst, year=2020).row("451.005", "republican", "351600000")
    assert row is not None and row.allocated == 5000
    with pytest.raises(DomainError, match="approved already"):
        allocation_approve(actor=head, allocation_id=a.pk)
    actions = list(AuditLog.objects.filter(object_type="budget.allocation").values_list("action", flat=True))
    assert actions.count("create") == 1 and actions.count("update") == 1 and "refuse" in actions


def test_bad_input_names_the_field(accountant: Any) -> None:
    """Unknown code, a code out of force, an unknown source, a settlement instead of a department
    and a duplicate are each refused naming their field; nothing is written."""
    cases: list[tuple[dict[str, Any], str, str]] = [
        ({"programme": "451.999"}, "programme", "not a budget programme"),
        ({"programme": "451.016", "year": 2020}, "programme", "not in force in 2020"),
        ({"source": "national"}, "source", "must be one of"),
        ({"territory": "351610000"}, "territory", "department's territory: 351600000"),
        ({"amount": -5}, "amount", "between 0"),
    ]
    for override, field, text in cases:
        values: dict[str, Any] = {
            "year": 2020, "programme": "451.005", "source": "local", "territory": "351600000", "amount": 10,
        }  # fmt: skip
        values.update(override)
        with pytest.raises(DomainError, match=text) as refused:
            allocation_create(actor=accountant, **values)
        assert refused.value.field == field
    assert Allocation.objects.count() == 0
    allocation_create(
        actor=accountant, year=2020, programme="451.005", source="local", territory="351600000", amount=1
    )
    with pytest.raises(DomainError, match="already has an allocation"):
        allocation_create(
            actor=accountant, year=2020, programme="451.005", source="local", territory="351600000", amount=2
        )


def test_amendment_changes_the_amount_from_its_date(
    make_allocation: Callable[..., Any], accountant: Any
) -> None:
    """A delta and a new amount are both recorded with their decision; the allocation in force
    counts the amendments dated on or before the report's day."""
    a = make_allocation(amount=1000)
    allocation_amend(
        actor=accountant, allocation_id=a.pk, date="2020-06-12", decision="Maslikhat No. 45", delta=500
    )
    second = allocation_amend(
        actor=accountant, allocation_id=a.pk, date="2020-09-01", decision="Maslikhat No. 51", amount=1200
    )
    assert (second.delta, second.amount_after) == (-300, 1200)
    import datetime as dt

    def allocated(on: dt.date) -> int:
        row = budget_execution(actor=accountant, year=2020, on=on).row("451.005", "local", "351600000")
        assert row is not None
        return row.allocated

    assert allocated(dt.date(2020, 1, 1)) == 1000
    assert allocated(dt.date(2020, 7, 1)) == 1500
    assert allocated(dt.date(2020, 12, 31)) == 1200
    with pytest.raises(DomainError, match="dated in 2020"):
        allocation_amend(actor=accountant, allocation_id=a.pk, date="2021-01-05", decision="x", delta=1)
    with pytest.raises(DomainError, match="either the new amount or the change"):
        allocation_amend(
            actor=accountant, allocation_id=a.pk, date="2020-10-01", decision="x", amount=1, delta=1
        )
    with pytest.raises(DomainError, match="Name the decision"):
        allocation_amend(actor=accountant, allocation_id=a.pk, date="2020-10-01", decision=" ", delta=1)


def test_import_csv_all_or_nothing(accountant: Any) -> None:
    """A file with errors writes nothing and names every bad row and column; a clean file creates
    drafts with one audit row each."""
    bad = (
        HEADER
        + "2020,451.005,republican,351600000,1000,10\n"
        + "2020,451.999,local,351600000,5,\n"
        + "2020,451.006,local,351610000,5,\n"
        + "2020,451.005,republican,351600000,7,\n"
    )
    with pytest.raises(AllocationImportRefused) as refused:
        allocations_import(actor=accountant, content=bad.encode(), file_name="plan.csv")
    assert [(e.line, e.field) for e in refused.value.errors] == [
        (3, "programme"),
        (4, "territory"),
        (5, "programme"),
    ]
    assert Allocation.objects.count() == 0
    good = HEADER + "2020,451.005,republican,351600000,1000,10\n2020,451.006,local,351600000,2500,\n"
    created = allocations_import(actor=accountant, content=good.encode(), file_name="plan.csv")
    assert sorted((a.programme, a.amount, a.planned_recipients) for a in created) == [
        ("451.005", 1000, 10),
        ("451.006", 2500, 0),
    ]
    assert AuditLog.objects.filter(object_type="budget.allocation", action="import").count() == 2
    with pytest.raises(AllocationImportRefused, match="1 errors"):
        allocations_import(actor=accountant, content=good.encode()[: len(HEADER) + 40], file_name="again.csv")


def test_import_xlsx_and_bad_header(accountant: Any) -> None:
    """An XLSX workbook imports like a CSV; a file without the named columns is refused as a whole."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["year", "programme", "source", "territory", "amount"])
    sheet.append([2020, "451.007", "local", "351600000", 4200])
    buffer = io.BytesIO()
    book.save(buffer)
    created = allocations_import(actor=accountant, content=buffer.getvalue(), file_name="plan.xlsx")
    assert [(a.programme, a.amount) for a in created] == [("451.007", 4200)]
    with pytest.raises(DomainError, match="names the columns") as refused:
        allocations_import(actor=accountant, content=b"a,b\n1,2\n", file_name="x.csv")
    assert refused.value.field == "file"
    assert Amendment.objects.count() == 0
