"""The writes of the work with kandas: consultations, the status assigned, invitations of relatives
from abroad and the support of resettlement paid. Each is atomic and audited; a refusal leaves
nothing written but its own audit row, and names the field to change.

A kandas is an ethnic Kazakh who lives abroad or came to Kazakhstan to live there permanently and is
not its citizen (the Law of the Republic of Kazakhstan of 22 July 2011 No. 477-IV "On migration of
population"; "oralman" until 2020): the status is refused to a citizen of Kazakhstan — the registry
keeps each person's citizenship or status.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.common import audit
from komek.common.choices import AuditAction
from komek.common.errors import DomainError, NotFound
from komek.common.refusals import audited_refusals
from komek.migration.choices import SupportKind, Topic
from komek.migration.countries import KAZAKHSTAN
from komek.migration.models import Consultation, Invitation, KandasMember, KandasStatus, Support
from komek.migration.services import _input as read
from komek.registry.choices import Citizenship
from komek.registry.models import Person

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

STATUS = "migration.kandasstatus"
MANAGE = Capability.MIGRATION_MANAGE


def _person(actor: Actor, number: str, field: str) -> Person:
    person = Person.objects.select_for_update().filter(iin=number).first()
    if person is None or not policy.in_territory(actor, person.kato_id):
        raise DomainError(_("No person with this IIN in the registry of your territory."), field=field)
    return person


def _not_citizen(person: Person, field: str) -> None:
    if person.citizenship == Citizenship.CITIZEN:
        raise DomainError(
            _(
                "%(name)s is a citizen of Kazakhstan in the registry: the kandas status is of ethnic "
                "Kazakhs who are not its citizens."
            )
            % {"name": person.full_name},
            field=field,
        )


@audited_refusals("migration.consultation")
def consultation_record(
    *, actor: Actor, kato: Any, date: Any, full_name: Any, topic: Any, country: Any = "", iin: Any = ""
) -> Consultation:
    """An ethnic Kazakh who came for an explanation of the migration legislation; the IIN when known."""
    policy.require(actor, MANAGE)
    name = read.text(full_name, "full_name")
    if str(topic or "") not in Topic.values:
        raise DomainError(_("Choose the topic."), field="topic")
    when = read.day(date, "date")
    origin = _country_or_blank(country)
    number = str(iin or "").strip()
    unit = read.territory(actor, kato)
    with transaction.atomic():
        person = _person(actor, _iin(number), "iin") if number else None
        found = Consultation.objects.create(
            kato=unit, date=when, full_name=name, person=person, country=origin, topic=str(topic)
        )
        audit.record(
            actor=actor, action=AuditAction.CREATE, obj=found, territory=unit.code,
            person_id=person.pk if person else None,
            changes=audit.created(audit.snapshot(found, ("kato", "date", "topic", "country"))),
        )  # fmt: skip
    return found


def _iin(number: str) -> str:
    return read.iin(number, "iin")


def _country_or_blank(value: Any) -> str:
    return read.country(value, "country") if str(value or "").strip() else ""


@audited_refusals(STATUS)
def kandas_assign(
    *, actor: Actor, iin: Any, assigned_on: Any, kato: Any, country: Any, members: Any = ()
) -> KandasStatus:
    """The kandas status assigned to a person of the registry who is not a citizen of Kazakhstan,
    settling in a territory, with the family members (by IIN) it includes."""
    policy.require(actor, MANAGE)
    number = _iin(iin)
    when = read.day(assigned_on, "assigned_on")
    origin = read.country(country, "country")
    if origin == KAZAKHSTAN:
        raise DomainError(_("The country of origin of a kandas is a country abroad."), field="country")
    numbers = [str(m).strip() for m in (members or ()) if str(m).strip()]
    for member in numbers:
        iin_ok = member.isdigit() and len(member) == 12
        if not iin_ok:
            raise DomainError(_("An IIN is 12 digits: %(iin)s.") % {"iin": member}, field="members")
    if number in numbers or len(set(numbers)) != len(numbers):
        raise DomainError(_("A family member is named twice."), field="members")
    unit = read.territory(actor, kato)
    with transaction.atomic():
        person = _person(actor, number, "iin")
        _not_citizen(person, "iin")
        if person.death_date is not None:
            raise DomainError(
                _("The person died on %(date)s.") % {"date": read.fmt(person.death_date)}, field="iin"
            )
        if when < person.birth_date:
            raise DomainError(_("The date is before the person was born."), field="assigned_on")
        taken = _taken(person)
        if taken:
            raise DomainError(taken, field="iin")
        family = []
        for member in numbers:
            relative = Person.objects.select_for_update().filter(iin=member).first()
            if relative is None or not policy.in_territory(actor, relative.kato_id):
                raise DomainError(
                    _("No person with the IIN %(iin)s in the registry of your territory.") % {"iin": member},
                    field="members",
                )
            _not_citizen(relative, "members")
            taken = _taken(relative)
            if taken:
                raise DomainError(taken, field="members")
            family.append(relative)
        found = KandasStatus.objects.create(person=person, assigned_on=when, kato=unit, country=origin)
        if family:
            found.members.set(family)
        audit.record(
            actor=actor, action=AuditAction.CREATE, obj=found, person_id=person.pk, territory=person.kato_id,
            changes=audit.created(
                {**audit.snapshot(found, ("person", "assigned_on", "kato", "country")),
                 "members": [p.pk for p in family]}
            ),
        )  # fmt: skip
    return found


def _taken(person: Person) -> str:
    """Why a person cannot be given or included in a kandas status: it has one already."""
    if KandasStatus.objects.filter(person=person).exists():
        return _("%(name)s has the kandas status already.") % {"name": person.full_name}
    if KandasMember.objects.filter(person=person).exists():
        return _("%(name)s is a family member of a kandas status already.") % {"name": person.full_name}
    return ""


@audited_refusals("migration.invitation")
def invitation_issue(
    *, actor: Actor, kato: Any, inviter: Any, issued: Any, relative: Any, country: Any
) -> Invitation:
    """An invitation for an ethnic Kazakh relative abroad, on the application of a person of the
    registry (a citizen of Kazakhstan or a kandas); the inviter's citizenship is kept as it was."""
    policy.require(actor, MANAGE)
    number = read.iin(inviter, "inviter")
    when = read.day(issued, "issued")
    who = read.text(relative, "relative")
    where = read.country(country, "country")
    if where == KAZAKHSTAN:
        raise DomainError(_("The relative invited lives abroad."), field="country")
    unit = read.territory(actor, kato)
    with transaction.atomic():
        person = _person(actor, number, "inviter")
        if person.death_date is not None and person.death_date < when:
            raise DomainError(
                _("The person died on %(date)s.") % {"date": read.fmt(person.death_date)}, field="inviter"
            )
        found = Invitation.objects.create(
            kato=unit, inviter=person, inviter_citizen=person.citizenship == Citizenship.CITIZEN,
            issued=when, relative=who, country=where,
        )  # fmt: skip
        audit.record(
            actor=actor, action=AuditAction.CREATE, obj=found, person_id=person.pk, territory=unit.code,
            changes=audit.created(audit.snapshot(found, ("kato", "inviter", "issued", "country"))),
        )  # fmt: skip
    return found


@audited_refusals(STATUS, id_kwarg="status_id")
def support_pay(*, actor: Actor, status_id: Any, kind: Any, paid_on: Any, amount: Any) -> Support:
    """A relocation subsidy or a housing rent compensation paid to a kandas, never before the status."""
    policy.require(actor, MANAGE)
    if str(kind or "") not in SupportKind.values:
        raise DomainError(_("Choose the kind of support."), field="kind")
    when = read.day(paid_on, "paid_on")
    money = read.tenge(amount, "amount", positive=True)
    with transaction.atomic():
        found = KandasStatus.objects.select_for_update().select_related("person").filter(pk=status_id).first()
        if found is None or not policy.in_territory(actor, found.person.kato_id):
            raise NotFound(_("No such kandas in your territory."))
        if when < found.assigned_on:
            raise DomainError(
                _("The date is before the status was assigned (%(date)s).")
                % {"date": read.fmt(found.assigned_on)},
                field="paid_on",
            )
        done = Support.objects.create(status=found, kind=str(kind), paid_on=when, amount=money)
        audit.record(
            actor=actor, action=AuditAction.CREATE, obj=done, person_id=found.person_id,
            territory=found.person.kato_id,
            changes=audit.created(audit.snapshot(done, ("status", "kind", "paid_on", "amount"))),
        )  # fmt: skip
    return done
