"""Reads of the Enbek programme's directions (vocational education, youth projects, contests, social
status): the lists of the pages and the figures of a year for a territory, each figure a named query
over the records (``docs/report-figures.md``, section ``programme_people``). Every read is narrowed
by the access policy: the employment centre's view (or the report's) and the user's territory."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.common import together
from komek.employment.models import (
    Contest,
    ContestEntry,
    Involvement,
    StatusCase,
    TipoEnrolment,
    TipoEvent,
    TipoPlan,
    YouthParticipation,
)
from komek.employment.programme_choices import ContestKind, Measure, TipoStatus, YouthOutcome, YouthProject
from komek.employment.selectors.microfinance import Microfinance, microfinance_from, microfinance_parts

VIEW = Capability.EMPLOYMENT_VIEW


def _seen(queryset: QuerySet[Any], actor: Any, field: str) -> QuerySet[Any]:
    policy.require_any(actor, VIEW, Capability.REPORT_VIEW)
    return policy.scoped(queryset, actor, field=field)


def _bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


# The lists of the pages.


def enrolments_visible(actor: Any) -> QuerySet[TipoEnrolment]:
    policy.require(actor, VIEW)
    return policy.scoped(TipoEnrolment.objects.select_related("person", "kato"), actor, field="kato__code")


def youth_visible(actor: Any) -> QuerySet[YouthParticipation]:
    policy.require(actor, VIEW)
    return policy.scoped(
        YouthParticipation.objects.select_related("person", "kato"), actor, field="kato__code"
    )


def contests_visible(actor: Any) -> QuerySet[Contest]:
    policy.require(actor, VIEW)
    return policy.scoped(Contest.objects.select_related("kato"), actor, field="kato__code").annotate(
        entries_count=Count("nominations__entries", distinct=True),
        winners_count=Count(
            "nominations__entries", filter=Q(nominations__entries__winner=True), distinct=True
        ),
    )


def entries_of_contest(actor: Any, contest: Contest) -> QuerySet[ContestEntry]:
    return _seen(
        ContestEntry.objects.filter(nomination__contest=contest), actor, "nomination__contest__kato__code"
    )


def status_cases_visible(actor: Any) -> QuerySet[StatusCase]:
    policy.require(actor, VIEW)
    return policy.scoped(
        StatusCase.objects.select_related("person", "kato"), actor, field="kato__code"
    ).annotate(measures=Count("involvements"))


# The named queries of the figures.


def tipo_plans_of(*, actor: Any, year: int, prefix: str) -> QuerySet[TipoPlan]:
    return _seen(TipoPlan.objects.filter(year=year, kato__code__startswith=prefix), actor, "kato__code")


def tipo_enrolled_of(*, actor: Any, year: int, prefix: str) -> QuerySet[TipoEnrolment]:
    """Enrolled in the year (sent to study from a date of the year)."""
    start, end = _bounds(year)
    found = TipoEnrolment.objects.filter(kato__code__startswith=prefix, started__gte=start, started__lte=end)
    return _seen(found, actor, "kato__code")


def tipo_studying_of(*, actor: Any, year: int, prefix: str) -> QuerySet[TipoEnrolment]:
    """Continuing to study at the end of the year: enrolled by then, neither expelled nor finished by then."""
    _start, end = _bounds(year)
    left = TipoEvent.objects.filter(
        enrolment=OuterRef("pk"), status__in=(TipoStatus.EXPELLED, TipoStatus.FINISHED), date__lte=end
    )
    found = TipoEnrolment.objects.filter(kato__code__startswith=prefix, started__lte=end).exclude(
        Exists(left)
    )
    return _seen(found, actor, "kato__code")


def tipo_steps_of(*, actor: Any, year: int, prefix: str, status: str) -> QuerySet[TipoEvent]:
    """The steps of one kind (expelled, finished, employed) dated in the year."""
    start, end = _bounds(year)
    found = TipoEvent.objects.filter(
        enrolment__kato__code__startswith=prefix, status=status, date__gte=start, date__lte=end
    )
    return _seen(found, actor, "enrolment__kato__code")


def youth_of(*, actor: Any, year: int, prefix: str, project: str = "") -> QuerySet[YouthParticipation]:
    """The participants of the youth projects some time in the year."""
    start, end = _bounds(year)
    found = YouthParticipation.objects.filter(kato__code__startswith=prefix, started__lte=end).filter(
        Q(ended__isnull=True) | Q(ended__gte=start)
    )
    found = found.filter(project=project) if project else found
    return _seen(found, actor, "kato__code")


def youth_employed_of(*, actor: Any, year: int, prefix: str) -> QuerySet[YouthParticipation]:
    """Ended in the year employed or with a business of their own."""
    start, end = _bounds(year)
    found = YouthParticipation.objects.filter(
        kato__code__startswith=prefix,
        ended__gte=start,
        ended__lte=end,
        outcome__in=(YouthOutcome.EMPLOYED, YouthOutcome.BUSINESS),
    )
    return _seen(found, actor, "kato__code")


def entries_of(
    *, actor: Any, year: int, prefix: str, kind: str, winners: bool = False
) -> QuerySet[ContestEntry]:
    """The participants (applications) of a contest of the year held by the territory; or its winners."""
    found = ContestEntry.objects.filter(
        nomination__contest__kind=kind,
        nomination__contest__year=year,
        nomination__contest__kato__code__startswith=prefix,
    )
    found = found.filter(winner=True) if winners else found
    return _seen(found, actor, "nomination__contest__kato__code")


def without_status_on(*, actor: Any, day: dt.date, prefix: str) -> QuerySet[StatusCase]:
    """Persons listed without a social status by the day whose status was not found by then."""
    found = StatusCase.objects.filter(kato__code__startswith=prefix, listed_on__lte=day).filter(
        Q(confirmed_on__isnull=True) | Q(confirmed_on__gt=day)
    )
    return _seen(found, actor, "kato__code")


def confirmed_of(*, actor: Any, prefix: str, since: dt.date | None, until: dt.date) -> QuerySet[StatusCase]:
    found = StatusCase.objects.filter(kato__code__startswith=prefix, confirmed_on__lte=until)
    found = found.filter(confirmed_on__gte=since) if since else found
    return _seen(found, actor, "kato__code")


def listed_by(*, actor: Any, prefix: str, until: dt.date) -> QuerySet[StatusCase]:
    return _seen(
        StatusCase.objects.filter(kato__code__startswith=prefix, listed_on__lte=until), actor, "kato__code"
    )


def involvements_of(*, actor: Any, year: int, prefix: str, measure: str = "") -> QuerySet[Involvement]:
    start, end = _bounds(year)
    found = Involvement.objects.filter(case__kato__code__startswith=prefix, date__gte=start, date__lte=end)
    found = found.filter(measure=measure) if measure else found
    return _seen(found, actor, "case__kato__code")


def percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Year:
    """The programme's people of a territory in a year."""

    plan: int
    allocated: int
    spent: int
    enrolled: int
    vacant_place: int
    studying: int
    expelled: int
    finished: int
    employed: int
    youth: dict[str, int]
    youth_employed: int
    entries: dict[str, int]
    winners: dict[str, int]
    without_start: int
    without_end: int
    confirmed: int
    confirmed_total: int
    listed_total: int
    involved: dict[str, int]
    microfinance: Microfinance

    @property
    def spent_percent(self) -> Decimal | None:
        return percent(self.spent, self.allocated)

    @property
    def confirmed_percent(self) -> Decimal | None:
        return percent(self.confirmed_total, self.listed_total)


def programme_year(*, actor: Any, year: int, prefix: str) -> Year:
    """The figures of a year in one query, whatever the number of records: the aggregates of the
    named queries above over each table, side by side (``komek.common.together``)."""
    where = {"actor": actor, "year": year, "prefix": prefix}
    start, end = _bounds(year)
    left = TipoEvent.objects.filter(
        enrolment=OuterRef("pk"), status__in=(TipoStatus.EXPELLED, TipoStatus.FINISHED), date__lte=end
    )
    this_year = Q(started__gte=start, started__lte=end)
    in_year = Q(started__lte=end) & (Q(ended__isnull=True) | Q(ended__gte=start))
    ended_working = Q(
        ended__gte=start, ended__lte=end, outcome__in=(YouthOutcome.EMPLOYED, YouthOutcome.BUSINESS)
    )
    before = start - dt.timedelta(days=1)
    stepped = (TipoStatus.EXPELLED, TipoStatus.FINISHED, TipoStatus.EMPLOYED)
    got = together.read(
        plans=together.totals(tipo_plans_of(**where), p=Sum("persons"), a=Sum("allocated"), s=Sum("spent")),
        enrolments=together.totals(
            _seen(TipoEnrolment.objects.filter(kato__code__startswith=prefix), actor, "kato__code"),
            enrolled=Count("id", filter=this_year),
            vacant=Count("id", filter=this_year & Q(vacant_place=True)),
            studying=Count("id", filter=Q(Q(started__lte=end), ~Exists(left))),
        ),
        steps=together.totals(
            _seen(
                TipoEvent.objects.filter(
                    enrolment__kato__code__startswith=prefix, date__gte=start, date__lte=end
                ),
                actor,
                "enrolment__kato__code",
            ),
            **{f"s{i}": Count("id", filter=Q(status=status)) for i, status in enumerate(stepped)},
        ),
        youth=together.totals(
            _seen(YouthParticipation.objects.filter(kato__code__startswith=prefix), actor, "kato__code"),
            employed=Count("id", filter=ended_working),
            **{
                f"p{i}": Count("id", filter=in_year & Q(project=p)) for i, p in enumerate(YouthProject.values)
            },
        ),
        contests=together.totals(
            _seen(
                ContestEntry.objects.filter(
                    nomination__contest__year=year, nomination__contest__kato__code__startswith=prefix
                ),
                actor,
                "nomination__contest__kato__code",
            ),
            **{
                f"e{i}": Count("id", filter=Q(nomination__contest__kind=k))
                for i, k in enumerate(ContestKind.values)
            },
            **{
                f"w{i}": Count("id", filter=Q(nomination__contest__kind=k, winner=True))
                for i, k in enumerate(ContestKind.values)
            },
        ),
        cases=together.totals(
            _seen(StatusCase.objects.filter(kato__code__startswith=prefix), actor, "kato__code"),
            start=Count(
                "id",
                filter=Q(listed_on__lte=before) & (Q(confirmed_on__isnull=True) | Q(confirmed_on__gt=before)),
            ),
            end=Count(
                "id", filter=Q(listed_on__lte=end) & (Q(confirmed_on__isnull=True) | Q(confirmed_on__gt=end))
            ),
            confirmed=Count("id", filter=Q(confirmed_on__gte=start, confirmed_on__lte=end)),
            confirmed_total=Count("id", filter=Q(confirmed_on__lte=end)),
            listed=Count("id", filter=Q(listed_on__lte=end)),
        ),
        involved=together.totals(
            involvements_of(**where),
            **{f"m{i}": Count("id", filter=Q(measure=m)) for i, m in enumerate(Measure.values)},
        ),
        **microfinance_parts(actor=actor, start=start, end=end, prefix=prefix),
    )
    plans, enrolments, steps, youth = got["plans"], got["enrolments"], got["steps"], got["youth"]
    contests, cases, involved = got["contests"], got["cases"], got["involved"]
    return Year(
        plan=int(plans["p"] or 0),
        allocated=int(plans["a"] or 0),
        spent=int(plans["s"] or 0),
        enrolled=enrolments["enrolled"],
        vacant_place=enrolments["vacant"],
        studying=enrolments["studying"],
        expelled=steps["s0"],
        finished=steps["s1"],
        employed=steps["s2"],
        youth={p: youth[f"p{i}"] for i, p in enumerate(YouthProject.values)},
        youth_employed=youth["employed"],
        entries={k: contests[f"e{i}"] for i, k in enumerate(ContestKind.values)},
        winners={k: contests[f"w{i}"] for i, k in enumerate(ContestKind.values)},
        without_start=cases["start"],
        without_end=cases["end"],
        confirmed=cases["confirmed"],
        confirmed_total=cases["confirmed_total"],
        listed_total=cases["listed"],
        involved={m: involved[f"m{i}"] for i, m in enumerate(Measure.values)},
        microfinance=microfinance_from(got),
    )
