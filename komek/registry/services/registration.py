"""Registering a family in one go: its members (known persons or new ones) and their incomes.

Every part goes through the registry's own services (persons, families, incomes), each of which
audits what it writes. All of it runs in one transaction: when anything is wrong, every error is
collected under the place it belongs to (a member's field, an income cell, a family field), the
transaction is rolled back and :class:`RegistrationFailed` carries the errors; nothing is written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from komek.accounts.choices import Capability
from komek.accounts.policy import require
from komek.common.errors import DomainError, ValidationFailed
from komek.registry import choices
from komek.registry.models import Family, Person
from komek.registry.selectors import persons_visible
from komek.registry.services.families import MemberSpec, family_create
from komek.registry.services.incomes import income_record
from komek.registry.services.persons import person_create

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

FAMILY_FIELDS = ("kato", "street", "dwellings_owned", "living_area", "tenure", "cars_owned", "valid_from")


@dataclass(frozen=True)
class MemberEntry:
    """One member as typed: a registered person is found by the IIN; otherwise the names register one."""

    iin: str
    relation: str
    surname: str = ""
    name: str = ""
    patronymic: str = ""
    citizenship: str = choices.Citizenship.CITIZEN
    phone: str = ""


@dataclass(frozen=True)
class IncomeEntry:
    """One filled cell of the income grid: the member's row number, the month, the income type."""

    member: int
    month: dt.date
    income_type: str
    amount: str


class RegistrationFailed(ValidationFailed):
    """Errors by place: ``members.<row>.<field>``, ``incomes.<row>.<YYYY-MM>.<type>`` or a family field."""


def member_key(row: int, field: str) -> str:
    return f"members.{row}.{field}"


def income_key(row: int, month: dt.date, income_type: str) -> str:
    return f"incomes.{row}.{month:%Y-%m}.{income_type}"


def _messages(exc: DomainError) -> dict[str | None, list[Any]]:
    if isinstance(exc, ValidationFailed):
        return {field: list(messages) for field, messages in exc.errors.items()}
    return {exc.field: [exc.message]}


def _person_of(actor: Actor, entry: MemberEntry, *, kato: str, street: str) -> Person:
    """The registered person with the entry's IIN, or a person registered now at the family's address."""
    iin = entry.iin.strip()
    known = Person.objects.filter(iin=iin).first() if iin else None
    if known is not None:
        if not persons_visible(actor).filter(pk=known.pk).exists():
            raise DomainError(
                _("A person with this IIN is registered outside your territorial units."), field="iin"
            )
        return known
    return person_create(
        actor=actor,
        iin=iin,
        surname=entry.surname,
        name=entry.name,
        patronymic=entry.patronymic,
        citizenship=entry.citizenship,
        kato=kato,
        street=street,
        phone=entry.phone,
    )


def _members(
    actor: Actor, members: list[MemberEntry], *, kato: str, street: str, errors: dict[str, list[Any]]
) -> list[Person | None]:
    persons: list[Person | None] = []
    first_row: dict[str, int] = {}
    for row, entry in enumerate(members):
        iin = entry.iin.strip()
        if iin in first_row:
            errors[member_key(row, "iin")] = [
                _("This IIN is already given for member %(n)s.") % {"n": first_row[iin] + 1}
            ]
            persons.append(None)
            continue
        first_row[iin] = row
        if entry.relation not in choices.Relation.values:
            errors[member_key(row, "relation")] = [_("Choose the relation to the head.")]
        try:
            with transaction.atomic():
                persons.append(_person_of(actor, entry, kato=kato, street=street))
        except DomainError as exc:
            for field, messages in _messages(exc).items():
                if field in FAMILY_FIELDS:  # the family's address, which new members take
                    errors.setdefault(str(field), messages)
                else:
                    errors[member_key(row, field if field in MEMBER_FIELDS else "iin")] = messages
            persons.append(None)
    return persons


MEMBER_FIELDS = ("iin", "relation", "surname", "name", "patronymic", "citizenship", "phone")


def family_register(
    *,
    actor: Actor,
    members: list[MemberEntry],
    incomes: list[IncomeEntry],
    kato: str,
    street: str = "",
    dwellings_owned: int = 0,
    living_area: Decimal = Decimal(0),
    tenure: str = choices.Tenure.OWNED,
    cars_owned: int = 0,
    valid_from: dt.date | None = None,
) -> Family:
    """Register a family, its new members and their incomes, all or nothing (see the module)."""
    require(actor, Capability.PERSON_EDIT)
    if incomes:
        require(actor, Capability.INCOME_EDIT)
    errors: dict[str, list[Any]] = {}
    if not members:
        raise RegistrationFailed({"members": [_("Add at least one member: the head of the family.")]})
    with transaction.atomic():
        persons = _members(actor, members, kato=kato, street=street, errors=errors)
        family = None
        if not errors:
            try:
                with transaction.atomic():
                    family = family_create(
                        actor=actor,
                        members=[
                            MemberSpec(person=p, relation=m.relation)
                            for p, m in zip(persons, members, strict=True)
                            if p is not None
                        ],
                        kato=kato,
                        street=street,
                        dwellings_owned=dwellings_owned,
                        living_area=living_area,
                        tenure=tenure,
                        cars_owned=cars_owned,
                        valid_from=valid_from,
                    )
            except DomainError as exc:
                for field, messages in _messages(exc).items():
                    errors[field if field in FAMILY_FIELDS else "members"] = messages
        for cell in incomes:
            person = persons[cell.member] if 0 <= cell.member < len(persons) else None
            if person is None:
                continue  # the member's own row carries the error
            try:
                with transaction.atomic():
                    income_record(
                        actor=actor,
                        person=person,
                        month=cell.month,
                        income_type=cell.income_type,
                        amount=cell.amount,
                    )
            except DomainError as exc:
                errors[income_key(cell.member, cell.month, cell.income_type)] = [exc.message]
        if errors or family is None:  # leaving the block by the exception rolls everything back
            raise RegistrationFailed(errors or {"members": [_("The family could not be registered.")]})
    return family
