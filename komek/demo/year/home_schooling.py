"""The year's home schooling of children with disability: a parent and the child, the child with a
disability (child) and schooled at home by an individual curriculum, registered through the
registry's statuses; the parent applies each quarter (the programme pays per quarter) and the
legislation's amount of the quarter is what the rules engine must give."""

from __future__ import annotations

import datetime as dt
from typing import Any

from komek.demo.year.scenario import Application, Household, Value
from komek.registry.models import Membership
from komek.registry.services.statuses import status_add

STATUSES = (("disability", "child"), ("student", "home_schooled"))


def plan_home_schooling(spec: dict[str, Any], year: int, value: Value) -> list[Household]:
    """``families`` households of a parent and a child; an application in each month of ``months``
    (the first quarter's on the 10th and so on, a working day's morning)."""
    homes = []
    for i in range(int(spec["families"])):
        apps = []
        for month in spec["applications"]:
            day = dt.date(year, int(month), 10 + i % 8)
            while day.weekday() >= 5:
                day += dt.timedelta(days=1)
            apps.append(
                Application(
                    day=day,
                    programme=str(spec["programme"]),
                    amount=int(value(str(spec["amount_parameter"]), day)),
                )  # fmt: skip
            )
        homes.append(Household(ref=f"home_schooling{i}", group="home_schooling", size=2, applications=apps))
    return homes


def register_children(homes: list[Household], heads: dict[str, Any], registrar: Any, since: dt.date) -> int:
    """The child of each household (the member who is not its head): the statuses of ``STATUSES``."""
    mine = [h for h in homes if h.group == "home_schooling"]
    if not mine:
        return 0
    family_of = dict(
        Membership.objects.filter(person__in=[heads[h.ref] for h in mine], valid_to__isnull=True).values_list(
            "person_id", "family_id"
        )
    )
    children = Membership.objects.filter(
        family_id__in=family_of.values(), valid_to__isnull=True, relation="child"
    ).select_related("person")
    done = 0
    for membership in children:
        for kind, subtype in STATUSES:
            status_add(
                actor=registrar, person=membership.person, kind=kind, subtype=subtype, valid_from=since
            )
        done += 1
    return done
