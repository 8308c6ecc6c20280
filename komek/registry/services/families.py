"""Families: creation, members joining and leaving (kept as history), housing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from komek.accounts.choices import Capability
from komek.accounts.policy import require, require_territory
from komek.common import audit
from komek.common.audit import created, diff, snapshot
from komek.common.choices import AuditAction
from komek.common.errors import DomainError
from komek.common.kato import kato_unit
from komek.common.validation import check_not_future, full_clean, today
from komek.registry.choices import Relation
from komek.registry.models import Family, Membership, Person

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

HOUSING_FIELDS = ("kato", "street", "dwellings_owned", "living_area", "tenure", "cars_owned")


@dataclass(frozen=True)
class MemberSpec:
    person: Person
    relation: str


def _close_current_membership(person: Person, *, on: dt.date, actor: Actor, reason: str) -> None:
    """End the person's current membership the day before ``on`` (or on it, if it began that day)."""
    current = Membership.objects.select_for_update().filter(person=person, valid_to__isnull=True).first()
    if current is None:
        return
    if (
        current.relation == Relation.HEAD
        and current.family.memberships.filter(valid_to__isnull=True).count() > 1
    ):
        raise DomainError(
            _("%(name)s heads another family with other members; choose a new head there first.")
            % {"name": person.full_name},
            field="members",
        )
    end = on - dt.timedelta(days=1)
    _end_membership(current, end=end, territory=current.family.kato_id, actor=actor, reason=reason)


def _end_membership(
    membership: Membership, *, end: dt.date, territory: str, actor: Actor, reason: str
) -> None:
    """End a membership on ``end`` (or on its first day, if it began later), audited with the reason."""
    membership.valid_to = max(membership.valid_from, end)
    membership.save(update_fields=["valid_to"])
    audit.record(
        territory=territory,
        actor=actor,
        action=AuditAction.UPDATE,
        obj=membership,
        person_id=membership.person_id,
        changes={"valid_to": [None, str(membership.valid_to)]},
        reason=reason,
    )


def _may_edit(actor: Actor, family: Family) -> None:
    """The actor may edit the registry, and the family lives in the actor's territory."""
    require(actor, Capability.PERSON_EDIT)
    require_territory(actor, family.kato_id)


def _reason(reason: str) -> str:
    if not reason.strip():
        raise DomainError(_("A reason is required."), field="reason")
    return reason.strip()


def _add_membership(family: Family, spec: MemberSpec, *, on: dt.date, actor: Actor) -> Membership:
    if spec.relation not in Relation.values:
        raise DomainError(_("Unknown relation: %(r)s.") % {"r": spec.relation}, field="relation")
    if spec.person.death_date is not None:
        raise DomainError(
            _("%(name)s is registered as deceased.") % {"name": spec.person.full_name}, field="members"
        )
    _close_current_membership(
        spec.person, on=on, actor=actor, reason=_("Moved to family No. %(id)s") % {"id": family.pk}
    )
    membership = Membership.objects.create(
        family=family, person=spec.person, territory=family.kato_id, relation=spec.relation, valid_from=on
    )
    audit.record(
        territory=family.kato_id,
        actor=actor,
        action=AuditAction.CREATE,
        obj=membership,
        person_id=spec.person.pk,
        changes=created({"family": family.pk, "relation": spec.relation, "valid_from": str(on)}),
    )
    return membership


@transaction.atomic
def family_create(
    *,
    actor: Actor,
    members: list[MemberSpec],
    kato: str,
    street: str = "",
    dwellings_owned: int = 0,
    living_area: Decimal = Decimal(0),
    tenure: str = "owned",
    cars_owned: int = 0,
    valid_from: dt.date | None = None,
) -> Family:
    """Create a family with its members; exactly one member is the head."""
    require(actor, Capability.PERSON_EDIT)
    on = valid_from or today()
    check_not_future(on, field="valid_from")
    heads = [m for m in members if m.relation == Relation.HEAD]
    if len(heads) != 1:
        raise DomainError(
            _("A family has exactly one head.")
            if heads
            else _("A family needs a head: mark one member as the head."),
            field="members",
            code="head",
        )
    ids = [m.person.pk for m in members]
    if len(ids) != len(set(ids)):
        raise DomainError(_("The same person is listed twice."), field="members")
    unit = kato_unit(kato)
    require_territory(actor, unit.code)
    for m in members:
        require_territory(actor, m.person.kato_id)
    family = Family(
        kato=unit,
        street=street.strip(),
        dwellings_owned=dwellings_owned,
        living_area=living_area,
        tenure=tenure,
        cars_owned=cars_owned,
    )
    full_clean(family)
    family.save()
    audit.record(
        territory=family.kato_id,
        actor=actor,
        action=AuditAction.CREATE,
        obj=family,
        person_id=heads[0].person.pk,
        changes=created(snapshot(family, HOUSING_FIELDS)),
    )
    for spec in members:
        _add_membership(family, spec, on=on, actor=actor)
    return family


@transaction.atomic
def family_add_member(
    *, actor: Actor, family: Family, person: Person, relation: str, valid_from: dt.date | None = None
) -> Membership:
    """Add a person to a family; a current membership elsewhere ends (kept as history)."""
    family = Family.objects.select_for_update().get(pk=family.pk)
    _may_edit(actor, family)
    require_territory(actor, person.kato_id)
    if relation == Relation.HEAD:
        raise DomainError(_("A family has exactly one head; change the head instead."), field="relation")
    on = valid_from or today()
    check_not_future(on, field="valid_from")
    if Membership.objects.filter(family=family, person=person, valid_to__isnull=True).exists():
        raise DomainError(_("This person is already a member of the family."), field="person")
    return _add_membership(family, MemberSpec(person=person, relation=relation), on=on, actor=actor)


@transaction.atomic
def family_remove_member(
    *, actor: Actor, family: Family, person: Person, reason: str, valid_to: dt.date | None = None
) -> None:
    """A member leaves the family (the membership ends; history stays)."""
    _may_edit(actor, family)
    membership = (
        Membership.objects.select_for_update()
        .filter(family=family, person=person, valid_to__isnull=True)
        .first()
    )
    if membership is None:
        raise DomainError(_("This person is not a current member of the family."), field="person")
    if membership.relation == Relation.HEAD:
        raise DomainError(_("The head cannot leave; choose a new head first."), field="person")
    why = _reason(reason)
    end = valid_to or today()
    check_not_future(end, field="valid_to")
    _end_membership(membership, end=end, territory=family.kato_id, actor=actor, reason=why)


@transaction.atomic
def family_set_head(*, actor: Actor, family: Family, person: Person, reason: str) -> None:
    """Make another current member the head; the former head becomes the new head's relative."""
    _may_edit(actor, family)
    current = {m.person_id: m for m in family.memberships.select_for_update().filter(valid_to__isnull=True)}
    if person.pk not in current:
        raise DomainError(_("This person is not a current member of the family."), field="person")
    why = _reason(reason)
    old = next((m for m in current.values() if m.relation == Relation.HEAD), None)
    new = current[person.pk]
    if old is not None and old.pk != new.pk:
        old.relation, new.relation = Relation.OTHER, Relation.HEAD
        old.save(update_fields=["relation"])  # the head slot is freed before it is taken
        new.save(update_fields=["relation"])
        audit.record(
            territory=family.kato_id,
            actor=actor,
            action=AuditAction.UPDATE,
            obj=family,
            person_id=person.pk,
            changes={"head": [old.person_id, person.pk]},
            reason=why,
        )


@transaction.atomic
def family_update_housing(*, actor: Actor, family: Family, **fields: object) -> Family:
    family = Family.objects.select_for_update().get(pk=family.pk)
    _may_edit(actor, family)
    before = snapshot(family, HOUSING_FIELDS)
    for name, value in fields.items():
        if name not in HOUSING_FIELDS:
            raise DomainError(_("These fields cannot be changed here: %(f)s.") % {"f": name})
        if name == "kato":
            unit = kato_unit(str(value))
            require_territory(actor, unit.code)
            family.kato = unit
        else:
            setattr(family, name, value)
    full_clean(family)
    changes = diff(before, snapshot(family, HOUSING_FIELDS))
    if changes:
        family.save()
        # On PostgreSQL the key on (family, territory) has already moved the memberships with the
        # family (ADR 0069); on SQLite this does, and finds none there.
        Membership.objects.filter(family=family).exclude(territory=family.kato_id).update(
            territory=family.kato_id
        )
        head = family.memberships.filter(valid_to__isnull=True, relation=Relation.HEAD).first()
        audit.record(
            territory=family.kato_id,
            actor=actor,
            action=AuditAction.UPDATE,
            obj=family,
            person_id=head.person_id if head else None,
            changes=changes,
        )
    return family
