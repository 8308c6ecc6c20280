"""Reads of the labour context: the enterprises of the actor's territory, one enterprise with its
records, and the records of a year behind the figures (each a queryset narrowed by capability and
territory through the access policy; the figures are a few aggregate queries whatever the number of
records)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.db.models.lookups import StartsWith

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.common.errors import NotFound
from komek.employment.choices import AgreementKind
from komek.employment.models import Agreement
from komek.labour.articles import wage_articles
from komek.labour.choices import ROAD_MAP_STAFF
from komek.labour.models import (
    Accident,
    CollectiveAgreement,
    Enterprise,
    EspPayments,
    Fine,
    Inspection,
    JobsMemorandum,
    LabourForceStatistics,
    Repayment,
    Survey,
    SurveyYear,
    Violation,
    WageArrear,
    percent_of,
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


def arrears_left_in(*, actor: Any, year: int, prefix: str, bankrupt: bool) -> QuerySet[WageArrear]:
    """The arrears still owed at the year's end (recorded by then and not repaid in full by then) of
    the bankrupt enterprises, or of the others: "Задолженность по заработной плате составляет 71,9
    млн. тенге перед 57 работниками в 7 предприятиях-банкротах. Текущая и просроченная задолженность
    отсутствует"."""
    owed = arrears_owed(actor=actor, year=year, prefix=prefix)
    return owed.filter(bankrupt=bankrupt, amount__gt=F("repaid_by_end"))


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


def road_maps_share(*, actor: Any, year: int, prefix: str) -> Decimal | None:
    """The enterprises of over 250 staff (as last surveyed) with a road map in force at the year's
    end, as a percentage of all of them: "заключено 206 Дорожных карт (90%)"."""
    large = enterprises_in(actor=actor, prefix=prefix).filter(staff__gt=ROAD_MAP_STAFF)
    mapped = road_maps_in(actor=actor, year=year, prefix=prefix).values("employer_id")
    got = large.aggregate(n=Count("id"), mapped=Count("id", filter=Q(employer_id__in=mapped)))
    return percent_of(got["mapped"], got["n"])


def inspections_in(*, actor: Any, year: int, prefix: str) -> QuerySet[Inspection]:
    return in_territory(Inspection.objects.all(), actor, prefix).filter(date__range=_year(year))


def violations_in(*, actor: Any, year: int, prefix: str) -> QuerySet[Violation]:
    found = in_territory(Violation.objects.all(), actor, prefix, "inspection__" + ENTERPRISE_KATO)
    return found.filter(inspection__date__range=_year(year))


def fines_in(*, actor: Any, year: int, prefix: str) -> QuerySet[Fine]:
    found = in_territory(Fine.objects.all(), actor, prefix, "violation__inspection__" + ENTERPRISE_KATO)
    return found.filter(violation__inspection__date__range=_year(year))


def wage_fines_in(*, actor: Any, year: int, prefix: str) -> QuerySet[Fine]:
    """The fines of the year under an article of the Code about wages (the legislation's
    ``wage_fine_articles``): "в т.ч. за несвоевременную выплату заработной платы – 98 юридических
    лица на сумму 23,5 млн. тенге"."""
    articles = wage_articles(year=year, region=prefix)
    return fines_in(actor=actor, year=year, prefix=prefix).filter(article_number__in=articles)


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


def arrears_repaid_in(*, actor: Any, year: int, prefix: str) -> QuerySet[WageArrear]:
    """The wage arrears with a repayment in the year: "Погашена задолженность ... в 137 предприятиях
    ..., тем самым защищены трудовые права 1 959 работников" (their workers)."""
    paid = Repayment.objects.filter(arrear_id=OuterRef("pk"), date__range=_year(year))
    return in_territory(WageArrear.objects.all(), actor, prefix).filter(Exists(paid))


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


# The figures other state bodies publish (ADR 0050): the labour force of a quarter, the single
# aggregate payment of a month or a year. A territory's figure is its own record or, without one,
# the records of its parts: a record is left out when a record of a wider territory within the
# reported one covers the same period, so a city and its districts are never added together.


def _topmost(found: QuerySet[Any], model: type[Any], prefix: str, *same: str) -> QuerySet[Any]:
    """``found`` without the records a record of a wider territory (within ``prefix``) covers."""
    wider = (
        model.objects.filter(kato__code__startswith=prefix, **{f: OuterRef(f) for f in same})
        .exclude(kato_id=OuterRef("kato_id"))
        .filter(StartsWith(OuterRef("kato__prefix"), F("kato__prefix")))
    )
    return found.filter(~Exists(wider))


def labour_force_visible(actor: Any) -> QuerySet[LabourForceStatistics]:
    """The published labour-force statistics of the actor's territory, newest first."""
    found = policy.visible(
        LabourForceStatistics.objects.all(), actor, Capability.LABOUR_VIEW, field="kato__code"
    )
    return found.select_related("kato").order_by("-year", "-quarter", "kato_id")


def labour_force_quarter(*, actor: Any, year: int, prefix: str) -> int | None:
    """The last quarter of the year with published statistics of the territory (the report of a
    year, written at its end, quotes the last one published: "за 3 квартал 2020 года")."""
    found = in_territory(LabourForceStatistics.objects.filter(year=year), actor, prefix, "kato__code")
    return found.aggregate(q=Max("quarter"))["q"]


def labour_force_in(*, actor: Any, year: int, quarter: int, prefix: str) -> QuerySet[LabourForceStatistics]:
    """The records that make the territory's labour force of a quarter (its own, or its parts')."""
    found = in_territory(LabourForceStatistics.objects.all(), actor, prefix, "kato__code")
    found = found.filter(year=year, quarter=quarter)
    return _topmost(found, LabourForceStatistics, prefix, "year", "quarter")


@dataclass(frozen=True)
class LabourForce:
    """A territory's labour force of a quarter as published, the rate and the share computed."""

    year: int
    quarter: int
    labour_force: int
    employed: int
    self_employed: int | None
    unemployed: int

    @property
    def unemployment_rate(self) -> Decimal | None:
        """Unemployed as a percentage of the labour force ("уровень безработицы – 5,3%")."""
        return percent_of(self.unemployed, self.labour_force)

    @property
    def self_employed_share(self) -> Decimal | None:
        """Self-employed as a percentage of the employed ("их доля ... составила 8,6%")."""
        return percent_of(self.self_employed, self.employed)


def labour_force_of(*, actor: Any, year: int, quarter: int, prefix: str) -> LabourForce | None:
    """The territory's labour force of a quarter (none when nothing is published for it)."""
    got = labour_force_in(actor=actor, year=year, quarter=quarter, prefix=prefix).aggregate(
        n=Count("id"),
        force=Sum("labour_force"),
        employed=Sum("employed"),
        unemployed=Sum("unemployed"),
        own=Sum("self_employed"),
        own_missing=Count("id", filter=Q(self_employed__isnull=True)),
    )
    if not got["n"]:
        return None
    return LabourForce(
        year=year,
        quarter=quarter,
        labour_force=int(got["force"]),
        employed=int(got["employed"]),
        self_employed=None if got["own_missing"] else int(got["own"] or 0),
        unemployed=int(got["unemployed"]),
    )


def change(now: int | None, before: int | None) -> int | None:
    """The change against the year before (none unless both are published)."""
    return None if now is None or before is None else now - before


def esp_visible(actor: Any) -> QuerySet[EspPayments]:
    """The single aggregate payment's records of the actor's territory, newest first."""
    found = policy.visible(EspPayments.objects.all(), actor, Capability.LABOUR_VIEW, field="kato__code")
    return found.select_related("kato").order_by("-year", "-month", "kato_id")


def esp_year_in(*, actor: Any, year: int, prefix: str) -> QuerySet[EspPayments]:
    """The records of the whole year that make the territory's figures (its own, or its parts'):
    payers of months are not added into a year's, so the year's figures read the year's records."""
    found = in_territory(EspPayments.objects.all(), actor, prefix, "kato__code").filter(year=year, month=0)
    return _topmost(found, EspPayments, prefix, "year", "month")
