"""Allocations imported from a file (CSV or XLSX): every row checked, all written or none.

Columns (first row): year, programme, source, territory, amount, and optionally planned_recipients.
Any error refuses the whole file with every error by row and column; otherwise each row becomes a
draft allocation, in one transaction with one audit row per allocation.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.accounts.models import User
from komek.budget.models import Allocation
from komek.budget.services._checks import (
    OBJECT,
    clean_amount,
    clean_programme,
    clean_recipients,
    clean_source,
    clean_territory,
    clean_year,
)
from komek.common import audit
from komek.common.choices import AuditAction
from komek.common.errors import DomainError, PermissionDenied
from komek.common.refusals import audited_refusals

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

REQUIRED = ("year", "programme", "source", "territory", "amount")
COLUMNS = (*REQUIRED, "planned_recipients")
MAX_ROWS = 5000


@dataclass(frozen=True)
class RowError:
    line: int
    field: str
    message: str


class AllocationImportRefused(DomainError):
    """The file has errors: nothing was written; ``errors`` names each row and column."""

    code = "import_refused"

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(
            _("The file has %(n)d errors; nothing was imported.") % {"n": len(errors)}, field="file"
        )
        self.errors = errors


def _csv_rows(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError(_("The file is neither UTF-8 text nor an XLSX workbook."), field="file") from None
    head = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if head.count(";") > head.count(",") else ","
    return [list(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _xlsx_rows(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        raise DomainError(_("The workbook cannot be read."), field="file") from None
    sheet = book.worksheets[0]
    rows = [
        ["" if v is None else str(v).removesuffix(".0") for v in row]
        for row in sheet.iter_rows(values_only=True)
    ]
    book.close()
    return rows


def read_rows(content: bytes, file_name: str) -> list[tuple[int, dict[str, str]]]:
    """The file's data rows as ``(line number, {column: text})``; a bad header refuses the file."""
    raw = (
        _xlsx_rows(content)
        if file_name.lower().endswith(".xlsx") or content[:2] == b"PK"
        else _csv_rows(content)
    )
    if not raw:
        raise DomainError(_("The file is empty."), field="file")
    header = [str(h).strip().lower() for h in raw[0]]
    missing = [c for c in REQUIRED if c not in header]
    extra = [h for h in header if h and h not in COLUMNS]
    if missing or extra:
        raise DomainError(
            _("The first row names the columns: %(columns)s (planned_recipients may be left out).")
            % {"columns": ", ".join(COLUMNS)},
            field="file",
        )
    out = []
    for number, values in enumerate(raw[1:], start=2):
        if not any(str(v).strip() for v in values):
            continue
        out.append(
            (
                number,
                {k: (str(values[i]).strip() if i < len(values) else "") for i, k in enumerate(header) if k},
            )
        )
    if len(out) > MAX_ROWS:
        raise DomainError(_("The file has more than %(n)d rows.") % {"n": MAX_ROWS}, field="file")
    return out


def _check_row(actor: Actor, values: dict[str, str]) -> dict[str, Any]:
    year = clean_year(values.get("year"))
    territory, prefix = clean_territory(actor, values.get("territory"))
    return {
        "year": year,
        "programme": clean_programme(values.get("programme"), year),
        "source": clean_source(values.get("source")),
        "territory": territory,
        "prefix": prefix,
        "amount": clean_amount(values.get("amount")),
        "planned_recipients": clean_recipients(values.get("planned_recipients")),
    }


def _checked(
    actor: Actor, rows: list[tuple[int, dict[str, str]]]
) -> tuple[list[dict[str, Any]], list[RowError]]:
    errors: list[RowError] = []
    clean: list[dict[str, Any]] = []
    seen: dict[tuple[Any, ...], int] = {}
    for line, values in rows:
        try:
            row = _check_row(actor, values)
        except PermissionDenied as exc:
            errors.append(RowError(line, "territory", str(exc)))
            continue
        except DomainError as exc:
            errors.append(RowError(line, exc.field or "", str(exc)))
            continue
        key = (row["year"], row["programme"], row["source"], row["territory"])
        if key in seen:
            errors.append(
                RowError(line, "programme", _("The same allocation is on row %(row)d.") % {"row": seen[key]})
            )
            continue
        seen[key] = line
        clean.append({**row, "line": line})
    if clean:
        q = Q(pk__in=[])
        for r in clean:
            q |= Q(year=r["year"], programme=r["programme"], source=r["source"], territory=r["territory"])
        existing = {(a.year, a.programme, a.source, a.territory): a.pk for a in Allocation.objects.filter(q)}
        for r in clean:
            found = existing.get((r["year"], r["programme"], r["source"], r["territory"]))
            if found is not None:
                errors.append(
                    RowError(
                        r["line"],
                        "programme",
                        _("This allocation exists already (No. %(id)d).") % {"id": found},
                    )
                )
    return clean, sorted(errors, key=lambda e: (e.line, e.field))


@audited_refusals(OBJECT)
def allocations_import(*, actor: Actor, content: bytes, file_name: str) -> list[Allocation]:
    """Draft allocations from a CSV or XLSX file, all or nothing."""
    policy.require(actor, Capability.BUDGET_EDIT)
    if not isinstance(actor, User):
        raise PermissionDenied(_("Allocations are imported by a person."))
    rows = read_rows(content, file_name)
    if not rows:
        raise DomainError(_("The file has no allocations."), field="file")
    clean, errors = _checked(actor, rows)
    if errors:
        raise AllocationImportRefused(errors)
    with transaction.atomic():
        # Both databases return the new rows' ids from a bulk insert (RETURNING).
        created = Allocation.objects.bulk_create(
            [
                Allocation(
                    year=r["year"],
                    programme=r["programme"],
                    source=r["source"],
                    territory=r["territory"],
                    prefix=r["prefix"],
                    amount=r["amount"],
                    planned_recipients=r["planned_recipients"],
                    created_by=actor,
                )
                for r in clean
            ]
        )
        audit.bulk(
            actor=actor, action=AuditAction.IMPORT, object_type=OBJECT, reason=file_name[:200],
            entries=[
                audit.Entry(object_id=a.pk, territory=a.territory, changes={"amount": [None, a.amount]})
                for a in created
            ],
        )  # fmt: skip
    return created
