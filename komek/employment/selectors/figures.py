"""Plan versus actual: every figure of the annual report computed from the records, set-based.

Each actual is one aggregate query over the year and the user's territory:
- applied: registrations of jobseekers in the year;
- employed: registrations ended in the year because the person was employed (a hire on a referral);
- each measure: participations that started in the year;
- captured by measures of employment: distinct persons employed or starting a measure in the year;
- training results: courses finished in the year and, of those, the persons employed after them.
Target groups are counted from the flags stored on the registration and the participation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import Count, Q, QuerySet, Sum

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.common import audit
from komek.common.choices import AuditAction
from komek.common.money import round_share
from komek.employment.choices import (
    TARGET_FIELDS,
    DeregistrationGround,
    MeasureKind,
    MeasureOutcome,
    TargetGroup,
)
from komek.employment.models import AnnualPlan, JobFair, Jobseeker, Participation
from komek.employment.workbook import figures_xlsx

if TYPE_CHECKING:
    from komek.accounts.policy import Actor
from komek.employment.choices import Indicator


def percent(part: int, whole: int) -> Decimal | None:
    """``part`` as a percentage of ``whole`` to one decimal; None when ``whole`` is 0."""
    return round_share(part, whole)


@dataclass
class Row:
    indicator: str
    label: str
    planned: int | None
    actual: int
    by_group: dict[str, int] = field(default_factory=dict)

    @property
    def percent_of_plan(self) -> Decimal | None:
        return percent(self.actual, self.planned or 0) if self.planned else None


@dataclass
class Figures:
    year: int
    rows: list[Row]
    applied: int
    employed: int
    training_finished: int
    training_employed: int
    training_to_public_works: int
    job_fairs: int
    fair_visitors: int
    money: dict[str, int]
    groups: list[tuple[str, str]]

    def row(self, indicator: str) -> Row:
        return next(r for r in self.rows if r.indicator == indicator)

    @property
    def employed_percent(self) -> Decimal | None:
        return percent(self.employed, self.applied)

    @property
    def training_employed_percent(self) -> Decimal | None:
        return percent(self.training_employed, self.training_finished)


def _territory(user: Actor, prefix: str = "") -> Q:
    """The user's territory, narrowed to ``prefix`` (the annual report of one district)."""
    narrowed = Q(kato__code__startswith=prefix) if prefix else Q()
    return policy.territory_q(user, "kato__code") & narrowed


def _flag_counts(column: str = "id") -> dict[str, Count]:
    return {
        g: Count(column, filter=Q(**{TARGET_FIELDS[g]: True}), distinct=column != "id")
        for g in TargetGroup.values
    }


def _captured(user: Actor, start: dt.date, end: dt.date, prefix: str = "") -> tuple[int, dict[str, int]]:
    """Distinct persons employed or starting a measure in the year, in total and per target group."""
    part = Participation.objects.filter(_territory(user, prefix), date_from__range=(start, end))
    hired = Jobseeker.objects.filter(
        _territory(user, prefix),
        deregistration_ground=DeregistrationGround.EMPLOYED,
        deregistered_on__range=(start, end),
    )
    flags = list(TARGET_FIELDS.values())
    p_sql, p_params = part.values("person_id", *flags).query.sql_with_params()
    h_sql, h_params = hired.values("person_id", *flags).query.sql_with_params()
    counts = ", ".join(f"COUNT(DISTINCT CASE WHEN u.{f} THEN u.person_id END)" for f in flags)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(DISTINCT u.person_id), {counts} FROM ({p_sql} UNION ALL {h_sql}) u",  # noqa: S608
            [*p_params, *h_params],
        )
        total, *by_group = cursor.fetchone()
    return int(total), {g: int(n) for g, n in zip(TargetGroup.values, by_group, strict=True)}


def _plans(user: Actor, year: int, prefix: str = "") -> dict[tuple[str, str], int]:
    rows = AnnualPlan.objects.filter(_territory(user, prefix), year=year).values("indicator", "target_group")
    return {(r["indicator"], r["target_group"]): r["total"] for r in rows.annotate(total=Sum("planned"))}


def employment_figures(*, user: Actor, year: int, prefix: str = "") -> Figures:
    """The plan-versus-actual figures of a year for the user's territory (under ``prefix``, when given)."""
    policy.require(user, Capability.EMPLOYMENT_VIEW)
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    plans = _plans(user, year, prefix)
    registrations: QuerySet[Jobseeker] = Jobseeker.objects.filter(_territory(user, prefix))
    applied = registrations.filter(registered_on__range=(start, end)).aggregate(
        n=Count("id"), **_flag_counts()
    )
    employed = registrations.filter(
        deregistration_ground=DeregistrationGround.EMPLOYED, deregistered_on__range=(start, end)
    ).aggregate(n=Count("id"), **_flag_counts())
    participations = Participation.objects.filter(_territory(user, prefix))
    by_kind = {
        r["kind"]: r
        for r in participations.filter(date_from__range=(start, end))
        .values("kind")
        .annotate(n=Count("id"), paid=Sum("paid_total"), amount=Sum("amount"), **_flag_counts())
    }
    training = participations.filter(
        kind=MeasureKind.TRAINING, outcome=MeasureOutcome.COMPLETED, completed_on__range=(start, end)
    ).aggregate(
        finished=Count("id"),
        employed=Count("id", filter=Q(employed_after=True)),
    )
    to_public_works = (
        participations.filter(kind=MeasureKind.PUBLIC_WORKS, date_from__range=(start, end))
        .filter(
            person_id__in=participations.filter(
                kind=MeasureKind.TRAINING, outcome=MeasureOutcome.COMPLETED, completed_on__range=(start, end)
            ).values("person_id")
        )
        .values("person_id")
        .distinct()
        .count()
    )
    captured, captured_groups = _captured(user, start, end, prefix)
    fairs = JobFair.objects.filter(_territory(user, prefix), held_on__range=(start, end)).aggregate(
        n=Count("id"), visitors=Sum("visitors")
    )

    def groups(source: Any) -> dict[str, int]:
        return {g: int(source.get(g) or 0) for g in TargetGroup.values}

    def planned(indicator: str) -> int | None:
        return plans.get((indicator, ""))

    rows = [
        Row(
            Indicator.CAPTURED,
            str(Indicator.CAPTURED.label),
            planned(Indicator.CAPTURED),
            captured,
            captured_groups,
        ),
        Row(
            Indicator.APPLIED,
            str(Indicator.APPLIED.label),
            planned(Indicator.APPLIED),
            applied["n"],
            groups(applied),
        ),
        Row(
            Indicator.EMPLOYED,
            str(Indicator.EMPLOYED.label),
            planned(Indicator.EMPLOYED),
            employed["n"],
            groups(employed),
        ),
    ]
    for kind in MeasureKind.values:
        data: dict[str, Any] = dict(by_kind.get(kind, {}))
        rows.append(
            Row(kind, str(Indicator(kind).label), planned(kind), int(data.get("n") or 0), groups(data))
        )
    money = {k: int((v.get("paid") or 0) + (v.get("amount") or 0)) for k, v in by_kind.items()}
    return Figures(
        year=year,
        rows=rows,
        applied=applied["n"],
        employed=employed["n"],
        training_finished=training["finished"],
        training_employed=training["employed"],
        training_to_public_works=to_public_works,
        job_fairs=fairs["n"],
        fair_visitors=int(fairs["visitors"] or 0),
        money=money,
        groups=[(g, str(TargetGroup(g).label)) for g in TargetGroup.values],
    )


def group_plans(*, user: Actor, year: int, prefix: str = "") -> dict[tuple[str, str], int]:
    """Plans by indicator and target group (for the target-group table)."""
    return {k: v for k, v in _plans(user, year, prefix).items() if k[1]}


def employment_figures_xlsx(*, user: Actor, year: int) -> bytes:
    """The figures of a year as an XLSX file; the file taken away is audited as an export."""
    figures = employment_figures(user=user, year=year)
    audit.read(
        actor=user,
        action=AuditAction.EXPORT,
        object_type="employment.figures",
        object_id=year,
        territory=audit.user_territory(user),
    )
    return figures_xlsx(figures)
