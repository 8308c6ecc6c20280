"""Registry persons and families as the DCI's records: a person is a ``Member`` (its demographic
information an ``SRPerson``), a family a ``Group`` of type ``family`` (ADR 0032)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from komek.registry.choices import StatusKind
from komek.registry.models import Family, Membership, Person, PersonStatus
from komek.registry.selectors import RELATION_ORDER

IIN = "IIN"
FAMILY_ID = "FamilyID"
REG_TYPE = "ns:org:RegistryType:Social"


def _stamp(value: dt.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def _disability(today: dt.date, lookup: str = "statuses") -> Prefetch:
    active = PersonStatus.objects.filter(kind=StatusKind.DISABILITY, valid_from__lte=today).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=today)
    )
    return Prefetch(lookup, queryset=active.only("id", "person_id"), to_attr="dci_disability")


def persons_prefetched(qs: QuerySet[Person]) -> QuerySet[Person]:
    """What a member record shows, fetched in a fixed number of queries for any page."""
    today = timezone.localdate()
    current = Membership.objects.filter(valid_to__isnull=True).only(
        "id", "person_id", "family_id", "relation"
    )
    return qs.select_related("kato").prefetch_related(
        Prefetch("memberships", queryset=current, to_attr="dci_current"), _disability(today)
    )


def families_prefetched(qs: QuerySet[Family]) -> QuerySet[Family]:
    today = timezone.localdate()
    members = (
        Membership.objects.filter(valid_to__isnull=True)
        .select_related("person", "person__kato")
        .prefetch_related(_disability(today, "person__statuses"))
        .order_by(RELATION_ORDER, "person__birth_date", "id")
    )
    return qs.select_related("kato").prefetch_related(
        Prefetch("memberships", queryset=members, to_attr="dci_members")
    )


def identifier(kind: str, value: str) -> dict[str, str]:
    return {"@type": "Identifier", "identifier_type": kind, "identifier_value": value}


def _address(kato: Any, street: str) -> dict[str, Any]:
    return {
        "@type": "Address",
        "street_address": street,
        "admin_area_code": kato.code,
        "locality": kato.name_en or kato.name_ru,
        "country": "KZ",
    }


def member(person: Person, relation: str | None = None) -> dict[str, Any]:
    """A person as a Member record."""
    current = getattr(person, "dci_current", None)
    if relation is None and current:
        relation = current[0].relation
    demographic: dict[str, Any] = {
        "@type": "SRPerson",
        "identifier": [identifier(IIN, person.iin)],
        "name": {
            "@type": "Name",
            "surname": person.surname,
            "given_name": person.name,
            "second_name": person.patronymic,
        },
        "sex": person.sex,
        "birth_date": person.birth_date.isoformat(),
        "death_date": person.death_date.isoformat() if person.death_date else None,
        "address": _address(person.kato, person.street),
        "registration_date": _stamp(person.created_at),
    }
    record: dict[str, Any] = {
        "@type": "Member",
        "@id": f"urn:komek:person:{person.iin}",
        "member_identifier": [identifier(IIN, person.iin)],
        "demographic_info": demographic,
        "is_disabled": bool(getattr(person, "dci_disability", [])),
        "relationship_head": relation or "",
        "registration_date": _stamp(person.created_at),
        "last_updated": _stamp(person.updated_at),
    }
    if current:
        record["group_identifier"] = [identifier(FAMILY_ID, str(current[0].family_id))]
    return record


def group(family: Family) -> dict[str, Any]:
    """A family as a Group record, its head first."""
    members = getattr(family, "dci_members", [])
    head = next((m for m in members if m.relation == "head"), None)
    return {
        "@type": "Group",
        "@id": f"urn:komek:family:{family.pk}",
        "group_identifier": [identifier(FAMILY_ID, str(family.pk))],
        "group_type": "family",
        "place": {"@type": "Place", "address": _address(family.kato, family.street)},
        "group_size": len(members),
        "group_head_info": member(head.person, head.relation) if head else None,
        "member_list": [member(m.person, m.relation) for m in members],
        "registration_date": _stamp(family.created_at),
        "last_updated": _stamp(family.updated_at),
    }


def person_ids(records: list[Any]) -> list[int]:
    """The ids of the persons shown by Person or Family objects."""
    ids: list[int] = []
    for item in records:
        if isinstance(item, Person):
            ids.append(item.pk)
        else:
            ids.extend(m.person_id for m in getattr(item, "dci_members", []))
    return ids
