"""``komek import persons``: reading the file (encodings, Excel's quoting, headers, broken rows)."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from komek.common.models import AuditLog
from komek.registry.import_csv import ImportFileError
from komek.registry.models import Family, ImportBatch, Membership, Person
from komek.registry.names import person_search_key
from komek.registry.services.imports import persons_import
from komek.registry.tests.conftest import HEADER, row, valid_iin
from komek.registry.tests.imports.conftest import IMPORT, report

pytestmark = pytest.mark.django_db


def test_valid_file_imports_persons_families_and_one_audit_record(reference, write_csv):
    """A valid file imports persons and families with one audit row for the import, by the system."""
    head_iin = valid_iin(dt.date(1980, 5, 1), "male")
    wife_iin = valid_iin(dt.date(1983, 7, 9), "female")
    child_iin = valid_iin(dt.date(2012, 1, 2), "female")
    path = write_csv(
        [
            row(iin=head_iin, family_ref="A", relation="head", street='"ул. Абая, д. 5"',
                phone="8 (701) 123-45-67"),
            row(iin=wife_iin, surname="Ахметова", name="Айгуль", patronymic="", family_ref="A",
                relation="spouse", birth_date="09.07.1983", sex="female", kato="351633100"),
            row(iin=child_iin, surname="Ахметова", name="Алия", family_ref="A", relation="child",
                citizenship="kandas"),
            row(surname="Smith-Jones", name="O'Neil", patronymic="", email="a.b@mail.kz"),
        ]
    )  # fmt: skip
    result = persons_import(actor=IMPORT, path=path)
    assert (result.rows_total, result.rows_imported, result.rows_rejected, result.families_imported) == (
        4,
        4,
        0,
        1,
    )
    assert report(result) == []
    head = Person.objects.get(iin=head_iin)
    assert (head.birth_date, head.sex, head.phone, head.street) == (
        dt.date(1980, 5, 1),
        "male",
        "+77011234567",
        "ул. Абая, д. 5",
    )
    assert head.search_key == person_search_key(head.surname, head.name, head.patronymic)
    assert Person.objects.get(iin=child_iin).citizenship == "kandas"
    family = Family.objects.get()
    assert (family.kato_id, family.street, family.import_batch_id) == (
        "351610000",
        "ул. Абая, д. 5",
        result.batch_id,
    )
    relations = dict(Membership.objects.values_list("person__iin", "relation"))
    assert relations == {head_iin: "head", wife_iin: "spouse", child_iin: "child"}
    assert Membership.objects.filter(valid_to__isnull=True).count() == 3
    assert set(Person.objects.values_list("import_batch_id", flat=True)) == {result.batch_id}
    batch = ImportBatch.objects.get()
    assert (batch.rows_total, batch.rows_imported, batch.rows_rejected) == (4, 4, 0)
    assert batch.sha256 == hashlib.sha256(path.read_bytes()).hexdigest() and batch.finished_at
    audit = AuditLog.objects.get()  # one record for the whole import, none per person
    assert (audit.action, audit.object_type, audit.object_id) == (
        "import",
        "registry.importbatch",
        str(batch.pk),
    )
    assert audit.changes["sha256"] == batch.sha256 and audit.changes["rows_imported"] == 4
    assert audit.territory == "351600000"  # Balkhash town and Gulshat: the town administration
    assert audit.actor_username == "system:import-persons"


def test_bom_crlf_and_quoted_fields_with_commas_quotes_and_line_breaks(reference, tmp_path):
    """A file saved by Excel (BOM, CRLF, quoted commas, quotes and line breaks) imports as written."""
    lines = [HEADER, row(street='"ул. ""Новая"", 5\nкв. 7"')]
    path = tmp_path / "excel.csv"
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(lines).encode() + b"\r\n\r\n,,,,,,,,,,,,\r\n")
    result = persons_import(actor=IMPORT, path=path)
    assert (result.rows_imported, result.rows_rejected) == (1, 0)
    assert Person.objects.get().street == 'ул. "Новая", 5 кв. 7'


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (
            HEADER.replace("patronymic", "otchestvo"),
            ["missing columns: patronymic", "unexpected columns: otchestvo"],
        ),
        (HEADER.replace(",email", ""), ["missing columns: email"]),
        (HEADER + ",note", ["unexpected columns: note"]),
        (HEADER.replace("surname,name", "name,surname"), ["different order"]),
    ],
)
def test_wrong_header_says_which_columns(reference, write_csv, header, expected):
    """A wrong header stops the file and names the missing or unknown columns."""
    with pytest.raises(ImportFileError) as caught:
        persons_import(actor=IMPORT, path=write_csv([row()], header=header))
    for text in expected:
        assert text in str(caught.value)
    assert not Person.objects.exists() and not ImportBatch.objects.exists()


def test_file_not_in_utf8_says_offset_and_line(reference, write_csv):
    """A file not in UTF-8 stops the import and says where the first bad byte is."""
    path = write_csv([row(), row()], encoding="cp1251")
    with pytest.raises(ImportFileError) as caught:
        persons_import(actor=IMPORT, path=path)
    offset = path.read_bytes().index("Ахметов".encode("cp1251"))
    assert "not in UTF-8" in str(caught.value)
    assert f"offset {offset} (line 2)" in str(caught.value)
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [('1,"a\n', "never closed"), ('1,a"b\n', "out of place"), ("", "empty")],
)
def test_unreadable_structure_stops_the_file(reference, write_csv, text, message):
    """An empty file or one with unbalanced quotes stops the import with a reason."""
    path = write_csv([text] if text else [], header=HEADER if text else None)
    with pytest.raises(ImportFileError, match=message):
        persons_import(actor=IMPORT, path=path)


def test_broken_row_is_reported_and_the_rest_imported(reference, write_csv):
    """A row with the wrong number of fields is reported and the other rows are imported."""
    result = persons_import(
        actor=IMPORT, path=write_csv([row(), "871008401427,Ахметова,Айгуль", row() + ",extra"])
    )
    assert result.rows_imported == 1 and result.rows_rejected == 2
    assert report(result) == [
        (3, "", "The row has 3 fields; the header has 13. Check the commas and quotes."),
        (4, "", "The row has 14 fields; the header has 13. Check the commas and quotes."),
    ]
