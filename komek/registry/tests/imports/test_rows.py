"""``komek import persons``: every kind of bad row, families, persons already registered."""

from __future__ import annotations

import datetime as dt

import pytest

from komek.registry.models import Family, Membership, Person
from komek.registry.services.imports import persons_import
from komek.registry.tests.conftest import row, valid_iin
from komek.registry.tests.imports.conftest import IMPORT, codes_by_line, report

pytestmark = pytest.mark.django_db


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
