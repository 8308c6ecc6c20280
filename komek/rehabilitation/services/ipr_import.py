"""Importing IPRs from a file standing in for the medical-social examination's delivery.

One row per entitlement; the rows of one IPR (same IIN and IPR number) repeat its header columns.
CSV (UTF-8, comma, header row) or JSON (a list of objects with the same keys). Every row is checked
and every error reported with its row number and field. Two modes (ADR 0009):

- all or nothing (default): one error anywhere and nothing is written;
- valid rows in: the IPRs whose rows are all valid are written; an IPR with an invalid row is
  rejected whole (an IPR is one document: half of it would misstate the person's entitlements).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.accounts.models import User
from komek.common import audit
from komek.common.choices import AuditAction
from komek.common.errors import DomainError
from komek.registry.models import Person
from komek.rehabilitation import choices
from komek.rehabilitation.models import IprImport
from komek.rehabilitation.services._common import disabled_on
from komek.rehabilitation.services.ipr import IprInput, ProvisionInput, insert_iprs, ipr_errors, taken_numbers

COLUMNS = (
    "iin", "ipr_number", "issued_on", "valid_from", "valid_to", "applied_on",
    "kind", "item", "quantity", "monthly_norm", "hours_per_year", "replacement_months",
)  # fmt: skip
REQUIRED = ("iin", "ipr_number", "issued_on", "valid_from", "kind")


@dataclass
class RowError:
    row: int
    field: str
    message: str


@dataclass
class ImportResult:
    batch: IprImport | None
    rows: int
    iprs_imported: int = 0
    rows_imported: int = 0
    errors: list[RowError] = field(default_factory=list)


class IprImportRejected(DomainError):
    """All-or-nothing import refused: nothing was written; ``errors`` lists every row error."""

    code = "import_rejected"

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(_("The file has %(n)s errors: nothing was imported.") % {"n": len(errors)})
        self.errors = errors


def read_rows(content: bytes, file_name: str) -> list[dict[str, str]]:
    """The file's rows as dictionaries of stripped strings (the whole file is refused if unreadable)."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError(_("The file is not UTF-8 text."), field="file") from None
    if file_name.lower().endswith(".json"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise DomainError(
                _("Not valid JSON: line %(line)s.") % {"line": exc.lineno}, field="file"
            ) from None
        if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
            raise DomainError(_("The JSON file must hold a list of objects."), field="file")
        return [{k: "" if v is None else str(v).strip() for k, v in r.items()} for r in data]
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise DomainError(_("Missing columns: %(cols)s.") % {"cols": ", ".join(missing)}, field="file")
    return [{k: (v or "").strip() for k, v in r.items() if k} for r in reader]


def _date(row: dict[str, str], name: str, errors: list[tuple[str, str]]) -> dt.date | None:
    value = row.get(name, "")
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        errors.append((name, _("Not a date (YYYY-MM-DD): %(v)s.") % {"v": value}))
        return None


def _int(row: dict[str, str], name: str, errors: list[tuple[str, str]]) -> int | None:
    value = row.get(name, "")
    if not value:
        return None
    if not value.isdigit():
        errors.append((name, _("Not a whole number: %(v)s.") % {"v": value}))
        return None
    return int(value)


def _parse(row: dict[str, str], persons: dict[str, Person]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    errors: list[tuple[str, str]] = []
    for name in REQUIRED:
        if not row.get(name):
            errors.append((name, _("The field is required.")))
    iin = row.get("iin", "")
    if iin and iin not in persons:
        errors.append(("iin", _("No person with this IIN in your territorial units.")))
    if row.get("kind") and row["kind"] not in choices.AidKind.values:
        errors.append(("kind", _("Unknown aid kind: %(kind)s.") % {"kind": row["kind"]}))
    parsed = {
        "issued_on": _date(row, "issued_on", errors),
        "valid_from": _date(row, "valid_from", errors),
        "valid_to": _date(row, "valid_to", errors),
        "applied_on": _date(row, "applied_on", errors),
        "quantity": _int(row, "quantity", errors),
        "monthly_norm": _int(row, "monthly_norm", errors),
        "hours_per_year": _int(row, "hours_per_year", errors),
        "replacement_months": _int(row, "replacement_months", errors),
    }
    return parsed, errors


def _plan(
    key: tuple[str, str],
    members: list[tuple[int, dict[str, str], dict[str, Any]]],
    persons: dict[str, Person],
    errors: list[RowError],
    bad_groups: set[tuple[str, str]],
) -> tuple[tuple[str, str], IprInput, int] | None:
    """One IPR from its rows; header columns must agree between the rows (else the IPR is bad)."""
    first_n, _first, head = members[0]
    if key in bad_groups:
        return None
    for n, _row, parsed in members[1:]:
        for name in ("issued_on", "valid_from", "valid_to", "applied_on"):
            if parsed[name] != head[name]:
                errors.append(
                    RowError(n, name, _("Differs from row %(n)s of the same IPR.") % {"n": first_n})
                )
                bad_groups.add(key)
    provisions = [
        ProvisionInput(
            kind=row["kind"],
            item=row.get("item", ""),
            quantity=parsed["quantity"] or 1,
            monthly_norm=parsed["monthly_norm"],
            hours_per_year=parsed["hours_per_year"],
            replacement_months=parsed["replacement_months"],
        )
        for _n, row, parsed in members
    ]
    data = IprInput(
        person=persons[key[0]],
        number=key[1],
        issued_on=head["issued_on"],
        valid_from=head["valid_from"],
        valid_to=head["valid_to"],
        applied_on=head["applied_on"],
        provisions=provisions,
    )
    return key, data, first_n


def _disabled(items: list[IprInput]) -> dict[int, str]:
    """Disability groups in force, looked up once per start date of the batch (not once per row)."""
    out: dict[int, str] = {}
    for start in {d.valid_from for d in items}:
        out.update(disabled_on([d.person.pk for d in items if d.valid_from == start], start))
    return out


@transaction.atomic
def ipr_import(*, actor: User, content: bytes, file_name: str, all_or_nothing: bool = True) -> ImportResult:
    """Check every row, then write the IPRs (see the module's docstring for the two modes)."""
    policy.require(actor, Capability.REHAB_MANAGE)
    rows = read_rows(content, file_name)
    people = Person.objects.filter(iin__in={r.get("iin", "") for r in rows})
    persons = {p.iin: p for p in people if policy.in_territory(actor, p.kato_id)}
    errors: list[RowError] = []
    groups: dict[tuple[str, str], list[tuple[int, dict[str, str], dict[str, Any]]]] = {}
    bad_groups: set[tuple[str, str]] = set()
    for n, row in enumerate(rows, start=1):
        parsed, row_errors = _parse(row, persons)
        key = (row.get("iin", ""), row.get("ipr_number", ""))
        groups.setdefault(key, []).append((n, row, parsed))
        if row_errors:
            bad_groups.add(key)
            errors.extend(RowError(n, f, m) for f, m in row_errors)
    planned = [_plan(key, members, persons, errors, bad_groups) for key, members in groups.items()]
    plans = [plan for plan in planned if plan is not None and plan[0] not in bad_groups]
    disabled = _disabled([d for _k, d, _n in plans])
    taken = taken_numbers([d for _k, d, _n in plans])
    good: list[IprInput] = []
    for key, data, first_n in plans:
        if key in bad_groups:
            continue
        problems = ipr_errors(data, disabled=disabled, taken=taken)
        if problems:
            bad_groups.add(key)
            errors.extend(RowError(first_n, f, m) for f, m in problems)
        else:
            good.append(data)
    if errors and all_or_nothing:
        raise IprImportRejected(sorted(errors, key=lambda e: e.row))
    batch = IprImport.objects.create(
        file_name=file_name[:255],
        sha256=hashlib.sha256(content).hexdigest(),
        all_or_nothing=all_or_nothing,
        rows_total=len(rows),
        rows_imported=sum(len(d.provisions) for d in good),
        rows_rejected=len(rows) - sum(len(d.provisions) for d in good),
        started_by=actor,
    )
    iprs, entries = insert_iprs(good, actor=actor, source=choices.IprSource.IMPORT, batch=batch)
    audit.record(
        actor=actor,
        action=AuditAction.IMPORT,
        obj=batch,
        changes={
            "rows": [None, len(rows)],
            "iprs": [None, len(iprs)],
            "queue_entries": [None, len(entries)],
            "rejected_rows": [None, batch.rows_rejected],
        },
    )
    return ImportResult(
        batch=batch,
        rows=len(rows),
        iprs_imported=len(iprs),
        rows_imported=batch.rows_imported,
        errors=sorted(errors, key=lambda e: e.row),
    )
