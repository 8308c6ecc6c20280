"""IPR import from CSV and JSON: row-level errors, all or nothing, or valid IPRs in."""

from __future__ import annotations

import json

import pytest

from komek.rehabilitation.models import Entitlement, Ipr, QueueEntry
from komek.rehabilitation.services.ipr_import import IprImportRejected, ipr_import

from .conftest import YEAR

pytestmark = pytest.mark.django_db
HEADER = (
    "iin,ipr_number,issued_on,valid_from,valid_to,applied_on,kind,item,quantity,monthly_norm,hours_per_year\n"
)


def _csv(rows):
    return (HEADER + "".join(",".join(r) + "\n" for r in rows)).encode()


def _rows(good, other, nobody):
    d = f"{YEAR - 1}-01-10"
    return [
        (good.iin, "A-1", d, d, "", d, "wheelchair", "Коляска", "1", "", ""),
        (good.iin, "A-1", d, d, "", d, "hygiene", "Подгузники", "1", "90", ""),
        (other.iin, "B-1", d, d, "", d, "wheelchair", "", "1", "", ""),
        (other.iin, "B-1", d, d, "", d, "sign_language", "", "1", "", ""),  # no hours: error
        (nobody.iin, "C-1", d, d, "", d, "prosthetic", "", "1", "", ""),  # no disability: error
        ("000000000000", "D-1", "2024-13-01", d, "", d, "teleport", "", "x", "", ""),
    ]


def test_all_or_nothing_reports_every_row_and_writes_nothing(specialist, make_disabled, make_person):
    """An all-or-nothing import reports every row's error at its field and writes nothing."""
    good, other, nobody = make_disabled(), make_disabled(), make_person()
    with pytest.raises(IprImportRejected) as exc:
        ipr_import(actor=specialist, content=_csv(_rows(good, other, nobody)), file_name="mse.csv")
    found = {(e.row, e.field) for e in exc.value.errors}
    assert {
        (3, "hours_per_year"),
        (5, "person"),
        (6, "iin"),
        (6, "issued_on"),
        (6, "kind"),
        (6, "quantity"),
    } <= found
    assert not Ipr.objects.exists() and not QueueEntry.objects.exists()


def test_valid_rows_in_imports_whole_valid_iprs(specialist, make_disabled, make_person):
    """Valid rows in: IPRs whose rows are all valid are imported, one with a bad row is rejected whole."""
    good, other, nobody = make_disabled(), make_disabled(), make_person()
    result = ipr_import(
        actor=specialist, content=_csv(_rows(good, other, nobody)), file_name="mse.csv", all_or_nothing=False
    )
    assert (result.iprs_imported, result.rows_imported, result.rows) == (1, 2, 6)
    assert list(Ipr.objects.values_list("person_id", flat=True)) == [good.pk]  # B-1 rejected whole
    assert Entitlement.objects.count() == 2
    assert sorted(QueueEntry.objects.values_list("kind", flat=True)) == ["hygiene", "wheelchair"]
    assert result.batch is not None and result.batch.rows_rejected == 4


def test_json_file(specialist, make_disabled):
    """A JSON file of rows imports as a CSV file does, hours services without a queue."""
    person = make_disabled()
    d = f"{YEAR - 1}-01-10"
    data = [
        {
            "iin": person.iin,
            "ipr_number": "J-1",
            "issued_on": d,
            "valid_from": d,
            "kind": "hearing",
            "quantity": 2,
        },
        {
            "iin": person.iin,
            "ipr_number": "J-1",
            "issued_on": d,
            "valid_from": d,
            "kind": "personal_assistant",
            "hours_per_year": 480,
        },
    ]
    result = ipr_import(actor=specialist, content=json.dumps(data).encode(), file_name="mse.json")
    assert result.iprs_imported == 1 and not result.errors
    assert not QueueEntry.objects.exists()  # no application date: entitled, not yet waiting
