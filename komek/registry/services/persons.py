"""Registering and correcting persons."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from komek.accounts.choices import Capability
from komek.accounts.policy import require, require_territory
from komek.common import audit
from komek.common.audit import created, diff, snapshot
from komek.common.choices import AuditAction
from komek.common.errors import DomainError, ValidationFailed
from komek.common.kato import kato_unit
from komek.common.validation import full_clean, today
from komek.registry import choices
from komek.registry import iin as iin_rules
from komek.registry.fields import follow_move
from komek.registry.models import Person
from komek.registry.names import person_search_key

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

AUDITED_FIELDS = (
    "iin", "surname", "name", "patronymic", "birth_date", "sex", "citizenship",
    "kato", "street", "phone", "email", "death_date", "language",
)  # fmt: skip
_NAME = re.compile(r"^[^\W\d_]+(?:[ '\-][^\W\d_]+)*$")
_PHONE_DIGITS = re.compile(r"\D+")


def normalise_phone(raw: str) -> str:
    """Kazakh numbers as +7XXXXXXXXXX; empty stays empty."""
    if not (raw or "").strip():
        return ""
    digits = _PHONE_DIGITS.sub("", raw)
    if len(digits) == 11 and digits[0] in "78":
        digits = digits[1:]
    if len(digits) != 10:
        raise DomainError(_("A phone number has 10 digits after +7."), field="phone")
    return "+7" + digits


def _check_names(**names: str) -> dict[str, str]:
    cleaned = {}
    errors: dict[str, list[str]] = {}
    for field, value in names.items():
        value = " ".join((value or "").split())
        if field != "patronymic" and not value:
            errors[field] = [_("This field is required.")]
        elif value and not _NAME.match(value):
            errors[field] = [_("Only letters, spaces, hyphens and apostrophes are allowed.")]
        cleaned[field] = value
    if errors:
        raise ValidationFailed(errors)
    return cleaned


def _check_identity(iin: str, birth_date: dt.date | None, sex: str | None) -> iin_rules.IINInfo:
    try:
        info = iin_rules.parse_iin(iin)
    except iin_rules.InvalidIIN as exc:
        raise DomainError(exc.message, field="iin", code=f"iin_{exc.code}") from None
    errors: dict[str, list[str]] = {}
    if birth_date is not None and birth_date != info.birth_date:
        errors["birth_date"] = [
            _("The date of birth does not match the IIN (the IIN says %(date)s).")
            % {"date": info.birth_date.strftime("%d.%m.%Y")}
        ]
    if sex and sex != info.sex:
        errors["sex"] = [_("The sex does not match the 7th digit of the IIN.")]
    if errors:
        raise ValidationFailed(errors)
    return info


@transaction.atomic
def person_create(
    *,
    actor: Actor,
    iin: str,
    surname: str,
    name: str,
    patronymic: str = "",
    birth_date: dt.date | None = None,
    sex: str | None = None,
    citizenship: str = choices.Citizenship.CITIZEN,
    kato: str,
    street: str = "",
    phone: str = "",
    email: str = "",
    language: str = "",
) -> Person:
    """Register a person. Birth date and sex, when given, must agree with the IIN."""
    require(actor, Capability.PERSON_EDIT)
    iin = (iin or "").strip()
    info = _check_identity(iin, birth_date, sex)
    names = _check_names(surname=surname, name=name, patronymic=patronymic)
    unit = kato_unit(kato)
    require_territory(actor, unit.code)
    if Person.objects.filter(iin=iin).exists():
        raise DomainError(_("A person with this IIN is already registered."), field="iin", code="duplicate")
    person = Person(
        iin=iin,
        birth_date=info.birth_date,
        sex=info.sex,
        citizenship=citizenship or choices.Citizenship.CITIZEN,
        kato=unit,
        street=street.strip(),
        phone=normalise_phone(phone),
        email=(email or "").strip(),
        language=language or "",
        **names,
    )
    person.search_key = person_search_key(person.surname, person.name, person.patronymic)
    full_clean(person, exclude=["search_key"])
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError:  # a concurrent registration of the same IIN won the race
        raise DomainError(
            _("A person with this IIN is already registered."), field="iin", code="duplicate"
        ) from None
    audit.record(
        territory=person.kato_id,
        actor=actor,
        action=AuditAction.CREATE,
        object_type="registry.person",
        object_id=person.pk,
        person_id=person.pk,
        changes=created(snapshot(person, AUDITED_FIELDS)),
    )
    return person


@transaction.atomic
def person_update(*, actor: Actor, person: Person, reason: str = "", **fields: object) -> Person:
    """Correct a person's data.

    A change of identity data (IIN, names, birth date, sex, citizenship) needs a reason.
    """
    require(actor, Capability.PERSON_EDIT)
    person = Person.objects.select_for_update().get(pk=person.pk)
    require_territory(actor, person.kato_id)
    unknown = set(fields) - set(AUDITED_FIELDS)
    if unknown:
        raise DomainError(
            _("These fields cannot be changed here: %(f)s.") % {"f": ", ".join(sorted(unknown))}
        )
    before = snapshot(person, AUDITED_FIELDS)
    # None means "not given" for everything but the date of death, which None clears.
    merged = {**before, **{k: v for k, v in fields.items() if v is not None or k == "death_date"}}
    if "kato" in fields:
        unit = kato_unit(str(fields["kato"]))
        require_territory(actor, unit.code)
        person.kato = unit
    info = _check_identity(str(merged["iin"]), _as_date(merged["birth_date"]), str(merged["sex"]))
    names = _check_names(
        surname=str(merged["surname"]), name=str(merged["name"]), patronymic=str(merged["patronymic"] or "")
    )
    person.iin, person.birth_date, person.sex = info.iin, info.birth_date, info.sex
    person.surname, person.name, person.patronymic = names["surname"], names["name"], names["patronymic"]
    person.citizenship = str(merged["citizenship"])
    person.street = str(merged["street"] or "").strip()
    person.phone = normalise_phone(str(merged["phone"] or ""))
    person.email = str(merged["email"] or "").strip()
    person.language = str(merged["language"] or "")
    person.death_date = _as_date(merged["death_date"])
    if person.death_date and person.death_date < person.birth_date:
        raise DomainError(_("The date of death is before the date of birth."), field="death_date")
    if person.death_date and person.death_date > today():
        raise DomainError(_("The date cannot be in the future."), field="death_date")
    changes = diff(before, snapshot(person, AUDITED_FIELDS))
    if not changes:
        return person
    if set(changes) & set(Person.IDENTITY_FIELDS) and not reason.strip():
        raise DomainError(
            _("A reason is required to change identity data."), field="reason", code="reason_required"
        )
    if "iin" in changes and Person.objects.filter(iin=person.iin).exclude(pk=person.pk).exists():
        raise DomainError(_("A person with this IIN is already registered."), field="iin", code="duplicate")
    person.search_key = person_search_key(person.surname, person.name, person.patronymic)
    full_clean(person, exclude=["search_key"])
    person.save()
    if "kato" in changes:
        # Every row that refers to the person carries the person's address, the incomes included
        # (ADR 0066, ADR 0070). On PostgreSQL the database has moved them with the person already
        # (their keys cascade), so this finds none there; on SQLite, which has no such keys, it
        # moves them.
        follow_move(person.pk, person.kato_id)
    audit.record(
        territory=person.kato_id,
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="registry.person",
        object_id=person.pk,
        person_id=person.pk,
        changes=changes,
        reason=reason.strip(),
    )
    return person


def _as_date(value: object) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))
