"""A page writes each read row once, however often its template, partials and selectors ask."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from komek.accounts.policy import system
from komek.common import audit
from komek.common.models import AuditLog

pytestmark = pytest.mark.django_db
READER = system("tests")


def reads_thrice(request: HttpRequest) -> HttpResponse:
    for _ in range(3):
        audit.read(
            actor=READER, object_type="registry.person", object_id=7, person_id=7, territory="351600000"
        )
    audit.read(actor=READER, object_type="registry.person", object_id="", persons=[7, 8, 8, None])
    audit.read(actor=READER, object_type="registry.person", object_id="", persons=[8, 7])
    return HttpResponse("ok")


def test_one_request_writes_each_read_once() -> None:
    """Through the middleware: the card read once, the list (same persons in any order) once."""
    before = AuditLog.objects.count()
    audit.ReadsOncePerRequest(reads_thrice)(RequestFactory().get("/persons/7/"))
    rows = list(AuditLog.objects.order_by("pk"))[before:]
    assert len(rows) == 2
    assert rows[0].person_id == 7 and rows[0].changes == {}
    assert rows[1].changes == {"persons": [7, 8]} and rows[1].person_id is None and rows[1].territory == ""


def test_each_request_writes_its_own_rows() -> None:
    """Two page views are two reads; and outside a request (a command) every call is written."""
    before = AuditLog.objects.count()
    middleware = audit.ReadsOncePerRequest(reads_thrice)
    middleware(RequestFactory().get("/persons/7/"))
    middleware(RequestFactory().get("/persons/7/"))
    assert AuditLog.objects.count() - before == 4
    audit.read(actor=READER, object_type="registry.person", object_id=7)
    audit.read(actor=READER, object_type="registry.person", object_id=7)
    assert AuditLog.objects.count() - before == 6


def test_a_list_of_one_names_the_person() -> None:
    row: Any = audit.read(actor=READER, object_type="registry.person", persons=[5])
    assert row.person_id == 5 and row.changes == {"persons": [5]}


@pytest.mark.parametrize(
    ("codes", "unit"),
    [
        (["351610000", "351633100"], "351600000"),
        (["351633100", "351633100"], "351633100"),
        (["351610000", "751110000"], ""),
        ([None, ""], ""),
    ],
)
def test_a_list_is_filed_under_the_unit_common_to_its_persons(codes: list[Any], unit: str) -> None:
    assert audit.common_territory(codes) == unit
