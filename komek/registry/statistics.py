"""Aggregate figures of the registry by territorial unit (no personal data, any role).

Every role, the analyst included, sees how many persons, families, persons with disability,
pensioners and children its territory holds; a card stays behind the person-view capability.
Each figure is one grouped query, never a loop over persons. At city scale that count scans
every person with their statuses, so the start pages read the per-unit summary kept by
``komek registry summary refresh`` (``stored_summary``), which says when it was counted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q

from komek.accounts import policy
from komek.common.dated import in_force_q
from komek.common.models import KatoUnit
from komek.registry.ages import adult_age_on
from komek.registry.choices import StatusKind
from komek.registry.models import Family, Person, PersonStatus, UnitSummary

if TYPE_CHECKING:
    from komek.accounts.policy import Actor


@dataclass
class UnitFigures:
    kato: str
    name: str
    persons: int = 0
    families: int = 0
    children: int = 0
    disability: int = 0
    pensioners: int = 0


@dataclass
class RegistrySummary:
    on: dt.date
    adult_age: int  # children are the persons under it (the legislation's age of majority)
    units: list[UnitFigures] = field(default_factory=list)
    as_of: dt.datetime | None = None  # when the stored summary was counted; None: counted just now

    @property
    def total(self) -> UnitFigures:
        total = UnitFigures(kato="", name="")
        for unit in self.units:
            total.persons += unit.persons
            total.families += unit.families
            total.children += unit.children
            total.disability += unit.disability
            total.pensioners += unit.pensioners
        return total


def registry_summary(*, user: Actor, on: dt.date) -> RegistrySummary:
    """Persons, families, children, persons with disability and pensioners per unit, on a date."""
    scope = policy.territory_q(user, "kato__code")
    adult_age = adult_age_on(on)
    day = 28 if (on.month, on.day) == (2, 29) else on.day
    adult_born_by = dt.date(on.year - adult_age, on.month, day)  # born after this: a child on the date
    living = Person.objects.filter(scope, Q(death_date__isnull=True) | Q(death_date__gt=on))
    per_unit = living.values("kato").annotate(
        n=Count("id"), children=Count("id", filter=Q(birth_date__gt=adult_born_by))
    )
    persons: dict[str, Any] = {row["kato"]: row for row in per_unit}
    families: dict[str, int] = dict(
        Family.objects.filter(scope).values("kato").annotate(n=Count("id")).values_list("kato", "n")
    )
    statuses = (
        PersonStatus.objects.filter(
            in_force_q(on), person__in=living, kind__in=[StatusKind.DISABILITY, StatusKind.PENSIONER]
        )
        .values("person__kato", "kind")
        .annotate(n=Count("person", distinct=True))
    )
    by_status: dict[tuple[str, str], int] = {(r["person__kato"], r["kind"]): r["n"] for r in statuses}
    codes = sorted(set(persons) | set(families))
    names = {u.code: u.name for u in KatoUnit.objects.filter(code__in=codes)}
    summary = RegistrySummary(on=on, adult_age=adult_age)
    for code in codes:
        summary.units.append(
            UnitFigures(
                kato=code,
                name=names.get(code, code),
                persons=persons.get(code, {}).get("n", 0),
                families=families.get(code, 0),
                children=persons.get(code, {}).get("children", 0),
                disability=by_status.get((code, StatusKind.DISABILITY), 0),
                pensioners=by_status.get((code, StatusKind.PENSIONER), 0),
            )
        )
    return summary


def stored_summary(*, user: Actor, on: dt.date) -> RegistrySummary:
    """The per-unit summary as of its last refresh, scoped to the reader's territory (two queries);
    the direct count of ``registry_summary`` when it has never been refreshed."""
    rows = list(
        UnitSummary.objects.filter(policy.territory_q(user, "kato__code"))
        .select_related("kato")
        .order_by("kato_id")
    )
    if not rows:
        if UnitSummary.objects.exists():  # refreshed, but nothing in this reader's territory
            return RegistrySummary(on=on, adult_age=adult_age_on(on))
        return registry_summary(user=user, on=on)
    first = rows[0]
    summary = RegistrySummary(on=first.on, adult_age=first.adult_age, as_of=first.refreshed_at)
    summary.units = [
        UnitFigures(
            kato=row.kato_id,
            name=row.kato.name,
            persons=row.persons,
            families=row.families,
            children=row.children,
            disability=row.disability,
            pensioners=row.pensioners,
        )
        for row in rows
    ]
    return summary
