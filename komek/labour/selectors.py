"""Reads of the labour context: the enterprises of the actor's territory, one enterprise with its
records, and the records of a year behind the figures (each a queryset narrowed by capability and
territory through the access policy; the figures are a few aggregate queries whatever the number of
records)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, F, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.common.errors import NotFound
from komek.employment.choices import AgreementKind
from komek.employment.models import Agreement
from komek.labour.models import (
    Accident,
    CollectiveAgreement,
    Enterprise,
    Fine,
    Inspection,
    JobsMemorandum,
    Repayment,
    Survey,
    SurveyYear,
    Violation,
    WageArrear,
)

ENTERPRISE_KATO = "enterprise__kato__code"


def enterprises_visible(actor: Any) -> QuerySet[Enterprise]:
    return policy.visible(Enterprise.objects.all(), actor, Capability.LABOUR_VIEW, field="kato__code")


def enterprise_get(*, actor: Any, enterprise_id: int) -> Enterprise:
    found = enterprises_visible(actor).select_related("kato", "employer").filter(pk=enterprise_id).first()
    if found is None:
        raise NotFound("No such enterprise in your territory.")
    return found


def enterprise_list(*, actor: Any) -> QuerySet[Enterprise]:
    return enterprises_visible(actor).select_related("kato")


def in_territory(queryset: QuerySet[Any], actor: Any, prefix: str, field: str = ENTERPRISE_KATO) -> Any:
    found = policy.visible(queryset, actor, Capability.LABOUR_VIEW, field=field)
    return found.filter(**{f"{field}__startswith": prefix}) if prefix else found


def _year(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def enterprises_in(*, actor: Any, prefix: str) -> QuerySet[Enterprise]:
    return in_territory(Enterprise.objects.all(), actor, prefix, "kato__code")


def surveys_in(*, actor: Any, year: int, prefix: str) -> QuerySet[Survey]:
    return in_territory(Survey.objects.all(), actor, prefix).filter(month__range=_year(year))


def last_surveys_in(*, actor: Any, year: int, prefix: str) -> QuerySet[Survey]:
    """Each surveyed enterprise's last survey of the year: the states at the end of the year (staff,
    unpaid leave, part-time, downtime, the forecast) are read from it, never added over months."""
    start, end = _year(year)
    later = Survey.objects.filter(
        enterprise_id=OuterRef("enterprise_id"), month__gt=OuterRef("month"), month__lte=end
    )
    return surveys_in(actor=actor, year=year, prefix=prefix).filter(~Exists(later))


def rollups_in(*, actor: Any, year: int, prefix: str) -> QuerySet[SurveyYear]:
    """The enterprises' years of surveys rolled up (the figures read these, not the surveys)."""
    return in_territory(SurveyYear.objects.all(), actor, prefix, "kato__code").filter(year=year)


def arrears_owed(*, actor: Any, year: int, prefix: str) -> QuerySet[WageArrear]:
    """The arrears recorded by the year's end with what was repaid before it and by its end: one
    query gives the arrears of the year (owed when it began or recorded in it) and the balance."""
    start, end = _year(year)

    def repaid(**dates: Any) -> Coalesce:
        found = Repayment.objects.filter(arrear_id=OuterRef("pk"), **dates)
        return Coalesce(Subquery(found.values("arrear_id").annotate(s=Sum("amount")).values("s")), Value(0))

    found = in_territory(WageArrear.objects.all(), actor, prefix).filter(recorded_on__lte=end)
    return found.annotate(repaid_before=repaid(date__lt=start), repaid_by_end=repaid(date__lte=end))


def memoranda_in(*, actor: Any, year: int, prefix: str) -> QuerySet[JobsMemorandum]:
    return in_territory(JobsMemorandum.objects.all(), actor, prefix).filter(signed__range=_year(year))


def road_maps_in(*, actor: Any, year: int, prefix: str) -> QuerySet[Agreement]:
    """The employment centre's road maps with the territory's enterprises in force at the year's end."""
    start, end = _year(year)
    employers = (
        enterprises_in(actor=actor, prefix=prefix).filter(employer__isnull=False).values("employer_id")
    )
    return Agreement.objects.filter(
        kind=AgreementKind.ROAD_MAP, employer_id__in=employers, valid_from__lte=end
    ).exclude(valid_to__lt=end)


def inspections_in(*, actor: Any, year: int, prefix: str) -> QuerySet[Inspection]:
    return in_territory(Inspection.objects.all(), actor, prefix).filter(date__range=_year(year))


def violations_in(*, actor: Any, year: int, prefix: str) -> QuerySet[Violation]:
    found = in_territory(Violation.objects.all(), actor, prefix, "inspection__" + ENTERPRISE_KATO)
    return found.filter(inspection__date__range=_year(year))


def fines_in(*, actor: Any, year: int, prefix: str) -> QuerySet[Fine]:
    found = in_territory(Fine.objects.all(), actor, prefix, "violation__inspection__" + ENTERPRISE_KATO)
    return found.filter(violation__inspection__date__range=_year(year))


def arrears_in(*, actor: Any, year: int, prefix: str) -> QuerySet[WageArrear]:
    """The wage arrears owed in the year: recorded in it, or recorded before and not repaid in full
    before it began."""
    start, end = _year(year)
    before = (
        Repayment.objects.filter(arrear_id=OuterRef("pk"), date__lt=start)
        .values("arrear_id")
        .annotate(s=Sum("amount"))
        .values("s")
    )
    found = in_territory(WageArrear.objects.all(), actor, prefix).filter(recorded_on__lte=end)
    found = found.annotate(repaid_before=Coalesce(Subquery(before), Value(0)))
    return found.filter(amount__gt=F("repaid_before"))


def repayments_in(*, actor: Any, year: int, prefix: str) -> QuerySet[Repayment]:
    return in_territory(Repayment.objects.all(), actor, prefix, "arrear__" + ENTERPRISE_KATO).filter(
        date__range=_year(year)
    )


def outstanding_on(*, actor: Any, day: dt.date, prefix: str) -> int:
    """The wage arrears outstanding on a date: what was recorded by then less what was repaid by then."""
    owed = in_territory(WageArrear.objects.all(), actor, prefix).filter(recorded_on__lte=day)
    repaid = in_territory(Repayment.objects.all(), actor, prefix, "arrear__" + ENTERPRISE_KATO)
    total = owed.aggregate(s=Sum("amount"))["s"] or 0
    return int(total - (repaid.filter(date__lte=day).aggregate(s=Sum("amount"))["s"] or 0))


def balance_of(arrear: WageArrear, day: dt.date) -> int:
    """One arrear's balance on a date, from its repayments."""
    if day < arrear.recorded_on:
        return 0
    repaid = arrear.repayments.filter(date__lte=day).aggregate(s=Sum("amount"))["s"] or 0
    return int(arrear.amount - repaid)


def accidents_in(*, actor: Any, year: int, prefix: str) -> QuerySet[Accident]:
    found = in_territory(Accident.objects.all(), actor, prefix).filter(date__range=_year(year))
    return found.annotate(victims_n=F("light") + F("severe") + F("fatal"))


def agreements_in(*, actor: Any, year: int, prefix: str) -> QuerySet[CollectiveAgreement]:
    return in_territory(CollectiveAgreement.objects.all(), actor, prefix).filter(
        registered_on__range=_year(year)
    )


def arrears_of(enterprise: Enterprise) -> list[WageArrear]:
    """An enterprise's arrears with what was repaid and what is outstanding (one query)."""
    found = enterprise.arrears.annotate(repaid=Coalesce(Sum("repayments__amount"), Value(0))).order_by(
        "-recorded_on", "-id"
    )
    arrears: list[WageArrear] = list(found)
    for a in arrears:
        a.outstanding = a.amount - a.repaid  # type: ignore[attr-defined]
    return arrears


def road_maps_of(enterprise: Enterprise) -> QuerySet[Agreement]:
    if enterprise.employer_id is None:
        return Agreement.objects.none()
    return Agreement.objects.filter(employer_id=enterprise.employer_id, kind=AgreementKind.ROAD_MAP)
