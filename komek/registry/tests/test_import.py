"""``komek import persons``: every kind of bad input, families, all-or-nothing, re-imports."""

from __future__ import annotations

import datetime as dt
import hashlib

import polars as pl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from django.utils.functional import Promise
from hypothesis import given, settings
from hypothesis import strategies as st

from komek.accounts.policy import system
from komek.common import bulk_sql
from komek.common.errors import PermissionDenied
from komek.common.models import AuditLog
from komek.registry.import_csv import ImportFileError
from komek.registry.import_rules import MESSAGES
from komek.registry.models import Family, ImportBatch, Membership, Person
from komek.registry.names import person_search_key
from komek.registry.names_vector import search_keys
from komek.registry.services.imports import persons_import
from komek.registry.tests.conftest_bulk import HEADER, reference, row, valid_iin, write_csv

IMPORT = system("import-persons")

__all__ = ["reference", "write_csv"]  # fixtures used by name below
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Reasons are compared in English; the language test switches on purpose."""
    with translation.override("en"):
        yield


def report(result) -> list[tuple[int, str, str]]:
    frame = pl.read_csv(result.report_path, infer_schema=False)
    return [(int(line), column or "", reason) for line, column, reason in frame.iter_rows()]


def codes_by_line(result) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for line, column, _ in report(result):
        out.setdefault(line, set()).add(column)
    return out


def test_valid_file_imports_persons_families_and_one_audit_record(reference, write_csv):
    """A valid file imports its persons and families with one audit row for the whole import, by the named system."""
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


@pytest.mark.parametrize(
    ("iin", "reason"),
    [
        ("87100840142", "An IIN has exactly 12 digits."),
        ("871008701427", "The 7th digit of an IIN (century and sex) must be 1 to 6."),
        ("870230400000", "The first six digits of an IIN are not a real date."),
        ("821214240092", "This IIN cannot exist: both check-digit passes give 10."),
        ("010101600586", "The check digit of the IIN is wrong."),
        ("991231600004", "The IIN encodes a date of birth in the future."),
    ],
)
def test_invalid_iin_says_which_check_failed(reference, write_csv, iin, reason):
    """An invalid IIN is rejected with the check it failed."""
    result = persons_import(actor=IMPORT, path=write_csv([row(iin=iin)]))
    assert report(result) == [(2, "iin", reason)]
    assert not Person.objects.exists()


def test_birth_date_and_sex_must_agree_with_the_iin(reference, write_csv):
    """A birth date or sex contradicting the IIN, or written wrongly, rejects the row."""
    iin = valid_iin(dt.date(1985, 3, 14), "male")
    result = persons_import(
        actor=IMPORT,
        path=write_csv(
            [
                row(iin=iin, birth_date="1985-03-15", sex="female"),
                row(birth_date="14.03.1985", sex="male"),
                row(birth_date="14/03/1985"),
                row(sex="m"),
            ]
        ),
    )
    assert report(result) == [
        (2, "birth_date", "The date of birth does not match the IIN (the IIN says 14.03.1985)."),
        (2, "sex", "The sex does not match the 7th digit of the IIN."),
        (4, "birth_date", "Write the date as YYYY-MM-DD or DD.MM.YYYY."),
        (5, "sex", "Unknown sex code; use one of: male, female."),
    ]
    assert result.rows_imported == 1


def test_duplicate_iin_within_the_file_rejects_every_copy(reference, write_csv):
    """An IIN repeated in the file rejects every copy, each naming the other lines."""
    iin = valid_iin(dt.date(1990, 1, 1), "female")
    result = persons_import(actor=IMPORT, path=write_csv([row(iin=iin), row(), row(iin=iin), row(iin=iin)]))
    assert report(result) == [
        (2, "iin", "The same IIN is also on line(s) 4, 5."),
        (4, "iin", "The same IIN is also on line(s) 2, 5."),
        (5, "iin", "The same IIN is also on line(s) 2, 4."),
    ]
    assert result.rows_imported == 1


def test_unknown_kato_and_codes_and_bad_contacts(reference, write_csv):
    """Unknown KATO codes, citizenship and relation codes and bad contacts are rejected by column."""
    result = persons_import(
        actor=IMPORT,
        path=write_csv(
            [
                row(kato="999999999"),
                row(citizenship="martian"),
                row(family_ref="F", relation="uncle"),
                row(relation="child"),
                row(phone="12-34"),
                row(email="not-an-address"),
                row(surname="", name="R2D2"),
            ]
        ),
    )
    assert codes_by_line(result) == {
        2: {"kato"}, 3: {"citizenship"}, 4: {"relation", "family_ref"}, 5: {"relation"}, 6: {"phone"},
        7: {"email"}, 8: {"surname", "name"},
    }  # fmt: skip
    reasons = {reason for _, _, reason in report(result)}
    assert "Unknown KATO code." in reasons
    assert (
        "Unknown relation code; use one of: head, spouse, child, parent, sibling, grandchild, grandparent, "
        "other." in reasons
    )
    assert not Person.objects.exists()


def test_family_needs_exactly_one_head_and_is_never_imported_in_half(reference, write_csv):
    """A family needs exactly one head, and a family with any wrong row is rejected whole."""
    result = persons_import(
        actor=IMPORT,
        path=write_csv(
            [
                row(family_ref="none", relation="spouse"),
                row(family_ref="none", relation="child"),
                row(family_ref="two", relation="head"),
                row(family_ref="two", relation="head"),
                row(family_ref="ok", relation="head"),
                row(family_ref="ok", relation="child"),
                row(family_ref="hurt", relation="head"),
                row(family_ref="hurt", relation="child", kato="000000000"),
            ]
        ),
    )
    lines = report(result)
    assert [(line, column) for line, column, _ in lines if column == "family_ref"][:4] == [
        (2, "family_ref"), (3, "family_ref"), (4, "family_ref"), (5, "family_ref"),
    ]  # fmt: skip
    assert (8, "family_ref", "Not imported: another member of this family has an error (line 9).") in lines
    assert result.rows_imported == 2 and result.families_imported == 1
    assert Family.objects.count() == 1 and Membership.objects.count() == 2


def test_persons_already_registered_or_in_a_family(reference, write_csv):
    """Persons already registered, or already in a family, are rejected on a second import."""
    a, b = valid_iin(dt.date(1970, 1, 1), "male"), valid_iin(dt.date(1971, 1, 1), "male")
    first = persons_import(
        actor=IMPORT, path=write_csv([row(iin=a, family_ref="x", relation="head"), row(iin=b)])
    )
    assert first.rows_imported == 2
    again = persons_import(
        actor=IMPORT,
        path=write_csv(
            [row(iin=a, family_ref="y", relation="head"), row(iin=b, family_ref="z", relation="head")]
        ),
    )
    assert report(again) == [
        (2, "iin", "A person with this IIN is already registered."),
        (2, "family_ref", "This person is already a member of a family in the registry."),
        (3, "iin", "A person with this IIN is already registered."),
    ]
    assert Person.objects.count() == 2 and Family.objects.count() == 1


def test_all_or_nothing_writes_nothing_when_a_row_is_wrong(reference, write_csv):
    """With all-or-nothing, one wrong row means nothing is written, not even a batch or an audit row."""
    path = write_csv([row(), row(kato="999999999"), row()])
    result = persons_import(actor=IMPORT, path=path, all_or_nothing=True)
    assert result.batch_id is None and result.rows_imported == 0 and result.rows_rejected == 3
    assert report(result) == [(3, "kato", "Unknown KATO code.")]
    assert not Person.objects.exists() and not ImportBatch.objects.exists() and not AuditLog.objects.exists()
    clean = persons_import(actor=IMPORT, path=write_csv([row(), row()]), all_or_nothing=True)
    assert clean.rows_imported == 2 and ImportBatch.objects.get().all_or_nothing


def test_reimporting_the_same_file_writes_nothing_twice(reference, write_csv):
    """Importing the same file again writes no person twice."""
    path = write_csv([row(family_ref="A", relation="head"), row(family_ref="A", relation="child"), row()])
    first = persons_import(actor=IMPORT, path=path)
    second = persons_import(actor=IMPORT, path=path)
    assert (first.rows_imported, second.rows_imported, second.rows_rejected) == (3, 0, 3)
    assert Person.objects.count() == 3 and Family.objects.count() == 1 and Membership.objects.count() == 2
    assert {c for _, c, _ in report(second)} == {"iin", "family_ref"}
    assert ImportBatch.objects.count() == 2 and AuditLog.objects.count() == 2


def test_report_names_columns_and_reasons_without_personal_data(reference, write_csv):
    """The error report names lines, columns and reasons, never a person's data."""
    iin = valid_iin(dt.date(1975, 6, 6), "male")
    result = persons_import(
        actor=IMPORT, path=write_csv([row(iin=iin, surname="Жумабаев1", phone="+1 555", kato="123456789")])
    )
    text = result.report_path.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == "line,column,reason"
    assert iin not in text and "Жумабаев" not in text and "555" not in text
    assert result.report_path.name == "persons1.errors.csv"


def test_messages_are_translatable_and_rendered_in_the_active_language(reference, write_csv):
    """The report's reasons are written in the language active during the import."""
    assert all(isinstance(message, Promise) for message in MESSAGES.values())
    english = report(persons_import(actor=IMPORT, path=write_csv([row(kato="999999999")])))
    with translation.override("ru"):
        russian = report(persons_import(actor=IMPORT, path=write_csv([row(kato="999999999")])))
        expected = str(MESSAGES["kato_unknown"])
    assert russian == [(2, "kato", expected)]
    assert english == [(2, "kato", "Unknown KATO code.")]


def test_actor_needs_the_import_capability_and_territory(make_user, write_csv):
    """A member of staff imports only with the import capability, and only addresses of their territory."""
    from komek.accounts.roles import Reach, Role

    with pytest.raises(PermissionDenied):
        persons_import(path=write_csv([row()]), actor=make_user(Role.REGISTRAR))
    admin = make_user(Role.ADMINISTRATOR, units=("351600000",), reach=Reach.UNITS)
    result = persons_import(path=write_csv([row(), row(kato="751110000")]), actor=admin)
    assert report(result) == [(3, "kato", "This address is outside your territorial units.")]
    assert (
        ImportBatch.objects.get().started_by == admin
        and AuditLog.objects.filter(action="import").get().actor == admin
    )


def test_a_crash_leaves_nothing_half_written(reference, write_csv, monkeypatch):
    """A failure midway through the import leaves nothing written but the report."""
    real = bulk_sql.insert_select

    def failing(model, **kwargs):
        if model is Membership:
            raise RuntimeError("disk full")
        return real(model, **kwargs)

    monkeypatch.setattr(bulk_sql, "insert_select", failing)
    path = write_csv([row(family_ref="A", relation="head"), row(kato="999999999")])
    with pytest.raises(RuntimeError):
        persons_import(actor=IMPORT, path=path)
    assert not Person.objects.exists() and not Family.objects.exists() and not ImportBatch.objects.exists()
    assert not AuditLog.objects.exists()
    assert not list(path.parent.glob("*.errors.csv*"))


def test_command_prints_a_summary_and_fails_when_rows_were_rejected(reference, write_csv, capsys):
    """``komek import persons`` prints a summary and exits with 2 when rows were rejected."""
    call_command("import_persons", str(write_csv([row()])))
    assert "Imported 1 persons (0 families), rejected 0 rows." in capsys.readouterr().out
    with pytest.raises(CommandError) as caught:
        call_command("import_persons", str(write_csv([row(), row(iin="1")])))
    assert caught.value.returncode == 2
    assert "rejected 1 rows" in capsys.readouterr().out
    with pytest.raises(CommandError, match="header"):
        call_command("import_persons", str(write_csv([row()], header="a,b")), "--all-or-nothing")


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.text(max_size=12), st.text(max_size=12), st.text(max_size=12)), min_size=1, max_size=20
    )
)
def test_search_keys_match_the_registration_service(names):
    """The import computes the same search keys as registering a person one by one."""
    surnames, given_names, patronymics = (pl.Series([n[i] for n in names], dtype=pl.String) for i in range(3))
    expected = [person_search_key(*parts)[:310] for parts in names]
    assert search_keys(surnames, given_names, patronymics).to_list() == expected
