"""Checks shared by the rehabilitation services: district, disability, priority."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils.translation import gettext as _

from komek.common.dated import in_force_q
from komek.common.errors import DomainError
from komek.common.periods import age_on
from komek.legislation.terms import legal_term
from komek.registry.choices import DisabilityGroup, StatusKind
from komek.registry.models import Person, PersonStatus
from komek.rehabilitation.choices import Priority
from komek.rules.terms import ADULT_AGE


def disabled_on(person_ids: Iterable[int], on: dt.date) -> dict[int, str]:
    """The disability group of each person with a disability status in force on ``on``."""
    rows = PersonStatus.objects.filter(
        in_force_q(on), person_id__in=list(person_ids), kind=StatusKind.DISABILITY
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
        PersonStatus.objects.filter(in_force_q(on), person_id__in=ids, kind=StatusKind.VETERAN).values_list(
            "person_id", flat=True
        )
    )
    groups = disabled_on(ids, on)
    adult_age = legal_term(ADULT_AGE, on)
    out = {}
    for p in people:
        if p.pk in veterans:
            out[p.pk] = Priority.VETERAN.value
        elif groups.get(p.pk) == DisabilityGroup.CHILD or age_on(p.birth_date, on) < adult_age:
            out[p.pk] = Priority.CHILD.value
        else:
            out[p.pk] = Priority.GENERAL.value
    return out
