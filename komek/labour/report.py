"""The annual report's two sections of the labour context, each figure traced to its records.

``labour_market`` (the monitoring of the labour market at enterprises): "За 2020 г. проведен опрос
668 предприятий с численностью работников 183,3 тыс. чел. ... принятых работников составило 30,3 тыс.
чел., уволенных работников (по собственному желанию) – 31,6 тыс. чел., высвобождены ... – 1 130 чел.
в 122 предприятиях. В вынужденных отпусках без сохранения заработной платы находятся 3 465 чел. ...
неполного рабочего времени 2 816 чел., ... простоя ... – 2 420 чел. ... В ближайший месяц в 13
предприятиях прогнозируется высвобождение 114 чел. ... заключено 206 Дорожных карт ... подписаны
38 412 меморандумов с сохранением рабочих мест для 406 197 работников".

``labour_relations``: "проведено 295 внеплановых проверок ... Выявлено 285 нарушений ..., выдано 180
предписаний ... Привлечено к административной ответственности 123 юридических лица на сумму 27 млн.
тенге ... Задолженность по заработной плате составляет 71,9 млн. тенге перед 57 работниками в 7
предприятиях-банкротах ... Погашена задолженность ... на 330,3 млн. тенге ... Зарегистрировано 106
несчастных случаев (110 - пострадавших) ... легкой степени – 55 чел., ... тяжелой степени – 46 чел.,
со смертельным исходом – 9 чел. ... регистрация 27 038 коллективных договоров" (the report of the
Almaty Social Welfare Department for 2020); "wage arrears ... at 3 town enterprises in the total
amount of 25.6 million tenge ... reduced by 5.0 million tenge" (the Balkhash department's report
for 2018).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db.models import BigIntegerField, Count, F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from komek.common.annual import Column, Figure, Records, Section, Shown
from komek.employment.selectors.directions import unemployed_on
from komek.labour.choices import FineStatus, InspectionKind
from komek.labour.models import Enterprise, Violation, percent_of
from komek.labour.selectors import (
    accidents_in,
    agreements_in,
    arrears_in,
    arrears_left_in,
    arrears_owed,
    arrears_repaid_in,
    change,
    enterprises_in,
    esp_year_in,
    fines_in,
    inspections_in,
    labour_force_in,
    labour_force_of,
    labour_force_quarter,
    last_surveys_in,
    memoranda_in,
    repayments_in,
    road_maps_in,
    road_maps_share,
    rollups_in,
    surveys_in,
    violations_in,
    wage_fines_in,
)

FLOWS = ("hired", "quit", "released")
STATES = ("staff", "unpaid_leave", "part_time", "downtime", "stoppage", "forecast")


def _sums(found: QuerySet[Any], fields: tuple[str, ...], **extra: Any) -> dict[str, int]:
    """The sums of ``fields`` (named as the fields) and the ``extra`` aggregates, in one query."""
    got = found.aggregate(**{f"sum_{f}": Sum(f) for f in fields}, **extra)
    return {k.removeprefix("sum_"): int(v or 0) for k, v in got.items()}


def _monitoring_figures(*, actor: Any, year: int, prefix: str) -> list[Figure]:
    rolled = _sums(
        rollups_in(actor=actor, year=year, prefix=prefix),
        (*FLOWS, *STATES),
        surveyed=Count("id"),
        releasing=Count("id", filter=Q(released__gt=0)),
        forecasting=Count("id", filter=Q(forecast__gt=0)),
    )
    memos = _sums(memoranda_in(actor=actor, year=year, prefix=prefix), ("workers",), n=Count("id"))
    return [
        Figure(
            "labour_market.surveyed", _("Enterprises surveyed in the year"), rolled["surveyed"], "enterprises"
        ),
        Figure(
            "labour_market.staff", _("Their staff (the last survey of the year)"), rolled["staff"], "persons"
        ),
        Figure("labour_market.hired", _("Workers hired"), rolled["hired"], "persons"),
        Figure("labour_market.quit", _("Workers dismissed by their own wish"), rolled["quit"], "persons"),
        Figure(
            "labour_market.released",
            _("Workers released by redundancy or liquidation"),
            rolled["released"],
            "persons",
        ),
        Figure(
            "labour_market.released.enterprises",
            _("Enterprises that released workers"),
            rolled["releasing"],
            "enterprises",
        ),
        Figure("labour_market.unpaid_leave", _("On forced unpaid leave"), rolled["unpaid_leave"], "persons"),
        Figure("labour_market.part_time", _("Working part-time"), rolled["part_time"], "persons"),
        Figure("labour_market.downtime", _("Idle through downtime"), rolled["downtime"], "persons"),
        Figure(
            "labour_market.stoppage",
            _("Idle through a partial stoppage of production"),
            rolled["stoppage"],
            "persons",
        ),
        Figure(
            "labour_market.forecast", _("Releases forecast for the next month"), rolled["forecast"], "persons"
        ),
        Figure(
            "labour_market.forecast.enterprises",
            _("Enterprises forecasting releases"),
            rolled["forecasting"],
            "enterprises",
        ),
        Figure("labour_market.memoranda", _("Memoranda on keeping jobs signed"), memos["n"], "memoranda"),
        Figure(
            "labour_market.memoranda.workers",
            _("Workers whose jobs the memoranda keep"),
            memos["workers"],
            "persons",
        ),
        Figure(
            "labour_market.road_maps",
            _("Road maps with enterprises of over 250 staff in force"),
            road_maps_in(actor=actor, year=year, prefix=prefix).count(),
            "agreements",
        ),
        Figure(
            "labour_market.road_maps.share",
            _("Share of the enterprises of over 250 staff with a road map, %"),
            road_maps_share(actor=actor, year=year, prefix=prefix),
            "percent",
        ),
    ]


def _since(label: str, quarter: int, year: int) -> str:
    return label % {"q": quarter, "year": year - 1}


def statistics_figures(*, actor: Any, year: int, prefix: str) -> list[Figure]:
    """The labour force of the year's last quarter published by the statistics body, with the rate,
    the share and the change against the same quarter of the year before computed (none when the
    statistics of the year are not recorded): "По данным статистики численность рабочей силы за 3
    квартал 2020 года составила 1 008,5 тыс. чел., что на 21,5 тыс. чел. больше, чем в 2019 году ..."
    """
    quarter = labour_force_quarter(actor=actor, year=year, prefix=prefix)
    if quarter is None:
        return []
    now = labour_force_of(actor=actor, year=year, quarter=quarter, prefix=prefix)
    if now is None:
        return []
    before = labour_force_of(actor=actor, year=year - 1, quarter=quarter, prefix=prefix)

    def was(field: str) -> int | None:
        return None if before is None else getattr(before, field)

    q = {"q": quarter}
    return [
        Figure(
            "labour_market.labour_force",
            _("Labour force in quarter %(q)d by the statistics") % q,
            now.labour_force,
            "persons",
        ),
        Figure(
            "labour_market.labour_force.change",
            _since(_("Labour force: change against quarter %(q)d of %(year)d"), quarter, year),
            change(now.labour_force, was("labour_force")),
            "persons",
        ),
        Figure("labour_market.employed", _("of them the employed population"), now.employed, "persons"),
        Figure(
            "labour_market.employed.change",
            _since(_("Employed population: change against quarter %(q)d of %(year)d"), quarter, year),
            change(now.employed, was("employed")),
            "persons",
        ),
        Figure(
            "labour_market.self_employed",
            _("Self-employed among the employed population"),
            now.self_employed,
            "persons",
        ),
        Figure(
            "labour_market.self_employed.share",
            _("Share of the self-employed in the employed population, %"),
            now.self_employed_share,
            "percent",
        ),
        Figure(
            "labour_market.self_employed.change",
            _since(_("Self-employed: change against quarter %(q)d of %(year)d"), quarter, year),
            change(now.self_employed, was("self_employed")),
            "persons",
        ),
        Figure("labour_market.unemployed", _("Number of the unemployed"), now.unemployed, "persons"),
        Figure(
            "labour_market.unemployed.change",
            _since(_("Unemployed: change against quarter %(q)d of %(year)d"), quarter, year),
            change(now.unemployed, was("unemployed")),
            "persons",
        ),
        Figure(
            "labour_market.unemployment_rate", _("Unemployment rate, %"), now.unemployment_rate, "percent"
        ),
        Figure(
            "labour_market.registered_unemployment_rate",
            _("Registered unemployment rate, %"),
            percent_of(registered_unemployed(actor=actor, year=year, prefix=prefix), now.labour_force),
            "percent",
        ),
    ]


def registered_unemployed(*, actor: Any, year: int, prefix: str) -> int:
    """The unemployed on the employment centre's register at the year's end: with the published
    labour force they make the registered-unemployment rate ("Уровень зарегистрированной безработицы
    ... – 1,9%": 19 506 of 1 008,5 thousand)."""
    return unemployed_on(actor=actor, day=dt.date(year, 12, 31), prefix=prefix).count()


def esp_figures(*, actor: Any, year: int, prefix: str) -> list[Figure]:
    """The single aggregate payment of the year as the state revenue body reported it (none without
    the year's report): "Всего лица, оплатившие ЕСП – 31 626 чел., которыми произведено 458 970
    платежей"."""
    got = esp_year_in(actor=actor, year=year, prefix=prefix).aggregate(
        n=Count("id"),
        paid_by=Sum("payers"),
        made=Sum("payments"),
        tenge=Sum("amount"),
        unpriced=Count("id", filter=Q(amount__isnull=True)),
    )
    if not got["n"]:
        return []
    return [
        Figure(
            "labour_market.esp.payers",
            _("Persons who paid the single aggregate payment"),
            int(got["paid_by"]),
            "persons",
        ),
        Figure(
            "labour_market.esp.payments",
            _("Payments of the single aggregate payment they made"),
            int(got["made"]),
            "payments",
        ),
        Figure(
            "labour_market.esp.amount",
            _("Single aggregate payment paid, tenge"),
            None if got["unpriced"] else int(got["tenge"] or 0),
            "tenge",
        ),
    ]


def market_figures(*, actor: Any, year: int, prefix: str) -> list[Figure]:
    """The section in the report's order: the statistics of the labour force, the monitoring of the
    enterprises, the single aggregate payment."""
    return [
        *statistics_figures(actor=actor, year=year, prefix=prefix),
        *_monitoring_figures(actor=actor, year=year, prefix=prefix),
        *esp_figures(actor=actor, year=year, prefix=prefix),
    ]


def _arrears(actor: Any, year: int, prefix: str) -> dict[str, int]:
    """The arrears of the year (owed when it began or recorded in it) and the balance at its end."""
    owed = Q(amount__gt=F("repaid_before"))
    left = Q(amount__gt=F("repaid_by_end"))
    balance = F("amount") - F("repaid_by_end")
    bankrupt = left & Q(bankrupt=True)
    return _sums(
        arrears_owed(actor=actor, year=year, prefix=prefix),
        ("amount", "repaid_by_end"),
        owed=Sum("amount", filter=owed),
        owed_workers=Sum("workers", filter=owed),
        enterprises=Count("enterprise_id", distinct=True, filter=owed),
        bankrupt_left=Sum(balance, filter=bankrupt, output_field=BigIntegerField()),
        bankrupt_workers=Sum("workers", filter=bankrupt),
        bankrupt_enterprises=Count("enterprise_id", distinct=True, filter=bankrupt),
        current_left=Sum(balance, filter=left & Q(bankrupt=False), output_field=BigIntegerField()),
    )


def relations_figures(*, actor: Any, year: int, prefix: str) -> list[Figure]:
    found = Subquery(
        Violation.objects.filter(inspection_id=OuterRef("pk"))
        .values("inspection_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    insp = _sums(
        inspections_in(actor=actor, year=year, prefix=prefix).annotate(found=Coalesce(found, Value(0))),
        ("orders", "found"),
        n=Count("id"),
        unplanned=Count("id", filter=Q(kind=InspectionKind.UNPLANNED)),
    )
    fines = _sums(
        fines_in(actor=actor, year=year, prefix=prefix),
        ("amount",),
        n=Count("id"),
        fined=Count("violation__inspection__enterprise_id", distinct=True),
        paid=Sum("amount", filter=~Q(status=FineStatus.IMPOSED)),
    )
    wages = _sums(
        wage_fines_in(actor=actor, year=year, prefix=prefix),
        ("amount",),
        fined=Count("violation__inspection__enterprise_id", distinct=True),
    )
    arrears = _arrears(actor, year, prefix)
    repaid = _sums(
        repayments_in(actor=actor, year=year, prefix=prefix),
        ("amount",),
        enterprises=Count("arrear__enterprise_id", distinct=True),
    )
    protected = _sums(arrears_repaid_in(actor=actor, year=year, prefix=prefix), ("workers",))
    acc = _sums(
        accidents_in(actor=actor, year=year, prefix=prefix), ("light", "severe", "fatal"), n=Count("id")
    )
    agreements = _sums(agreements_in(actor=actor, year=year, prefix=prefix), ("workers",), n=Count("id"))
    return [
        Figure("labour.inspections", _("Labour inspections"), insp["n"], "inspections"),
        Figure("labour.inspections.unplanned", _("Unplanned inspections"), insp["unplanned"], "inspections"),
        Figure(
            "labour.violations", _("Violations of the labour legislation found"), insp["found"], "violations"
        ),
        Figure("labour.orders", _("Orders issued to remedy violations"), insp["orders"], "orders"),
        Figure("labour.fines", _("Administrative fines imposed"), fines["n"], "fines"),
        Figure("labour.fines.enterprises", _("Enterprises fined"), fines["fined"], "enterprises"),
        Figure("labour.fines.amount", _("Fines imposed, tenge"), fines["amount"], "tenge"),
        Figure("labour.fines.paid", _("Fines paid or executed, tenge"), fines["paid"], "tenge"),
        Figure(
            "labour.fines.wages.enterprises",
            _("Enterprises fined for late payment of wages"),
            wages["fined"],
            "enterprises",
        ),
        Figure(
            "labour.fines.wages.amount", _("Fines for late payment of wages, tenge"), wages["amount"], "tenge"
        ),
        Figure(
            "labour.arrears.enterprises",
            _("Enterprises with wage arrears in the year"),
            arrears["enterprises"],
            "enterprises",
        ),
        Figure("labour.arrears.workers", _("Workers owed wages"), arrears["owed_workers"], "persons"),
        Figure("labour.arrears.amount", _("Wage arrears owed in the year, tenge"), arrears["owed"], "tenge"),
        Figure(
            "labour.arrears.repaid", _("Wage arrears repaid in the year, tenge"), repaid["amount"], "tenge"
        ),
        Figure(
            "labour.arrears.repaid.enterprises",
            _("Enterprises that repaid wage arrears in the year"),
            repaid["enterprises"],
            "enterprises",
        ),
        Figure(
            "labour.arrears.repaid.workers",
            _("Workers whose arrears were repaid in the year"),
            protected["workers"],
            "persons",
        ),
        Figure(
            "labour.arrears.outstanding",
            _("Wage arrears outstanding at the end of the year, tenge"),
            arrears["amount"] - arrears["repaid_by_end"],
            "tenge",
        ),
        Figure(
            "labour.arrears.bankrupt.amount",
            _("Wage arrears owed by bankrupt enterprises at the end of the year, tenge"),
            arrears["bankrupt_left"],
            "tenge",
        ),
        Figure(
            "labour.arrears.bankrupt.workers",
            _("Workers owed wages by bankrupt enterprises at the end of the year"),
            arrears["bankrupt_workers"],
            "persons",
        ),
        Figure(
            "labour.arrears.bankrupt.enterprises",
            _("Bankrupt enterprises owing wages at the end of the year"),
            arrears["bankrupt_enterprises"],
            "enterprises",
        ),
        Figure(
            "labour.arrears.current.amount",
            _("Wage arrears owed by the other enterprises at the end of the year, tenge"),
            arrears["current_left"],
            "tenge",
        ),
        Figure("labour.accidents", _("Industrial accidents"), acc["n"], "accidents"),
        Figure(
            "labour.accidents.victims",
            _("Victims of industrial accidents"),
            acc["light"] + acc["severe"] + acc["fatal"],
            "persons",
        ),
        Figure("labour.accidents.light", _("Victims with light injuries"), acc["light"], "persons"),
        Figure("labour.accidents.severe", _("Victims with severe injuries"), acc["severe"], "persons"),
        Figure("labour.accidents.fatal", _("Victims who died"), acc["fatal"], "persons"),
        Figure(
            "labour.collective_agreements",
            _("Collective agreements registered"),
            agreements["n"],
            "agreements",
        ),
        Figure(
            "labour.collective_agreements.workers",
            _("Workers the registered agreements cover"),
            agreements["workers"],
            "persons",
        ),
    ]


def _card(pk: int) -> str:
    return reverse("labour:enterprise_detail", args=[pk])


def _show_enterprises(page: list[Enterprise]) -> list[Shown]:
    return [Shown((e.bin, e.name, e.kato.name, str(e.staff)), (), _card(e.pk)) for e in page]


def _shown(
    cells: Callable[[Any], tuple[Any, ...]], enterprise: Callable[[Any], int]
) -> Callable[..., list[Shown]]:
    def show(page: list[Any]) -> list[Shown]:
        return [Shown(cells(r), (), _card(enterprise(r))) for r in page]

    return show


ENTERPRISE_COLUMNS = (
    Column(gettext_lazy("BIN")),
    Column(gettext_lazy("Enterprise")),
    Column(gettext_lazy("Territory")),
    Column(gettext_lazy("Staff")),
)
SURVEY_COLUMNS = (
    Column(gettext_lazy("Enterprise")),
    Column(gettext_lazy("Month"), "month"),
    Column(gettext_lazy("Staff")),
    Column(gettext_lazy("Hired")),
    Column(gettext_lazy("Dismissed by own wish")),
    Column(gettext_lazy("Released")),
    Column(gettext_lazy("Unpaid leave")),
    Column(gettext_lazy("Part-time")),
    Column(gettext_lazy("Downtime")),
    Column(gettext_lazy("Partial stoppage")),
    Column(gettext_lazy("Forecast")),
)
DATED_COLUMNS = (Column(gettext_lazy("Enterprise")), Column(gettext_lazy("Date"), "date"))


def _surveys(found: QuerySet[Any], amount: str = "") -> Records:
    ordered = found.select_related("enterprise").order_by("month", "enterprise__name", "id")
    show = _shown(
        lambda s: (
            s.enterprise.name,
            s.month,
            s.staff,
            s.hired,
            s.quit,
            s.released,
            s.unpaid_leave,
            s.part_time,
            s.downtime,
            s.stoppage,
            s.forecast,
        ),
        lambda s: s.enterprise_id,
    )
    return Records("surveys", ordered, SURVEY_COLUMNS, show, amount)


def _enterprises(actor: Any, prefix: str, ids: QuerySet[Any]) -> Records:
    found = enterprises_in(actor=actor, prefix=prefix).filter(pk__in=ids).select_related("kato")
    return Records("enterprises", found.order_by("name", "id"), ENTERPRISE_COLUMNS, _show_enterprises)


PUBLISHED_COLUMNS = (
    Column(gettext_lazy("Territory")),
    Column(gettext_lazy("Period")),
    Column(gettext_lazy("Value")),
    Column(gettext_lazy("Source")),
    Column(gettext_lazy("Published or received on"), "date"),
)
STATISTICS = ("labour_force", "employed", "self_employed", "unemployed")
ESP = ("esp.payers", "esp.payments", "esp.amount")


def _published_url(kato: str, year: int, page: str) -> str:
    return f"{reverse(page)}?kato={kato}&year={year}"


def published_records(*, actor: Any, year: int, prefix: str, name: str) -> Records | None:
    """The published statistics of the quarter or the revenue body's reports of the year behind a
    figure (the rate, the share and the changes are computed, not records)."""
    if name in STATISTICS:
        quarter = labour_force_quarter(actor=actor, year=year, prefix=prefix)
        if quarter is None:
            return None
        found = labour_force_in(actor=actor, year=year, quarter=quarter, prefix=prefix).select_related("kato")
        if name == "self_employed" and found.filter(self_employed__isnull=True).exists():
            return None

        def show(page: list[Any]) -> list[Shown]:
            return [
                Shown(
                    (
                        s.kato.name,
                        f"{s.quarter}/{s.year}",
                        str(getattr(s, name)),
                        s.source_title,
                        s.published_on,
                    ),
                    (),
                    _published_url(s.kato_id, s.year, "labour:statistics"),
                )
                for s in page
            ]

        return Records("labour_statistics", found.order_by("kato_id"), PUBLISHED_COLUMNS, show, name)
    if name in ESP:
        field = name.removeprefix("esp.")
        found_e = esp_year_in(actor=actor, year=year, prefix=prefix).select_related("kato")
        if field == "amount" and found_e.filter(amount__isnull=True).exists():
            return None

        def show_esp(page: list[Any]) -> list[Shown]:
            return [
                Shown(
                    (e.kato.name, str(e.year), str(getattr(e, field)), e.source_title, e.received_on),
                    (),
                    _published_url(e.kato_id, e.year, "labour:esp"),
                )
                for e in page
            ]

        return Records("esp_reports", found_e.order_by("kato_id"), PUBLISHED_COLUMNS, show_esp, field)
    return None


def market_records(*, actor: Any, year: int, prefix: str, code: str) -> Records | None:
    """The surveys, enterprises, memoranda or road maps behind a figure of the market section."""
    if not code.startswith("labour_market."):
        return None
    name = code.removeprefix("labour_market.")
    if name in STATISTICS or name in ESP:
        return published_records(actor=actor, year=year, prefix=prefix, name=name)
    surveys = surveys_in(actor=actor, year=year, prefix=prefix)
    last = last_surveys_in(actor=actor, year=year, prefix=prefix)
    if name == "surveyed":
        return _enterprises(actor, prefix, surveys.values("enterprise_id"))
    if name == "released.enterprises":
        return _enterprises(actor, prefix, surveys.filter(released__gt=0).values("enterprise_id"))
    if name == "forecast.enterprises":
        return _surveys(last.filter(forecast__gt=0))
    if name in FLOWS:
        return _surveys(surveys.filter(**{f"{name}__gt": 0}), name)
    if name in STATES:
        return _surveys(last, name)
    if name in ("memoranda", "memoranda.workers"):
        found = memoranda_in(actor=actor, year=year, prefix=prefix).select_related("enterprise")
        show = _shown(lambda m: (m.enterprise.name, m.signed, str(m.workers)), lambda m: m.enterprise_id)
        columns: tuple[Column, ...] = (*DATED_COLUMNS, Column(gettext_lazy("Workers covered")))
        amount = "workers" if name == "memoranda.workers" else ""
        return Records("memoranda_jobs", found.order_by("signed", "id"), columns, show, amount)
    if name == "road_maps":
        found_maps = road_maps_in(actor=actor, year=year, prefix=prefix).select_related("employer")
        columns = (
            Column(gettext_lazy("Employer")),
            Column(gettext_lazy("Date"), "date"),
            Column(gettext_lazy("Number")),
        )
        return Records(
            "road_maps",
            found_maps.order_by("signed_on", "id"),
            columns,
            lambda page: [Shown((a.employer.name, a.signed_on, a.number), (), "") for a in page],
        )
    return None


def relations_records(  # noqa: C901 (one branch per figure)
    *, actor: Any, year: int, prefix: str, code: str
) -> Records | None:
    """The inspections, violations, fines, arrears, repayments, accidents or agreements behind a figure."""
    if not code.startswith("labour."):
        return None
    name = code.removeprefix("labour.")
    if name in ("inspections", "inspections.unplanned", "orders"):
        found = inspections_in(actor=actor, year=year, prefix=prefix).select_related("enterprise")
        if name == "inspections.unplanned":
            found = found.filter(kind=InspectionKind.UNPLANNED)
        show = _shown(
            lambda i: (i.enterprise.name, i.date, i.get_kind_display(), str(i.orders)),
            lambda i: i.enterprise_id,
        )
        columns: tuple[Column, ...] = (
            *DATED_COLUMNS,
            Column(gettext_lazy("Kind")),
            Column(gettext_lazy("Orders issued")),
        )
        return Records(
            "inspections", found.order_by("date", "id"), columns, show, "orders" if name == "orders" else ""
        )
    if name == "violations":
        found_v = violations_in(actor=actor, year=year, prefix=prefix).select_related(
            "inspection__enterprise"
        )
        show = _shown(
            lambda v: (v.inspection.enterprise.name, v.inspection.date, v.article),
            lambda v: v.inspection.enterprise_id,
        )
        columns = (*DATED_COLUMNS, Column(gettext_lazy("Article of the Labour Code")))
        return Records("violations", found_v.order_by("inspection__date", "id"), columns, show)
    if name in ("fines", "fines.amount", "fines.paid", "fines.wages.amount"):
        selected = wage_fines_in if name == "fines.wages.amount" else fines_in
        found_f = selected(actor=actor, year=year, prefix=prefix).select_related(
            "violation__inspection__enterprise"
        )
        if name == "fines.paid":
            found_f = found_f.exclude(status=FineStatus.IMPOSED)
        show = _shown(
            lambda f: (
                f.violation.inspection.enterprise.name,
                f.violation.inspection.date,
                f.article,
                f.amount,
                f.get_status_display(),
            ),
            lambda f: f.violation.inspection.enterprise_id,
        )
        columns = (
            *DATED_COLUMNS,
            Column(gettext_lazy("Article of the Code of Administrative Offences")),
            Column(gettext_lazy("Amount"), "tenge"),
            Column(gettext_lazy("Execution")),
        )
        return Records(
            "fines",
            found_f.order_by("violation__inspection__date", "id"),
            columns,
            show,
            "" if name == "fines" else "amount",
        )
    if name in ("fines.enterprises", "fines.wages.enterprises"):
        selected = wage_fines_in if name == "fines.wages.enterprises" else fines_in
        fined = selected(actor=actor, year=year, prefix=prefix).values("violation__inspection__enterprise_id")
        return _enterprises(actor, prefix, fined)
    arrears = arrears_in(actor=actor, year=year, prefix=prefix)
    if name == "arrears.enterprises":
        return _enterprises(actor, prefix, arrears.values("enterprise_id"))
    if name == "arrears.repaid.enterprises":
        paid = repayments_in(actor=actor, year=year, prefix=prefix).values("arrear__enterprise_id")
        return _enterprises(actor, prefix, paid)
    if name in ("arrears.bankrupt.workers", "arrears.bankrupt.enterprises"):
        left = arrears_left_in(actor=actor, year=year, prefix=prefix, bankrupt=True)
        if name == "arrears.bankrupt.enterprises":
            return _enterprises(actor, prefix, left.values("enterprise_id"))
        arrears, name = left, "arrears.workers"
    if name == "arrears.repaid.workers":
        arrears = arrears_repaid_in(actor=actor, year=year, prefix=prefix)
        name = "arrears.workers"
    if name in ("arrears.amount", "arrears.workers"):
        show = _shown(
            lambda a: (
                a.enterprise.name,
                a.recorded_on,
                str(a.workers),
                a.amount,
                _("yes") if a.bankrupt else _("no"),
            ),
            lambda a: a.enterprise_id,
        )
        columns = (
            *DATED_COLUMNS,
            Column(gettext_lazy("Workers owed")),
            Column(gettext_lazy("Amount"), "tenge"),
            Column(gettext_lazy("Bankrupt")),
        )
        return Records(
            "arrears",
            arrears.select_related("enterprise").order_by("recorded_on", "id"),
            columns,
            show,
            name.removeprefix("arrears."),
        )
    if name == "arrears.repaid":
        found_r = repayments_in(actor=actor, year=year, prefix=prefix).select_related("arrear__enterprise")
        show = _shown(
            lambda r: (r.arrear.enterprise.name, r.date, r.amount), lambda r: r.arrear.enterprise_id
        )
        columns = (*DATED_COLUMNS, Column(gettext_lazy("Amount"), "tenge"))
        return Records("repayments", found_r.order_by("date", "id"), columns, show, "amount")
    if name.startswith("accidents"):
        amount = {
            "accidents": "",
            "accidents.victims": "victims_n",
            "accidents.light": "light",
            "accidents.severe": "severe",
            "accidents.fatal": "fatal",
        }.get(name)
        if amount is None:
            return None
        found_a = accidents_in(actor=actor, year=year, prefix=prefix).select_related("enterprise")
        show = _shown(
            lambda a: (a.enterprise.name, a.date, str(a.light), str(a.severe), str(a.fatal)),
            lambda a: a.enterprise_id,
        )
        columns = (
            *DATED_COLUMNS,
            Column(gettext_lazy("Light injuries")),
            Column(gettext_lazy("Severe injuries")),
            Column(gettext_lazy("Fatal")),
        )
        return Records("accidents", found_a.order_by("date", "id"), columns, show, amount)
    if name in ("collective_agreements", "collective_agreements.workers"):
        found_c = agreements_in(actor=actor, year=year, prefix=prefix).select_related("enterprise")
        show = _shown(
            lambda c: (c.enterprise.name, c.registered_on, c.number, str(c.workers)),
            lambda c: c.enterprise_id,
        )
        columns = (
            *DATED_COLUMNS,
            Column(gettext_lazy("Number")),
            Column(gettext_lazy("Workers covered")),
        )
        return Records(
            "collective_agreements",
            found_c.order_by("registered_on", "id"),
            columns,
            show,
            "workers" if name.endswith("workers") else "",
        )
    return None


SECTIONS = (
    Section(
        "labour_market",
        gettext_lazy("Monitoring of the labour market at enterprises"),
        78,
        market_figures,
        market_records,
    ),
    Section("labour_relations", gettext_lazy("Labour relations"), 80, relations_figures, relations_records),
)
