"""Figures the department receives from other state bodies and records as they were published (ADR
0050): the labour force of a quarter from the statistics body and the single aggregate payment (ЕСП)
of a month or a year from the state revenue body. Komek keeps what was published and who entered
it; what can be computed (the unemployment rate, the share of the self-employed, the change against
the year before) is computed, never entered.

Bad input is refused naming the field: the employed and the unemployed not making the labour force
(beyond the bulletin's rounding), more self-employed than employed, a quarter not ended yet, a
period recorded already, more payers than payments, a month above its year."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from komek.common import audit
from komek.common.choices import AuditAction
from komek.common.errors import DomainError
from komek.common.refusals import audited_refusals
from komek.common.tables import RowError, TableRefused, read_rows
from komek.labour.models import EspPayments, LabourForceStatistics
from komek.labour.services._checks import can_manage, count, date, fmt, text
from komek.labour.services.enterprises import _territory

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

#: The statistics body publishes the labour force in thousands of persons with one decimal: each
#: figure is rounded to 100 persons, so the employed and the unemployed as published may make the
#: published labour force give or take 100 (the report's 954,8 + 53,8 is 1 008,6, not 1 008,5).
ROUNDING = 100
FIRST_YEAR = 1992


def thousands(value: Any, field: str, *, required: bool = True) -> int | None:
    """Persons from thousands as published ("1 008,5"): at most one decimal, not negative."""
    raw = str(value if value is not None else "").replace(" ", "").replace("\u00a0", "").replace(",", ".")
    if not raw:
        if required:
            raise DomainError(_("This field is required."), field=field)
        return None
    try:
        number = Decimal(raw)
    except InvalidOperation:
        raise DomainError(_("Enter thousands of persons, e.g. 1008.5."), field=field) from None
    persons = number * 1000
    if number < 0 or persons != persons.to_integral_value() or int(persons) % ROUNDING:
        raise DomainError(
            _("Enter thousands of persons with at most one decimal, as the statistics publish them."),
            field=field,
        )
    return int(persons)


def shown(persons: int) -> str:
    """Persons as thousands with one decimal, as the bulletin prints them."""
    return f"{Decimal(persons) / 1000:.1f}"


def _year(value: Any) -> int:
    year = count(value, "year", required=True)
    if year < FIRST_YEAR or year > timezone.localdate().year:
        raise DomainError(_("The year is in the future or before 1992."), field="year")
    return year


def quarter_end(year: int, quarter: int) -> dt.date:
    return dt.date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1) - dt.timedelta(days=1)


def _quarter(year: int, value: Any) -> int:
    quarter = count(value, "quarter", required=True)
    if quarter not in (1, 2, 3, 4):
        raise DomainError(_("A quarter is 1, 2, 3 or 4."), field="quarter")
    today = timezone.localdate()
    if dt.date(year, 3 * quarter - 2, 1) > today:
        raise DomainError(
            _("Quarter %(q)d of %(year)d is in the future.") % {"q": quarter, "year": year}, field="quarter"
        )
    if quarter_end(year, quarter) >= today:
        raise DomainError(
            _("Quarter %(q)d of %(year)d has not ended: its statistics are not published yet.")
            % {"q": quarter, "year": year},
            field="quarter",
        )
    return quarter


def _entered(actor: Actor) -> dict[str, Any]:
    return {"entered_by": actor if getattr(actor, "pk", None) else None, "entered_by_name": actor.username}


def _labour_force_values(values: dict[str, Any]) -> dict[str, Any]:
    force = thousands(values.get("labour_force"), "labour_force")
    employed = thousands(values.get("employed"), "employed")
    unemployed = thousands(values.get("unemployed"), "unemployed")
    own = thousands(values.get("self_employed"), "self_employed", required=False)
    assert force is not None and employed is not None and unemployed is not None  # noqa: S101 (required)
    if abs(employed + unemployed - force) > ROUNDING:
        raise DomainError(
            _(
                "The employed (%(employed)s) and the unemployed (%(unemployed)s) make %(sum)s thousand, "
                "but the labour force is %(force)s thousand: they may differ by the rounding of the "
                "published figures (0.1 thousand), not more."
            )
            % {
                "employed": shown(employed),
                "unemployed": shown(unemployed),
                "sum": shown(employed + unemployed),
                "force": shown(force),
            },
            field="labour_force",
        )
    if own is not None and own > employed:
        raise DomainError(
            _("The self-employed (%(own)s thousand) are among the employed (%(employed)s thousand).")
            % {"own": shown(own), "employed": shown(employed)},
            field="self_employed",
        )
    return {"labour_force": force, "employed": employed, "unemployed": unemployed, "self_employed": own}


def statistics_row(actor: Actor, values: dict[str, Any]) -> dict[str, Any]:
    """One quarter's statistics of a territory checked (from the form or a row of the bulletin's
    table): every field but the duplicate, each refused with the field it names."""
    the_year = _year(values.get("year"))
    the_quarter = _quarter(the_year, values.get("quarter"))
    numbers = _labour_force_values(values)
    title = text(values.get("source_title"), "source_title", limit=250)
    number = text(values.get("source_number"), "source_number", required=False, limit=60)
    day = date(values.get("published_on"), "published_on")
    if day <= quarter_end(the_year, the_quarter):
        raise DomainError(
            _("The statistics of a quarter are published after it ends (%(date)s).")
            % {"date": fmt(quarter_end(the_year, the_quarter))},
            field="published_on",
        )
    unit = _territory(actor, values.get("kato"))
    return {
        "kato": unit,
        "year": the_year,
        "quarter": the_quarter,
        "source_title": title,
        "source_number": number,
        "published_on": day,
        **numbers,
    }


def _twice(row: dict[str, Any]) -> DomainError:
    return DomainError(
        _("The statistics of quarter %(q)d of %(year)d are recorded for this territory already.")
        % {"q": row["quarter"], "year": row["year"]},
        field="quarter",
    )


def _changes(row: dict[str, Any]) -> dict[str, Any]:
    return audit.created(
        {
            **{k: v for k, v in row.items() if k not in ("kato", "published_on")},
            "kato": row["kato"].code,
            "published_on": row["published_on"].isoformat(),
        }
    )


@audited_refusals("labour.labourforcestatistics")
def labour_force_record(
    *,
    actor: Actor,
    kato: Any,
    year: Any,
    quarter: Any,
    source_title: Any,
    published_on: Any,
    source_number: Any = "",
    **values: Any,
) -> LabourForceStatistics:
    """The labour force of a territory in a quarter as published: ``labour_force``, ``employed``,
    ``unemployed`` and, when published, ``self_employed``, each in thousands of persons ("1 008,5"),
    with the publication (its title, number and date). One record a territory and quarter."""
    can_manage(actor)
    row = statistics_row(
        actor,
        {
            "kato": kato,
            "year": year,
            "quarter": quarter,
            "source_title": source_title,
            "source_number": source_number,
            "published_on": published_on,
            **values,
        },
    )
    with transaction.atomic():
        if LabourForceStatistics.objects.filter(
            kato=row["kato"], year=row["year"], quarter=row["quarter"]
        ).exists():
            raise _twice(row)
        done = LabourForceStatistics.objects.create(**row, **_entered(actor))
        audit.record(
            actor=actor, action=AuditAction.CREATE, obj=done, territory=done.kato_id, changes=_changes(row)
        )
    return done


def _month(year: int, value: Any) -> int:
    month = count(value, "month")
    if month > 12:
        raise DomainError(_("A month is 1 to 12; leave it empty for the whole year."), field="month")
    if dt.date(year, month or 1, 1) > timezone.localdate():
        raise DomainError(_("The period is in the future."), field="month")
    return month


def _esp_consistent(unit: Any, year: int, month: int, payers: int, payments: int) -> None:
    """A month within its year's record: its payers among the year's, the months' payments within
    the year's."""
    same = EspPayments.objects.filter(kato=unit, year=year)
    if month:
        whole = same.filter(month=0).first()
        if whole is None:
            return
        if payers > whole.payers:
            raise DomainError(
                _("The year's record has %(n)d payers; a month's payers are among them.")
                % {"n": whole.payers},
                field="payers",
            )
        months = same.exclude(month=0).aggregate(s=Sum("payments"))["s"] or 0
        if months + payments > whole.payments:
            raise DomainError(
                _("The months would have %(n)d payments, more than the year's %(year)d.")
                % {"n": months + payments, "year": whole.payments},
                field="payments",
            )
        return
    months = same.exclude(month=0).aggregate(n=Sum("payments"), most=Max("payers"))
    if (months["most"] or 0) > payers:
        raise DomainError(
            _("A month of the year has %(n)d payers; the year's payers include them.")
            % {"n": months["most"]},
            field="payers",
        )
    if (months["n"] or 0) > payments:
        raise DomainError(
            _("The months of the year have %(n)d payments already.") % {"n": months["n"]}, field="payments"
        )


@audited_refusals("labour.esppayments")
def esp_record(
    *,
    actor: Actor,
    kato: Any,
    year: Any,
    payers: Any,
    payments: Any,
    source_title: Any,
    received_on: Any,
    month: Any = 0,
    amount: Any = None,
    source_number: Any = "",
) -> EspPayments:
    """The single aggregate payment of a territory over a month (``month`` 1–12) or the whole year
    (``month`` empty or 0) as the state revenue body reports it: persons who paid, payments made and,
    when given, the amount in tenge; with its source (title, number, date received)."""
    can_manage(actor)
    the_year = _year(year)
    the_month = _month(the_year, month)
    people = count(payers, "payers", required=True)
    made = count(payments, "payments", required=True)
    if people > made:
        raise DomainError(
            _("Each payer made at least one payment: %(payers)d payers, %(payments)d payments.")
            % {"payers": people, "payments": made},
            field="payers",
        )
    paid = None if amount in (None, "") else count(amount, "amount")
    title = text(source_title, "source_title", limit=250)
    number = text(source_number, "source_number", required=False, limit=60)
    day = date(received_on, "received_on")
    if day < dt.date(the_year, the_month or 1, 1):
        raise DomainError(_("The report is received before its period began."), field="received_on")
    unit = _territory(actor, kato)
    with transaction.atomic():
        list(EspPayments.objects.select_for_update().filter(kato=unit, year=the_year))
        if EspPayments.objects.filter(kato=unit, year=the_year, month=the_month).exists():
            raise DomainError(
                _("The single aggregate payment of this period is recorded for this territory already."),
                field="month",
            )
        _esp_consistent(unit, the_year, the_month, people, made)
        done = EspPayments.objects.create(
            kato=unit,
            year=the_year,
            month=the_month,
            payers=people,
            payments=made,
            amount=paid,
            source_title=title,
            source_number=number,
            received_on=day,
            **_entered(actor),
        )
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=done,
            territory=unit.code,
            changes=audit.created(
                {
                    "kato": unit.code,
                    "year": the_year,
                    "month": the_month,
                    "payers": people,
                    "payments": made,
                    "amount": paid,
                    "source": title,
                }
            ),
        )
    return done


STATISTICS_COLUMNS = (
    "kato",
    "year",
    "quarter",
    "labour_force",
    "employed",
    "self_employed",
    "unemployed",
    "source_title",
    "source_number",
    "published_on",
)


class StatisticsImportRefused(TableRefused):
    """The bulletin's table has errors: nothing was written."""


@audited_refusals("labour.labourforcestatistics")
def statistics_import(*, actor: Actor, content: bytes) -> list[LabourForceStatistics]:
    """The statistics body's table of quarters and territories (XLSX or CSV, the columns of
    ``STATISTICS_COLUMNS``, figures in thousands as published), all or nothing: every row checked as
    the form is, a quarter of a territory twice in the file or recorded already refused by row."""
    can_manage(actor)
    errors: list[RowError] = []
    rows: list[tuple[int, dict[str, Any]]] = []
    seen: dict[tuple[str, int, int], int] = {}
    for line, values in read_rows(content, STATISTICS_COLUMNS, max_rows=2000):
        try:
            row = statistics_row(actor, values)
        except DomainError as exc:
            errors.append(RowError(line, exc.field or "", str(exc.message)))
            continue
        key = (row["kato"].code, row["year"], row["quarter"])
        if key in seen:
            errors.append(
                RowError(line, "quarter", _("The same quarter is on row %(row)d.") % {"row": seen[key]})
            )
        elif LabourForceStatistics.objects.filter(
            kato=row["kato"], year=row["year"], quarter=row["quarter"]
        ).exists():
            errors.append(RowError(line, "quarter", str(_twice(row).message)))
        seen.setdefault(key, line)
        rows.append((line, row))
    if errors:
        raise StatisticsImportRefused(sorted(errors, key=lambda e: (e.line, e.field)))
    with transaction.atomic():
        made = LabourForceStatistics.objects.bulk_create(
            [LabourForceStatistics(**row, **_entered(actor)) for _line, row in rows]
        )
        audit.bulk(
            actor=actor,
            action=AuditAction.IMPORT,
            object_type="labour.labourforcestatistics",
            reason="statistics table",
            entries=[
                audit.Entry(object_id=s.pk, territory=s.kato_id, changes=_changes(row))
                for s, (_line, row) in zip(made, rows, strict=True)
            ],
        )
    return made
