"""Reads of state awards: the children a mother has in the registry, the cases of the actor's
territory, one case, and the figures of a year (documents sent per pendant, awarded, presented)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.awards.choices import Decision, Grade
from komek.awards.models import AwardCase
from komek.common.errors import NotFound
from komek.registry.choices import Relation
from komek.registry.models import Membership

PARENT = (Relation.HEAD, Relation.SPOUSE)


def registered_children(person_id: int) -> int:
    """The children of the registry's families where the mother is a parent (head or spouse), ever:
    each child counted once, whichever family holds them now."""
    families = Membership.objects.filter(person_id=person_id, relation__in=PARENT).values("family_id")
    return (
        Membership.objects.filter(family_id__in=families, relation=Relation.CHILD)
        .exclude(person_id=person_id)
        .values("person_id")
        .distinct()
        .count()
    )


def cases_visible(actor: Any) -> QuerySet[AwardCase]:
    return policy.visible(AwardCase.objects.all(), actor, Capability.AWARDS_VIEW, field="kato__code")


def cases_listed(actor: Any) -> QuerySet[AwardCase]:
    return cases_visible(actor).select_related("person", "kato")


def case_get(*, actor: Any, case_id: int) -> AwardCase:
    found = cases_listed(actor).filter(pk=case_id).first()
    if found is None:
        raise NotFound("No such award case in your territory.")
    return found


#: The figures of a year: what each counts and the date field that puts a case in the year.
FIGURES = {
    "sent": ("sent_on", Q()),
    "sent_altyn": ("sent_on", Q(grade=Grade.ALTYN)),
    "sent_kumis": ("sent_on", Q(grade=Grade.KUMIS)),
    "granted": ("decision_on", Q(decision=Decision.GRANTED)),
    "refused": ("decision_on", Q(decision=Decision.REFUSED)),
    "presented": ("presented_on", Q()),
}


def cases_of(*, actor: Any, year: int, prefix: str, what: str) -> QuerySet[AwardCase]:
    """The cases of the territory behind one figure of the year."""
    field, condition = FIGURES[what]
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return cases_visible(actor).filter(
        condition, kato__code__startswith=prefix, **{f"{field}__gte": start, f"{field}__lte": end}
    )


def awards_year(*, actor: Any, year: int, prefix: str) -> dict[str, int]:
    """Every figure of the year in one query."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    found = cases_visible(actor).filter(kato__code__startswith=prefix)
    return found.aggregate(
        **{
            what: Count("id", filter=condition & Q(**{f"{field}__gte": start, f"{field}__lte": end}))
            for what, (field, condition) in FIGURES.items()
        }
    )
