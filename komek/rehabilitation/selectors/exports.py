"""The coverage table as an XLSX workbook, taken away by a member of staff (audited as an export)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from komek.common import audit, xlsx
from komek.common.choices import AuditAction
from komek.rehabilitation.selectors.coverage import Coverage, coverage

if TYPE_CHECKING:
    from komek.accounts.policy import Actor


def coverage_xlsx(table: Coverage) -> bytes:
    """The rows and the extra rows of the table, with its totals, as an .xlsx file."""
    header = [_("Aid"), _("Entitled"), _("Provided"), _("In queue at year end"), _("Security, %"),
              _("Contracted, tenge"), _("Spent, tenge")]  # fmt: skip
    rows: list[list[object]] = [
        [row.label, row.entitled, row.provided, row.in_queue,
         float(row.security) if row.security is not None else None, row.contracted, row.spent]
        for row in [*table.rows, *table.extra]
    ]  # fmt: skip
    rows.append([_("Total"), None, None, None, None, table.total_contracted, table.total_spent])
    book = xlsx.table_workbook(
        sheet=str(table.year),
        title=_("Coverage of rehabilitation aids, %(year)s") % {"year": table.year},
        header=header,
        rows=rows,
        widths={"A": 42, **{column: 16 for column in "BCDEFG"}},
    )
    return xlsx.to_bytes(book)


def coverage_export(*, user: Actor, year: int) -> bytes:
    """The coverage workbook of a year for the user's territory; the export is audited."""
    content = coverage_xlsx(coverage(user=user, year=year))
    audit.read(actor=user, action=AuditAction.EXPORT, object_type="rehabilitation.coverage", object_id=year)
    return content
