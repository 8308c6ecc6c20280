"""Monthly surveys imported from an XLSX workbook: every row checked, all written or none.

Columns (first row): bin, month, staff, hired, quit, released, unpaid_leave, part_time, downtime,
stoppage, forecast. The enterprise is found by its BIN among the enterprises of the user's territory; any
error refuses the whole file with every error by row and column; otherwise the surveys are written
in one transaction with one audit row per survey (as the budget's import of allocations)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.common import audit
from komek.common.choices import AuditAction
from komek.common.errors import DomainError
from komek.common.refusals import audited_refusals
from komek.common.tables import RowError, TableRefused, read_rows
from komek.employment.bin import validate_bin
from komek.labour.choices import SURVEY_FIELDS
from komek.labour.models import Enterprise, Survey
from komek.labour.services._checks import can_manage
from komek.labour.services.enterprises import month_of, survey_values
from komek.labour.services.rollup import rollup_refresh

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

COLUMNS = ("bin", "month", *(f for f, _l in SURVEY_FIELDS))
MAX_ROWS = 20000


class SurveyImportRefused(TableRefused):
    """The survey file has errors: nothing was written."""


def _checked(
    actor: Actor, rows: list[tuple[int, dict[str, str]]]
) -> tuple[list[dict[str, Any]], list[RowError]]:
    errors: list[RowError] = []
    clean: list[dict[str, Any]] = []
    for line, values in rows:
        try:
            code = validate_bin(values.get("bin", ""))
            month = month_of(values.get("month", ""))
            numbers = survey_values(values)
        except DomainError as exc:
            errors.append(RowError(line, exc.field or "", str(exc.message)))
            continue
        clean.append({"line": line, "bin": code, "month": month, **numbers})
    visible = Enterprise.objects.filter(policy.territory_q(actor, "kato__code"))
    known = dict(visible.filter(bin__in={r["bin"] for r in clean}).values_list("bin", "pk"))
    seen: dict[tuple[str, Any], int] = {}
    q = Q(pk__in=[])
    for row in clean:
        row["enterprise_id"] = known.get(row["bin"])
        if row["enterprise_id"] is None:
            errors.append(RowError(row["line"], "bin", _("No enterprise with this BIN in your territory.")))
            continue
        key = (row["bin"], row["month"])
        if key in seen:
            errors.append(
                RowError(row["line"], "month", _("The same survey is on row %(row)d.") % {"row": seen[key]})
            )
        seen[key] = row["line"]
        q |= Q(enterprise_id=row["enterprise_id"], month=row["month"])
    existing = set(Survey.objects.filter(q).values_list("enterprise_id", "month"))
    for row in clean:
        if (row["enterprise_id"], row["month"]) in existing:
            errors.append(
                RowError(
                    row["line"],
                    "month",
                    _("The enterprise is surveyed for %(month)s already.")
                    % {"month": row["month"].strftime("%m.%Y")},
                )
            )
    return clean, sorted(errors, key=lambda e: (e.line, e.field))


@audited_refusals("labour.survey")
def surveys_import(*, actor: Actor, content: bytes) -> list[Survey]:
    """Monthly surveys from an XLSX workbook, all or nothing."""
    can_manage(actor)
    clean, errors = _checked(actor, read_rows(content, COLUMNS, max_rows=MAX_ROWS))
    if errors:
        raise SurveyImportRefused(errors)
    fields = [f for f, _l in SURVEY_FIELDS]
    with transaction.atomic():
        created = Survey.objects.bulk_create(
            [
                Survey(enterprise_id=r["enterprise_id"], month=r["month"], **{f: r[f] for f in fields})
                for r in clean
            ]
        )
        rollup_refresh(
            years={r["month"].year for r in clean}, enterprise_ids={r["enterprise_id"] for r in clean}
        )
        territories = dict(
            Enterprise.objects.filter(pk__in={r["enterprise_id"] for r in clean}).values_list("pk", "kato_id")
        )
        audit.bulk(
            actor=actor,
            action=AuditAction.IMPORT,
            object_type="labour.survey",
            reason="surveys.xlsx",
            entries=[
                audit.Entry(
                    object_id=s.pk,
                    territory=territories[s.enterprise_id],
                    changes=audit.created(
                        {
                            "enterprise": s.enterprise_id,
                            "month": s.month.isoformat(),
                            **{f: getattr(s, f) for f in fields},
                        }
                    ),
                )
                for s in created
            ],
        )
    return created
