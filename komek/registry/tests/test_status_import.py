"""The statuses import: every status kind of the programmes with its dates, set-based, all or
nothing, each error naming its line and column."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from komek.common.models import AuditLog
from komek.registry.models import PersonStatus
from komek.registry.services.status_import import statuses_import
from komek.registry.services.statuses import status_add

pytestmark = pytest.mark.django_db
HEADER = "iin,kind,category,valid_from,valid_to,note\n"


def _file(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "statuses.csv"
    path.write_text(HEADER + "".join(f"{line}\n" for line in lines), encoding="utf-8")
    return path


def test_statuses_of_the_programmes_are_imported_with_their_dates_and_audited(tmp_path, make_person):
    """Schooled at home, lives alone, a war widow and a fire are written with their dates, one
    audit row each, under the command's system actor."""
    child = make_person(name="Айдана", birth_date=dt.date(2014, 4, 2), sex="female")
    widow = make_person(name="Зейнеп", birth_date=dt.date(1930, 1, 5), sex="female")
    path = _file(tmp_path, [
        f"{child.iin},student,home_schooled,2024-09-01,2025-05-31,",
        f"{widow.iin},lives_alone,none,2020-01-01,,",
        f"{widow.iin},veteran,wwii_widow,1990-01-01,,certificate 123",
        f"{child.iin},circumstance,fire_damage,2024-10-03,2024-12-31,",
    ])  # fmt: skip
    call_command("import_statuses", str(path))
    rows = set(PersonStatus.objects.values_list("person_id", "kind", "subtype", "valid_from", "valid_to"))
    assert rows == {
        (child.pk, "student", "home_schooled", dt.date(2024, 9, 1), dt.date(2025, 5, 31)),
        (widow.pk, "lives_alone", "none", dt.date(2020, 1, 1), None),
        (widow.pk, "veteran", "wwii_widow", dt.date(1990, 1, 1), None),
        (child.pk, "circumstance", "fire_damage", dt.date(2024, 10, 3), dt.date(2024, 12, 31)),
    }
    logged = AuditLog.objects.filter(object_type="registry.personstatus", action="create")
    assert logged.count() == 4 and {row.actor_username for row in logged} == {"system:import-statuses"}


def test_bad_rows_reject_the_whole_file_naming_line_and_column(tmp_path, make_person, registrar):
    """A status with no validity date, an unknown category, an unknown IIN, a reversed period and
    an overlap with a recorded status: each named by line and column, nothing written, refusal
    audited."""
    person = make_person()
    status_add(
        actor=registrar, person=person, kind="lives_alone", subtype="none", valid_from=dt.date(2023, 1, 1)
    )
    path = _file(tmp_path, [
        f"{person.iin},state_allowance,age,2024-01-01,,",
        f"{person.iin},state_allowance,special,,,",
        f"{person.iin},veteran,space_veteran,2024-01-01,,",
        "000000000000,dispensary,renal_failure,2024-01-01,,",
        f"{person.iin},excellent_student,none,2024-09-01,2024-01-31,",
    ])  # fmt: skip
    with translation.override("en"):
        result = statuses_import(actor=registrar, path=path)
    assert result.imported == 0
    assert [(e.line, e.column) for e in result.errors] == [
        (3, "valid_from"),
        (4, "category"),
        (5, "iin"),
        (6, "valid_to"),
    ]
    assert "valid from" in result.errors[0].message
    assert not PersonStatus.objects.exclude(kind="lives_alone").exists()
    assert AuditLog.objects.filter(action="refuse", object_type="registry.personstatus").count() == 1

    overlap = _file(tmp_path, [f"{person.iin},lives_alone,none,2024-01-01,,"])
    result = statuses_import(actor=registrar, path=overlap)
    assert [(e.line, e.column) for e in result.errors] == [(2, "valid_from")]
    with translation.override("en"), pytest.raises(CommandError, match="Nothing imported: 1 errors"):
        call_command("import_statuses", str(overlap))


def test_a_wrong_header_is_refused(tmp_path):
    """A file whose header is not the six columns is refused as a whole."""
    path = tmp_path / "statuses.csv"
    path.write_text("iin,kind,valid_from\n", encoding="utf-8")
    with translation.override("en"), pytest.raises(CommandError, match="header must be exactly"):
        call_command("import_statuses", str(path))


def test_the_status_form_records_a_condition_of_the_programmes_and_needs_its_date(
    client, registrar, make_person
):
    """The person's status page records "schooled at home" with its dates; without a start date it
    answers with the field's error and writes nothing."""
    child = make_person(name="Арман", birth_date=dt.date(2013, 3, 3))
    client.force_login(registrar)
    url = f"/persons/{child.pk}/statuses/add/"
    form = {"kind": "student", "subtype": "home_schooled", "valid_to": "2025-05-31"}
    response = client.post(url, form)
    assert response.status_code == 200 and "valid_from" in response.context["form"].errors
    assert not PersonStatus.objects.exists()
    response = client.post(url, {**form, "valid_from": "2024-09-01"})
    assert response.status_code == 302
    status = PersonStatus.objects.get()
    assert (status.kind, status.subtype, status.valid_from) == (
        "student",
        "home_schooled",
        dt.date(2024, 9, 1),
    )


def test_the_new_statuses_read_in_kazakh_and_russian():
    """The statuses of the programmes are translated: users see words, never codes."""
    from komek.registry.choices import Circumstance, StatusKind, VeteranCategory

    with translation.override("kk"):
        assert str(StatusKind.LIVES_ALONE.label) == "Жалғыз тұратын"
        assert str(Circumstance.FIRE_DAMAGE.label) == "Өрттен келген залал"
    with translation.override("ru"):
        assert str(VeteranCategory.BESIEGED_LENINGRAD.label) == "Житель блокадного Ленинграда (медаль и знак)"


def test_a_child_category_is_checked_against_the_age_of_majority_on_each_lines_date(
    tmp_path, make_person, registrar
):
    """ "Child with disability" is refused for a line dated on or after the person's 18th birthday
    (the legislation's age of majority), also across a leap day, and accepted the day before; the
    message states the age."""
    leap = make_person(name="Дана", birth_date=dt.date(2004, 2, 29), sex="female")
    path = _file(tmp_path, [
        f"{leap.iin},disability,child,2022-02-28,2022-02-28,",
        f"{leap.iin},disability,child,2022-03-01,,",
    ])  # fmt: skip
    with translation.override("en"):
        result = statuses_import(actor=registrar, path=path)
    assert [(e.line, e.column) for e in result.errors] == [(3, "category")]
    assert result.errors[0].message == "'Child with disability' applies only under 18."
