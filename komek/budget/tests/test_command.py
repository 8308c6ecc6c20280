"""``komek budget execution``: one JSON array of the contract's keys, integer tenge, percent with
one decimal; bad arguments exit 2 naming the option."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from komek.payments.services import payroll_approve, payroll_run

pytestmark = pytest.mark.django_db


def test_json_contract(
    make_assignment: Callable[..., Any], make_allocation: Callable[..., Any], accountant: Any, head: Any
) -> None:
    """The array holds one object per budget programme and source with exactly the contract's keys."""
    make_assignment()
    make_allocation(amount=30000)
    payroll_approve(actor=head, payroll_id=payroll_run(actor=accountant, month=dt.date(2020, 2, 1))[0].pk)
    out = io.StringIO()
    call_command(
        "budget_execution",
        "--year",
        "2020",
        "--territory",
        "351600000",
        "--json",
        "--language",
        "en",
        stdout=out,
    )
    rows = json.loads(out.getvalue())
    # Balkhash's TSA is co-financed: 23,191 of the 26,510 local, 3,319 republican (not allocated).
    assert rows == [
        {
            "programme": "451.005",
            "title": "451.005 State targeted social assistance",
            "source": "local",
            "allocated": 30000,
            "committed": 0,
            "spent": 23191,
            "percent": 77.3,
        },
        {
            "programme": "451.005",
            "title": "451.005 State targeted social assistance",
            "source": "republican",
            "allocated": 0,
            "committed": 0,
            "spent": 3319,
            "percent": None,
        },
    ]
    empty = io.StringIO()
    call_command("budget_execution", "--year", "2019", "--json", stdout=empty)
    assert json.loads(empty.getvalue()) == []


@pytest.mark.parametrize(
    ("args", "option"),
    [(["--year", "20x0"], "--year"), (["--year", "2020", "--territory", "999999999"], "--territory")],
)
def test_bad_arguments_exit_2(kato: None, args: list[str], option: str) -> None:
    """A year that is not a year and an unknown KATO code exit with 2, naming the option."""
    with pytest.raises(CommandError) as refused:
        call_command("budget_execution", *args, "--json")
    assert refused.value.returncode == 2
    assert str(refused.value).startswith(option)
