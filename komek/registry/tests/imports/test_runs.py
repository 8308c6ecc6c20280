"""``komek import persons``: all-or-nothing, re-imports, the report, the actor, crashes, the command."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from django.utils.functional import Promise
from hypothesis import given, settings
from hypothesis import strategies as st

from komek.common import bulk_sql
from komek.common.errors import PermissionDenied
from komek.common.models import AuditLog
from komek.registry.import_rules import MESSAGES
from komek.registry.models import Family, ImportBatch, Membership, Person
from komek.registry.names import person_search_key
from komek.registry.names_vector import search_keys
from komek.registry.services.imports import persons_import
from komek.registry.tests.conftest import row, valid_iin
from komek.registry.tests.imports.conftest import IMPORT, report

pytestmark = pytest.mark.django_db


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
    from komek.accounts.choices import Reach, Role

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
