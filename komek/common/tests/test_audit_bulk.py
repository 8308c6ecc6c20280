"""``audit.bulk``: one row per object of a set-based write, alike whether inserted or copied in."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from komek.accounts.policy import system
from komek.common import audit
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
