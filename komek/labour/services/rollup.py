"""The yearly roll-up of the monthly surveys (``SurveyYear``), rewritten inside the transaction of
every write of surveys (one survey, an import, a set-based load): the flows added over the year's
surveys, the states of its last survey. Set-based: a few queries per year whatever the number of
enterprises."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Sum

from komek.labour.models import Enterprise, Survey, SurveyYear

FLOWS = ("hired", "quit", "released")
STATES = ("staff", "unpaid_leave", "part_time", "downtime", "stoppage", "forecast")


def rollup_refresh(*, years: Iterable[int], enterprise_ids: Iterable[int] | None = None) -> int:
    """Rewrite the roll-up of ``years`` for the enterprises given (``None``: all); rows written."""
    assert transaction.get_connection().in_atomic_block  # noqa: S101 (inside the write's transaction)
    ids = None if enterprise_ids is None else sorted(set(enterprise_ids))
    written = 0
    for year in sorted(set(years)):
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        surveys = Survey.objects.filter(month__range=(start, end))
        rollups = SurveyYear.objects.filter(year=year)
        if ids is not None:
            surveys, rollups = surveys.filter(enterprise_id__in=ids), rollups.filter(enterprise_id__in=ids)
        flows: dict[int, dict[str, Any]] = {
            row["enterprise_id"]: dict(row)
            for row in surveys.values("enterprise_id").annotate(n=Count("id"), **{f: Sum(f) for f in FLOWS})
        }
        later = Survey.objects.filter(
            enterprise_id=OuterRef("enterprise_id"), month__gt=OuterRef("month"), month__lte=end
        )
        last: list[dict[str, Any]] = list(
            surveys.filter(~Exists(later)).values("enterprise_id", "month", *STATES)
        )
        territory = dict(Enterprise.objects.filter(pk__in=list(flows)).values_list("pk", "kato_id"))
        rollups.delete()
        made = SurveyYear.objects.bulk_create(
            [
                SurveyYear(
                    enterprise_id=row["enterprise_id"],
                    year=year,
                    kato_id=territory[row["enterprise_id"]],
                    surveys=flows[row["enterprise_id"]]["n"],
                    last_month=row["month"],
                    **{f: flows[row["enterprise_id"]][f] or 0 for f in FLOWS},
                    **{f: row[f] for f in STATES},
                )
                for row in last
            ],
            batch_size=5000,
        )
        written += len(made)
    return written
