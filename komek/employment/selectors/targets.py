"""Target groups of persons on a date, derived from the registry in a fixed number of queries.

- youth: age up to ``youth_age_max``;
- women: sex;
- disability: a disability status in force;
- released: a "released from prison" or "on probation" status in force;
- low-income: the family's per-capita income over the three months before the date is below the
  national subsistence minimum (the registry's verified or declared incomes; a family without any
  income record in those months is not known to be low-income and is not counted);
- pre-retirement: within ``pre_retirement_years`` of the retirement age of the person's sex;
- large family: the current family has ``large_family_children`` or more children under the age of
  majority (``adult_age``), or the person holds a "mother of a large family" status.

The ages and counts are legal terms of the legislation (``komek.rules.terms``) on the date.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Sum

from komek.common.dated import in_force_q
from komek.common.periods import add_months, age_on, month_start
from komek.employment.choices import TargetGroup
from komek.employment.selectors.params import value
from komek.legislation.terms import legal_term
from komek.registry.choices import Relation, Sex, StatusKind
from komek.registry.models import Income, Membership, Person, PersonStatus
from komek.rules.terms import ADULT_AGE, LARGE_FAMILY_CHILDREN, PRE_RETIREMENT_YEARS


def target_flags(person_ids: list[int], on: dt.date) -> dict[int, dict[str, bool]]:
    """``{person_id: {"tg_youth": bool, ...}}`` for every id (unknown ids are left out)."""
    if not person_ids:
        return {}
    youth_max = value("youth_age_max", on)
    adult_age = legal_term(ADULT_AGE, on)
    pre_retirement = legal_term(PRE_RETIREMENT_YEARS, on)
    large_family = legal_term(LARGE_FAMILY_CHILDREN, on)
    retirement: dict[str, Decimal] = {
        Sex.MALE: value("retirement_age_men", on),
        Sex.FEMALE: value("retirement_age_women", on),
    }
    subsistence = value("subsistence_minimum", on)
    in_force = in_force_q(on)
    statuses: dict[int, set[str]] = defaultdict(set)
    for pid, kind in PersonStatus.objects.filter(in_force, person_id__in=person_ids).values_list(
        "person_id", "kind"
    ):
        statuses[pid].add(kind)
    family_of = dict(
        Membership.objects.filter(person_id__in=person_ids, valid_to__isnull=True).values_list(
            "person_id", "family_id"
        )
    )
    members: dict[int, list[tuple[int, str, dt.date]]] = defaultdict(list)
    for fid, pid, relation, birth in Membership.objects.filter(
        family_id__in=set(family_of.values()), valid_to__isnull=True
    ).values_list("family_id", "person_id", "relation", "person__birth_date"):
        members[fid].append((pid, relation, birth))
    all_members = [pid for rows in members.values() for pid, _r, _b in rows] or list(person_ids)
    income: dict[int, Decimal] = dict(
        Income.objects.filter(
            person_id__in=all_members, month__gte=add_months(on, -3), month__lt=month_start(on)
        )
        .values("person_id")
        .annotate(total=Sum("amount"))
        .values_list("person_id", "total")
    )
    out: dict[int, dict[str, bool]] = {}
    for pid, birth, sex in Person.objects.filter(pk__in=person_ids).values_list("id", "birth_date", "sex"):
        age = age_on(birth, on)
        family_id = family_of.get(pid)
        family = members.get(family_id or 0) or [(pid, Relation.HEAD, birth)]
        children = sum(1 for _p, rel, b in family if rel == Relation.CHILD and age_on(b, on) < adult_age)
        recorded = [income[p] for p, _r, _b in family if p in income]
        per_capita = sum(recorded, Decimal(0)) / 3 / len(family) if recorded else None
        kinds = statuses.get(pid, set())
        flags = {
            TargetGroup.YOUTH: age <= youth_max,
            TargetGroup.WOMEN: sex == Sex.FEMALE,
            TargetGroup.DISABILITY: StatusKind.DISABILITY in kinds,
            TargetGroup.RELEASED: bool({StatusKind.RELEASED_PRISONER, StatusKind.PROBATION} & kinds),
            TargetGroup.LOW_INCOME: per_capita is not None and per_capita < subsistence,
            TargetGroup.PRE_RETIREMENT: retirement[sex] - pre_retirement <= age < retirement[sex],
            TargetGroup.LARGE_FAMILY: children >= large_family or StatusKind.LARGE_FAMILY_MOTHER in kinds,
        }
        out[pid] = {f"tg_{k}": bool(v) for k, v in flags.items()}
    return out
