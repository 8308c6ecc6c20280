"""Short-term vocational training's approved lists (ADR 0062): the regional commission's decision
recorded with its lists imported from an XLSX or CSV file, and the check that a person is sent only
to a centre and a profession on the year's lists, at the profession's approved cost.

The file (``docs/import-format.md``): a first row naming the columns ``centre, profession, cost``;
each row names either a training centre (``centre``) or a profession of the classifier by its code
with the cost of training one person in tenge (``profession``, ``cost``). Every row is checked
first; any error refuses the whole file with every error by row and column, nothing written."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from komek.common.audit import created
from komek.common.errors import DomainError
from komek.common.kato import kato_unit
from komek.common.refusals import audited_refusals
from komek.common.tables import RowError, TableRefused, read_rows
from komek.employment.models import (
    Course,
    ListedCentre,
    ListedProfession,
    Occupation,
    TrainingList,
    TrainingProvider,
)
from komek.employment.selectors.training import lists_in_force
from komek.employment.services._checks import audit, manage, not_future, positive_int, staff_of, today
from komek.employment.services.plans import PLAN_FIRST_YEAR
from komek.employment.services.programme import day_of, fmt

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

COLUMNS = ("centre", "profession", "cost")
MAX_ROWS = 2000
CENTRE_LENGTH = 250


class TrainingListRefused(TableRefused):
    """The lists have errors: nothing was written."""


def _decisions(found: list[TrainingList]) -> str:
    return "; ".join(
        _("decision No. %(number)s of %(date)s") % {"number": d.number, "date": fmt(d.decided_on)}
        for d in found
    )


def training_approved(*, course: Course, on: dt.date, kato_code: str) -> int:
    """The cost of training one person on ``course`` started on ``on`` at an address: its centre and
    its profession must be on the lists the regional commission approved for that year."""
    found = lists_in_force(kato_code=kato_code, year=on.year)
    if not found:
        raise DomainError(
            _(
                "No lists of training centres and professions approved by the regional commission "
                "for %(year)s are recorded for this territory: record the commission's decision first."
            )
            % {"year": on.year},
            field="course",
            code="no_approved_lists",
        )
    ids = [d.pk for d in found]
    if not ListedCentre.objects.filter(decision_id__in=ids, provider_id=course.provider_id).exists():
        raise DomainError(
            _(
                "The training centre «%(centre)s» is not on the list the regional commission approved "
                "for %(year)s (%(decisions)s)."
            )
            % {"centre": course.provider.name, "year": on.year, "decisions": _decisions(found)},
            field="course",
            code="centre_not_approved",
        )
    # The latest decision naming the profession gives its cost (``found`` is latest first).
    costs = dict(
        ListedProfession.objects.filter(decision_id__in=ids, occupation_id=course.occupation_id).values_list(
            "decision_id", "cost"
        )
    )
    for decision in found:
        if decision.pk in costs:
            return int(costs[decision.pk])
    raise DomainError(
        _(
            "The profession «%(profession)s» is not on the list the regional commission approved "
            "for %(year)s (%(decisions)s)."
        )
        % {"profession": course.occupation, "year": on.year, "decisions": _decisions(found)},
        field="course",
        code="profession_not_approved",
    )


def _row(line: int, values: dict[str, str], errors: list[RowError]) -> dict[str, Any] | None:
    centre = " ".join(values.get("centre", "").split())
    code, cost = values.get("profession", "").strip(), values.get("cost", "").strip()
    if bool(centre) == bool(code):
        errors.append(RowError(line, "centre", _("Name either a training centre or a profession.")))
        return None
    if centre:
        if cost:
            errors.append(RowError(line, "cost", _("A training centre has no cost: leave it empty.")))
            return None
        if len(centre) > CENTRE_LENGTH:
            errors.append(RowError(line, "centre", _("At most %(n)d characters.") % {"n": CENTRE_LENGTH}))
            return None
        return {"line": line, "centre": centre}
    if len(code) != 4 or not code.isdigit():  # noqa: PLR2004 (a unit group of the classifier)
        errors.append(RowError(line, "profession", _("A profession is the classifier's code of 4 digits.")))
        return None
    try:
        amount = positive_int(cost, field="cost")
    except DomainError as exc:
        errors.append(RowError(line, "cost", str(exc.message)))
        return None
    return {"line": line, "profession": code, "cost": amount}


def _checked(rows: list[tuple[int, dict[str, str]]]) -> tuple[list[dict[str, Any]], list[RowError]]:
    errors: list[RowError] = []
    clean = [r for line, values in rows if (r := _row(line, values, errors)) is not None]
    known = set(
        Occupation.objects.filter(code__in={r["profession"] for r in clean if "profession" in r}).values_list(
            "code", flat=True
        )
    )
    seen: dict[str, int] = {}
    for row in clean:
        key = row.get("centre", "").casefold() or row.get("profession", "")
        column = "centre" if "centre" in row else "profession"
        if column == "profession" and row["profession"] not in known:
            errors.append(RowError(row["line"], column, _("No such profession in the classifier.")))
        elif key in seen:
            errors.append(
                RowError(row["line"], column, _("The same entry is on row %(row)d.") % {"row": seen[key]})
            )
        else:
            seen[key] = row["line"]
    return clean, sorted(errors, key=lambda e: (e.line, e.field))


def _year(year: Any) -> int:
    last = today().year + 1
    if not isinstance(year, int) or not PLAN_FIRST_YEAR <= year <= last:
        raise DomainError(
            _("The year must be between %(first)s and %(last)s.") % {"first": PLAN_FIRST_YEAR, "last": last},
            field="year",
        )
    return year


@audited_refusals("employment.traininglist")
def training_lists_import(
    *, actor: Actor, kato: str, year: int, number: str, decided_on: Any, content: bytes
) -> TrainingList:
    """Record a decision of the regional commission with its lists of training centres and
    professions read from a file, all or nothing; a centre not known yet is added for the territory."""
    unit = kato_unit(kato)
    manage(actor, unit.code)
    year = _year(year)
    number = " ".join(str(number).split())
    if not number or len(number) > 40:  # noqa: PLR2004 (the column's length)
        raise DomainError(_("Enter the decision's number (at most 40 characters)."), field="number")
    day = day_of(decided_on, "decided_on")
    not_future(day, field="decided_on")
    if day.year > year:
        raise DomainError(
            _("A decision of %(date)s cannot approve the lists of %(year)s.")
            % {"date": fmt(day), "year": year},
            field="decided_on",
        )
    if TrainingList.objects.filter(kato=unit, year=year, number=number).exists():
        raise DomainError(
            _("Decision No. %(number)s for %(year)s is already recorded for this territory.")
            % {"number": number, "year": year},
            field="number",
        )
    clean, errors = _checked(read_rows(content, COLUMNS, max_rows=MAX_ROWS))
    if errors:
        raise TrainingListRefused(errors)
    centres = [r["centre"] for r in clean if "centre" in r]
    professions = {r["profession"]: r["cost"] for r in clean if "profession" in r}
    with transaction.atomic():
        decision = TrainingList.objects.create(
            kato=unit, year=year, number=number, decided_on=day, recorded_by=staff_of(actor)
        )
        providers = {p.name: p for p in TrainingProvider.objects.filter(name__in=centres)}
        new = [TrainingProvider(name=c, kato=unit) for c in centres if c not in providers]
        for provider in TrainingProvider.objects.bulk_create(new):
            providers[provider.name] = provider
        ListedCentre.objects.bulk_create(
            [ListedCentre(decision=decision, provider=providers[c]) for c in centres]
        )
        ListedProfession.objects.bulk_create(
            [ListedProfession(decision=decision, occupation_id=c, cost=v) for c, v in professions.items()]
        )
        audit(
            actor=actor,
            territory=unit.code,
            obj=decision,
            changes=created(
                {
                    "year": year,
                    "number": number,
                    "decided_on": day.isoformat(),
                    "centres": centres,
                    "centres_added": [p.name for p in new],
                    "professions": professions,
                }
            ),
        )
    return decision
