"""Registering and correcting persons: validation, territory, audit."""

import datetime as dt

import pytest

from conftest import ALMATY_ALMALY, BALKHASH_TOWN, new_iin
from komek.accounts.choices import Role
from komek.common.errors import DomainError, PermissionDenied, ValidationFailed
from komek.common.models import AuditLog
from komek.registry.models import Person
from komek.registry.services.persons import normalise_phone, person_create, person_update

pytestmark = pytest.mark.django_db


def test_create_derives_birth_date_and_sex_and_audits(registrar):
    """A person registered by IIN gets the birth date and sex the IIN encodes; the creation is audited."""
    person = person_create(
        actor=registrar,
        iin="871008401427",
        surname="Сейткали",
        name="Айгерим",
        patronymic="Маратовна",
        kato=BALKHASH_TOWN,
        phone="8 (701) 234-56-78",
    )
    assert person.birth_date == dt.date(1987, 10, 8) and person.sex == "female"
    assert person.phone == "+77012345678"
    assert person.search_key == "seitkali aigerim maratovna"
    row = AuditLog.objects.get(object_type="registry.person", object_id=str(person.pk))
    assert row.action == "create" and row.actor == registrar and row.person_id == person.pk
    assert row.changes["iin"] == [None, "871008401427"]


@pytest.mark.parametrize(
    ("iin", "code"),
    [("010101600586", "iin_check_digit"), ("821214240092", "iin_unusable"), ("12345", "iin_format")],
)
def test_invalid_iin_is_refused(registrar, iin, code):
    """An invalid IIN is refused with the reason, on the IIN field, and nothing is written."""
    with pytest.raises(DomainError) as exc:
        person_create(actor=registrar, iin=iin, surname="Ким", name="Ольга", kato=BALKHASH_TOWN)
    assert exc.value.field == "iin" and exc.value.code == code
    assert not Person.objects.exists()
    assert not AuditLog.objects.filter(object_type="registry.person").exists()


def test_birth_date_and_sex_must_agree_with_iin(registrar):
    """A birth date or sex contradicting the IIN is an error on those fields."""
    with pytest.raises(ValidationFailed) as exc:
        person_create(
            actor=registrar,
            iin="871008401427",
            surname="Ким",
            name="Ольга",
            kato=BALKHASH_TOWN,
            birth_date=dt.date(1987, 10, 9),
            sex="male",
        )
    assert set(exc.value.errors) == {"birth_date", "sex"}
    assert "08.10.1987" in exc.value.errors["birth_date"][0]


def test_duplicate_iin(registrar):
    """The same IIN cannot be registered twice."""
    person_create(actor=registrar, iin="871008401427", surname="Ким", name="Ольга", kato=BALKHASH_TOWN)
    with pytest.raises(DomainError) as exc:
        person_create(actor=registrar, iin="871008401427", surname="Ким", name="Ольга", kato=BALKHASH_TOWN)
    assert exc.value.code == "duplicate"
    assert Person.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"surname": ""}, "surname"),
        ({"name": "Ol9ga"}, "name"),
        ({"kato": "999999999"}, "kato"),
        ({"email": "not-an-email"}, "email"),
        ({"phone": "12345"}, "phone"),
        ({"citizenship": "martian"}, "citizenship"),
    ],
)
def test_field_errors(registrar, fields, field):
    """Each wrong field is named in the error."""
    data = {"iin": "871008401427", "surname": "Ким", "name": "Ольга", "kato": BALKHASH_TOWN, **fields}
    with pytest.raises(DomainError) as exc:
        person_create(actor=registrar, **data)
    names = set(exc.value.errors) if isinstance(exc.value, ValidationFailed) else {exc.value.field}
    assert field in names


def test_registrar_cannot_register_outside_own_units(registrar):
    """A Balkhash registrar cannot register a resident of Almaty."""
    with pytest.raises(PermissionDenied):
        person_create(actor=registrar, iin="871008401427", surname="Ким", name="Ольга", kato=ALMATY_ALMALY)


def test_role_without_capability(make_user):
    """An accountant cannot register persons."""
    with pytest.raises(PermissionDenied):
        person_create(
            actor=make_user(Role.ACCOUNTANT),
            iin="871008401427",
            surname="Ким",
            name="Ольга",
            kato=BALKHASH_TOWN,
        )


def test_identity_change_needs_reason_and_is_audited(registrar, make_person):
    """Changing a surname requires a reason; the audit row keeps before, after and the reason."""
    person = make_person(surname="Иванова", name="Анна", sex="female")
    with pytest.raises(DomainError) as exc:
        person_update(actor=registrar, person=person, surname="Петрова")
    assert exc.value.field == "reason"
    person_update(actor=registrar, person=person, surname="Петрова", reason="Marriage certificate No. 123")
    row = AuditLog.objects.filter(action="update").get()
    assert row.changes == {"surname": ["Иванова", "Петрова"]}
    assert row.reason == "Marriage certificate No. 123"
    person.refresh_from_db()
    assert person.search_key.startswith("petrova anna")


def test_contact_change_needs_no_reason(registrar, make_person):
    """Phone and street are not identity data: no reason needed, still audited."""
    person = make_person()
    person_update(actor=registrar, person=person, phone="+7 777 000 11 22", street="Ленина 1")
    row = AuditLog.objects.filter(action="update").get()
    assert set(row.changes) == {"phone", "street"} and row.reason == ""


def test_iin_correction_must_still_agree(registrar, make_person):
    """Correcting the IIN to one of another birth date without changing the birth date is refused."""
    person = make_person(birth_date=dt.date(1985, 3, 14))
    other = new_iin(dt.date(1990, 1, 1), "male")
    with pytest.raises(ValidationFailed):
        person_update(actor=registrar, person=person, iin=other, reason="typo")
    person_update(actor=registrar, person=person, iin=other, birth_date=dt.date(1990, 1, 1), reason="typo")


def test_phone_normalisation():
    """Phone numbers are written as +7 and ten digits, whatever the spelling; an empty one stays empty."""
    assert normalise_phone("+7 (701) 234 56 78") == "+77012345678"
    assert normalise_phone("87012345678") == "+77012345678"
    assert normalise_phone("") == ""
