"""``audit.bulk``: one row per object of a set-based write, alike whether inserted or copied in."""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest
from django.db import transaction

from komek.accounts.policy import system
from komek.common import audit, audit_chain
from komek.common.models import AuditLog

pytestmark = pytest.mark.django_db


def _rows(reason: str) -> list[tuple[Any, ...]]:
    return list(
        AuditLog.objects.filter(reason=reason)
        .order_by("id")
        .values_list(
            "actor_username", "action", "object_type", "object_id", "person_id", "territory", "changes"
        )
    )


@pytest.mark.parametrize("count", [3, audit.COPY_FROM])
def test_bulk_writes_one_row_per_entry(count: int) -> None:
    """A small set (inserted) and a large one (copied in on PostgreSQL) give the same rows: actor,
    action, object, person, territory and changes of each entry, in order, inside the transaction."""
    entries = [
        audit.Entry(
            object_id=i, person_id=1000 + i, territory="751110000", changes={"n": [None, i]} if i else {}
        )
        for i in range(count)
    ]
    with transaction.atomic():
        written = audit.bulk(
            actor=system("tests"),
            action="create",
            object_type="benefits.assignment",
            entries=entries,
            reason=f"n{count}",
        )
    assert written == count
    rows = _rows(f"n{count}")
    assert len(rows) == count
    assert rows[0] == ("system:tests", "create", "benefits.assignment", "0", 1000, "751110000", {})
    assert rows[-1][3:] == (str(count - 1), 1000 + count - 1, "751110000", {"n": [None, count - 1]})


def test_bulk_refuses_a_bad_object_type() -> None:
    """A large set with an object type not ``<app>.<name>`` is refused, as a small one: nothing written."""
    entries = [audit.Entry(object_id=i) for i in range(audit.COPY_FROM)]
    with pytest.raises(ValueError, match="object type"), transaction.atomic():
        audit.bulk(actor=system("tests"), action="create", object_type="assignment", entries=entries)
    assert not AuditLog.objects.exists()


@pytest.mark.parametrize("count", [3, audit.COPY_FROM])
def test_bulk_frame_writes_the_rows_bulk_writes_and_the_chain_verifies(count: int) -> None:
    """Rows given as a frame, their changes built column-wise (texts with quotes, a backslash, a
    line break, Kazakh letters), are the rows ``bulk`` writes for the same entries, and the chain
    verifies after both: the hashes computed column-wise are the definition's."""
    names = ['Әлия "Ақ"', "back\\slash", "line\nbreak", "tab\there", "plain"]
    frame = pl.DataFrame(
        {
            "object_id": [str(i) for i in range(count)],
            "person_id": [None if i % 3 == 0 else 2000 + i for i in range(count)],
            "territory": ["351610000" if i % 2 else "751110000" for i in range(count)],
            "name": [names[i % len(names)] for i in range(count)],
            "amount": list(range(count)),
        },
        schema_overrides={"person_id": pl.Int64},
    ).with_columns(
        pl.concat_str(
            [
                pl.lit('{"amount":[null,'),
                pl.col("amount").cast(pl.String),
                pl.lit('],"name":[null,'),
                audit.json_string(pl.col("name")),
                pl.lit("]}"),
            ]
        ).alias("changes")  # fmt: skip
    )
    entries = [
        audit.Entry(object_id=r["object_id"], person_id=r["person_id"], territory=r["territory"],
                    changes={"amount": [None, r["amount"]], "name": [None, r["name"]]})
        for r in frame.iter_rows(named=True)
    ]  # fmt: skip
    with transaction.atomic():
        written = audit.bulk_frame(
            actor=system("tests"), action="create", object_type="proactive.item", frame=frame,
            reason='frame "é"',
        )  # fmt: skip
        audit.bulk(
            actor=system("tests"), action="create", object_type="proactive.item", entries=entries,
            reason="entries",
        )  # fmt: skip
    assert written == count
    assert _rows('frame "é"') == _rows("entries")
    assert audit_chain.verify() == (2 * count, None)
