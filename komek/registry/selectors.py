"""Every read of the registry, scoped to what the asking user may see.

Opening a person's card is itself recorded in the audit log (a read), because a card shows
personal data; search results show only the columns needed to pick the right person.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import connection
from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Collate
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.common import audit
from komek.common.annual import Column, Records, Shown, masked_iin
from komek.common.card import ShownPanel, Subject
from komek.common.choices import AuditAction
from komek.common.errors import NotFound
from komek.registry.choices import Relation
from komek.registry.models import Document, Family, Income, Membership, Person, PersonStatus
from komek.registry.names import fold
from komek.registry.panels import card_panels, panel_persons

if TYPE_CHECKING:
    from komek.accounts.policy import Actor


# Head first, then spouse, children and the rest: the order a family is read out in.
RELATION_ORDER = Case(
    *(When(relation=code, then=Value(i)) for i, code in enumerate(Relation.values)),
    output_field=IntegerField(),
)


def persons_visible(user: Actor) -> QuerySet[Person]:
    """The persons of the user's territory (by their address), for a role that may see persons."""
    return policy.visible(Person.objects.all(), user, Capability.PERSON_VIEW, field="kato__code")


def families_visible(user: Actor) -> QuerySet[Family]:
    """The families of the user's territory (by their address), for a role that may see persons."""
    return policy.visible(Family.objects.all(), user, Capability.PERSON_VIEW, field="kato__code")


def person_search(*, user: Actor, query: str, limit: int | None = None) -> list[Person]:
    """Persons whose IIN or folded full name starts with the query (Cyrillic or Latin, any case)."""
    limit = limit or settings.KOMEK_SEARCH_PAGE_SIZE
    text = (query or "").strip()
    if not text:
        return []
    qs = (
        persons_visible(user)
        .select_related("kato")
        .only(
            "id",
            "iin",
            "surname",
            "name",
            "patronymic",
            "birth_date",
            "kato__code",
            "kato__name_ru",
            "kato__name_kk",
            "kato__name_en",
            "death_date",
        )
    )
    if text.isdigit():
        found = list(qs.filter(iin__startswith=text).order_by("iin")[:limit])
    else:
        key = fold(text)
        if not key:
            return []
        # A range on the key in byte order ("C" collation): one B-tree serves both the prefix match
        # and the ORDER BY, so the scan stops after ``limit`` rows however common the prefix (ADR 0004).
        collated = Collate("search_key", "C" if connection.vendor == "postgresql" else "BINARY")
        qs = qs.annotate(key=collated).filter(key__gte=key, key__lt=_next_prefix(key))
        found = list(qs.order_by("key", "id")[:limit])
    read_persons(user=user, persons=found)
    return found


def read_persons(
    *,
    user: Actor,
    persons: Iterable[Any],
    object_type: str = "registry.person",
    object_id: Any = "",
    export: bool = False,
) -> None:
    """One read row naming the persons a page, a list or a file shows (nothing when it shows none);
    ``export``: the persons of a file taken away (an ``export`` row).

    ``persons``: Person objects, ids, or rows with a ``person_id``; the row is filed under the unit
    common to their addresses (one query for all of them)."""
    items = list(persons)
    ids = {pk for pk in map(_person_id, items) if pk is not None}
    if not ids:
        return
    if all(isinstance(p, Person) for p in items):  # their addresses are at hand
        codes: Any = {p.kato_id for p in items}
    else:
        codes = Person.objects.filter(pk__in=ids).values_list("kato_id", flat=True).distinct()
    audit.read(
        actor=user,
        action=AuditAction.EXPORT if export else AuditAction.READ,
        object_type=object_type,
        object_id=object_id,
        persons=ids,
        territory=audit.common_territory(codes),
    )


def _person_id(item: Any) -> int | None:
    if isinstance(item, int):
        return item
    if isinstance(item, Person):
        return item.pk
    return getattr(item, "person_id", None)


def person_opened(*, user: Actor, person_id: int) -> Person:
    """A person of the user's territory that a page shows (its form, its card): audited as a read."""
    person = persons_visible(user).select_related("kato").filter(pk=person_id).first()
    if person is None:
        raise NotFound(_("No such person in your territorial units."))
    audit.read(actor=user, obj=person, person_id=person.pk, territory=person.kato_id)
    return person


def family_opened(*, user: Actor, family_id: int) -> Family:
    """A family of the user's territory that a page shows: audited as a read naming its members."""
    family = families_visible(user).filter(pk=family_id).first()
    if family is None:
        raise NotFound(_("No such family in your territorial units."))
    members = list(memberships_of(family).filter(valid_to__isnull=True).values_list("person_id", flat=True))
    audit.read(actor=user, obj=family, persons=members, territory=family.kato_id)
    return family


def person_match_q(text: str, path: str = "") -> Q:
    """Rows whose person (at ``path``, e.g. ``"applicant"``) has an IIN or a full name starting with
    ``text``, Cyrillic or Latin in any case: the search box of the lists that name persons."""
    prefix = f"{path}__" if path else ""
    if text.isdigit():
        return Q(**{f"{prefix}iin__startswith": text})
    key = fold(text)
    return Q(**{f"{prefix}search_key__startswith": key}) if key else Q(pk__in=[])


def _next_prefix(prefix: str) -> str:
    """The smallest string after every string that starts with ``prefix`` (keys are ASCII)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


@dataclass
class PersonCard:
    person: Person
    membership: Membership | None
    family_members: list[Membership]
    memberships_history: list[Membership]
    statuses: list[PersonStatus]
    incomes: list[Income]
    documents: list[Document]
    panels: list[ShownPanel]

    def active_statuses(self, on: dt.date) -> list[PersonStatus]:
        return [s for s in self.statuses if s.valid_from <= on and (s.valid_to is None or s.valid_to >= on)]


def memberships_of(family: Family) -> QuerySet[Membership]:
    """The family's memberships, read from the partition of its address's region only on
    PostgreSQL, as a membership carries its family's address (ADR 0069)."""
    return Membership.objects.filter(family=family, territory=family.kato_id)


def incomes_of(persons: Iterable[tuple[int, str]]) -> QuerySet[Income]:
    """The incomes of these persons, given as (id, registered address): read from the partitions of
    their addresses' regions only on PostgreSQL, as an income carries its person's address (ADR 0066)."""
    ids, codes = set(), set()
    for person_id, kato in persons:
        ids.add(person_id)
        codes.add(kato)
    return Income.objects.filter(person_id__in=ids, territory__in=codes)


def person_card(*, user: Actor, person_id: int, ip_address: str | None = None) -> PersonCard:
    """Everything a person's card shows; the opening is written to the audit log as a read."""
    person = persons_visible(user).select_related("kato").filter(pk=person_id).first()
    if person is None:
        raise NotFound(_("No such person in your territorial units."))
    history = list(
        Membership.objects.filter(person=person).select_related("family").order_by("-valid_from", "-id")
    )
    current = next((m for m in history if m.valid_to is None), None)
    members: list[Membership] = []
    if current is not None:
        members = list(
            Membership.objects.filter(family_id=current.family_id, valid_to__isnull=True)
            .select_related("person")
            .order_by(RELATION_ORDER, "person__birth_date")
        )
    panels = card_panels(
        user=user,
        subject=Subject(
            kind="person",
            person_ids=(person.pk,),
            family_ids=(current.family_id,) if current is not None else (),
            iin=person.iin,
        ),
    )
    card = PersonCard(
        person=person,
        membership=current,
        family_members=members,
        memberships_history=history,
        statuses=list(person.statuses.all()),
        incomes=list(incomes_of([(person.pk, person.kato_id)])[:36]),
        documents=list(person.documents.select_related("uploaded_by"))
        if policy.can(user, Capability.DOCUMENT_VIEW)
        else [],
        panels=panels,
    )
    audit.read(
        territory=person.kato_id,
        actor=user,
        obj=person,
        person_id=person.pk,
        persons=sorted({person.pk, *(m.person_id for m in members), *panel_persons(panels)}),
        ip_address=ip_address,
    )
    return card


@dataclass
class FamilyCard:
    family: Family
    members: list[Membership]
    former_members: list[Membership]
    incomes_by_month: list[Any]  # {"month": date, "total": Decimal}
    documents: list[Document]
    panels: list[ShownPanel]

    @property
    def head(self) -> Membership | None:
        return next((m for m in self.members if m.relation == "head"), None)


def family_card(*, user: Actor, family_id: int, ip_address: str | None = None) -> FamilyCard:
    """A family with its current and former members and their monthly incomes; audited as a read."""
    family = families_visible(user).select_related("kato").filter(pk=family_id).first()
    if family is None:
        raise NotFound(_("No such family in your territorial units."))
    memberships = list(
        memberships_of(family)
        .select_related("person")
        .prefetch_related(Prefetch("person__statuses"))
        .order_by("valid_to", RELATION_ORDER, "person__birth_date")
    )
    members = [m for m in memberships if m.valid_to is None]
    former = [m for m in memberships if m.valid_to is not None]
    incomes = list(
        incomes_of((m.person_id, m.person.kato_id) for m in members)
        .values("month")
        .annotate(total=Sum("amount"))
        .order_by("-month")[:12]
    )
    head = next((m for m in members if m.relation == "head"), None)
    panels = card_panels(
        user=user,
        subject=Subject(
            kind="family", person_ids=tuple(m.person_id for m in members), family_ids=(family.pk,)
        ),
    )
    audit.read(
        territory=family.kato_id,
        actor=user,
        obj=family,
        person_id=head.person_id if head else None,
        persons=sorted({*(m.person_id for m in memberships), *panel_persons(panels)}),
        ip_address=ip_address,
    )
    docs = list(family.documents.all()) if policy.can(user, Capability.DOCUMENT_VIEW) else []
    return FamilyCard(
        family=family,
        members=members,
        former_members=former,
        incomes_by_month=incomes,
        documents=docs,
        panels=panels,
    )


def document_for_download(*, user: Actor, document_id: int) -> Document:
    policy.require(user, Capability.DOCUMENT_VIEW)
    doc = Document.objects.select_related("person", "family").filter(pk=document_id).first()
    owner = doc.person if doc and doc.person else (doc.family if doc else None)
    if doc is None or owner is None:
        raise NotFound(_("No such document."))
    if not policy.in_territory(user, owner.kato_id):
        raise NotFound(_("No such document."))
    audit.read(
        territory=owner.kato_id,
        actor=user,
        obj=doc,
        person_id=doc.person_id,
    )
    return doc


# --- The records behind a figure of the annual report (komek.common.annual) ----------------------

PERSON_COLUMNS = (
    Column(gettext_lazy("Full name")),
    Column(gettext_lazy("IIN")),
    Column(gettext_lazy("Date of birth"), "date"),
    Column(gettext_lazy("Address (KATO)")),
)


def _show_persons(page: list[Person]) -> list[Shown]:
    return [
        Shown(
            (p.full_name, masked_iin(p.iin), p.birth_date, p.kato.name),
            (p.pk,),
            reverse("registry:person_detail", args=[p.pk]),
        )
        for p in page
    ]


def persons_records(persons: QuerySet[Person]) -> Records:
    """The persons of a figure as a list: name, masked IIN, birth date, address."""
    ordered = persons.select_related("kato").order_by("surname", "name", "patronymic", "id")
    return Records("persons", ordered, PERSON_COLUMNS, _show_persons)


FAMILY_COLUMNS = (
    Column(gettext_lazy("Family")),
    Column(gettext_lazy("Head of family")),
    Column(gettext_lazy("IIN")),
    Column(gettext_lazy("Address (KATO)")),
)


def _show_families(page: list[Family]) -> list[Shown]:
    """The families with their heads (the latest head of each): one query for the page."""
    heads: dict[int, Person] = {}
    for m in (
        Membership.objects.filter(family_id__in=[f.pk for f in page], relation=Relation.HEAD)
        .select_related("person")
        .order_by("family_id", "valid_from", "id")
    ):
        heads[m.family_id] = m.person
    rows = []
    for family in page:
        head = heads.get(family.pk)
        rows.append(
            Shown(
                (
                    str(family),
                    head.full_name if head else "",
                    masked_iin(head.iin) if head else "",
                    f"{family.kato.name}, {family.street}" if family.street else family.kato.name,
                ),
                (head.pk,) if head else (),
                reverse("registry:family_detail", args=[family.pk]),
            )
        )
    return rows


def families_records(families: QuerySet[Family]) -> Records:
    """The families of a figure as a list: number, head, masked IIN of the head, address."""
    return Records("families", families.select_related("kato").order_by("id"), FAMILY_COLUMNS, _show_families)


def person_by_iin(*, user: Actor, iin: str) -> Person | None:
    """The registered person of the user's territory with this IIN (a lookup): audited as a read."""
    person = persons_visible(user).select_related("kato").filter(iin=iin).first()
    if person is not None:
        audit.read(actor=user, obj=person, person_id=person.pk, territory=person.kato_id)
    return person


def current_family_id(person: Person) -> int | None:
    """The family the person is a current member of, if any."""
    return (
        Membership.objects.filter(person=person, valid_to__isnull=True)
        .values_list("family_id", flat=True)
        .first()
    )
