"""Checks shared by the rehabilitation services: district, disability, priority."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q
from django.utils.translation import gettext as _

from komek.common.errors import DomainError
from komek.legislation.loader import application_engine
from komek.registry.choices import DisabilityGroup, StatusKind
from komek.registry.models import Person, PersonStatus
from komek.rehabilitation.choices import Priority
from komek.rules.terms import ADULT_AGE, term


def _active_on(on: dt.date) -> Q:
    return Q(valid_from__lte=on) & (Q(valid_to__isnull=True) | Q(valid_to__gte=on))


def disabled_on(person_ids: Iterable[int], on: dt.date) -> dict[int, str]:
    """The disability group of each person with a disability status in force on ``on``."""
    rows = PersonStatus.objects.filter(
        _active_on(on), person_id__in=list(person_ids), kind=StatusKind.DISABILITY
    )
    return {pid: subtype for pid, subtype in rows.values_list("person_id", "subtype")}


def require_disability(person: Person, on: dt.date, *, field: str = "person") -> str:
    group = disabled_on([person.pk], on).get(person.pk)
    if group is None:
        raise DomainError(
            _("The person has no disability status in force on %(date)s: an IPR cannot be recorded.")
            % {"date": on.strftime("%d.%m.%Y")},
            field=field,
            code="no_disability",
        )
    return group


def priorities(persons: Iterable[Person], on: dt.date) -> dict[int, int]:
    """Legal priority of each person in a queue: veterans first, then children, then the rest."""
    people = list(persons)
    ids = [p.pk for p in people]
    veterans = set(
        PersonStatus.objects.filter(_active_on(on), person_id__in=ids, kind=StatusKind.VETERAN).values_list(
            "person_id", flat=True
        )
    )
    groups = disabled_on(ids, on)
    adult_age = term(application_engine().parameters, ADULT_AGE, on)
    out = {}
    for p in people:
        born = p.birth_date
        age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
        if p.pk in veterans:
            out[p.pk] = Priority.VETERAN.value
        elif groups.get(p.pk) == DisabilityGroup.CHILD or age < adult_age:
            out[p.pk] = Priority.CHILD.value
        else:
            out[p.pk] = Priority.GENERAL.value
    return out
