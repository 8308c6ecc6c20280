"""A payment list imported from a file (CSV: IIN, amount optional, IBAN optional).

Every line is checked before anything is written: an unknown IIN, a person named twice, a person
outside the territory, dead or already paid for the event, an amount above the programme's
limit, a bad IBAN. Any error refuses the whole file with every error by line and field; otherwise
the list and its rows are written in one transaction.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

import polars as pl
from django.db import transaction
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.benefits.iban import validate_iban
from komek.benefits.models import Bank
from komek.category_payments.choices import RowOrigin
from komek.category_payments.models import PaymentList
from komek.category_payments.services._common import (
    LIST,
    PREPARERS,
    limit_error,
    programme_terms,
    territory_unit,
)
from komek.category_payments.services._lookup import persons_by_iin, rule_amounts
from komek.category_payments.services._rows import list_create
from komek.common import audit
from komek.common.choices import AuditAction
from komek.common.errors import DomainError
from komek.registry.iin import InvalidIIN, parse_iin

COLUMNS = ("iin", "amount", "iban")


@dataclass(frozen=True)
class LineError:
    line: int
    field: str
    message: str


class ListImportRefused(DomainError):
    """The file has errors: nothing was written; ``errors`` names each line and field."""

    code = "import_refused"

    def __init__(self, errors: list[LineError]) -> None:
        super().__init__(
            _("The file has %(n)d errors; nothing was imported.") % {"n": len(errors)}, field="file"
        )
        self.errors = errors


def _lines(content: bytes) -> list[tuple[int, dict[str, str]]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError(_("The file is not UTF-8 text."), field="file") from None
    head = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if head.count(";") > head.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader, [])]
    if "iin" not in header or set(header) - set(COLUMNS):
        raise DomainError(
            _("The first line names the columns: iin, and optionally amount and iban."), field="file"
        )
    out = []
    for number, values in enumerate(reader, start=2):
        if not any(v.strip() for v in values):
            continue
        out.append(
            (number, {k: (values[i].strip() if i < len(values) else "") for i, k in enumerate(header)})
        )
    if not out:
        raise DomainError(_("The file names nobody."), field="file")
    return out


def _amount(text: str, limit: int, line: int, errors: list[LineError]) -> int | None:
    if not text:
        return None
    try:
        value = int(text.replace(" ", "").replace("\u00a0", ""))
    except ValueError:
        errors.append(LineError(line, "amount", _("The amount is a whole number of tenge.")))
        return None
    if value <= 0:
        errors.append(LineError(line, "amount", _("The amount is a positive whole number of tenge.")))
    elif value > limit:
        errors.append(LineError(line, "amount", str(limit_error(value, limit))))
    return value


def _person(
    line: int,
    iin: str,
    by_iin: dict[str, dict[str, Any]],
    first_line: dict[str, int],
    prefix: str,
    errors: list[LineError],
) -> dict[str, Any] | None:
    """The registry's row of the line's person, or None with the error recorded."""
    try:
        parse_iin(iin)
    except InvalidIIN as exc:
        errors.append(LineError(line, "iin", str(exc)))
        return None
    if iin in first_line:
        message = _("This person is named twice (first on line %(n)d).") % {"n": first_line[iin]}
        errors.append(LineError(line, "iin", message))
        return None
    first_line[iin] = line
    person = by_iin.get(iin)
    if person is None:
        errors.append(LineError(line, "iin", _("No person with this IIN in the registry.")))
        return None
    if not (person["kato_code"] or "").startswith(prefix):
        errors.append(LineError(line, "iin", _("This person does not live in the list's territory.")))
    elif person["dead"]:
        errors.append(LineError(line, "iin", _("The registry records this person's death.")))
    elif person["paid"]:
        errors.append(LineError(line, "iin", _("This person is already paid for this programme and date.")))
    return person


def _account(
    line: int, text: str, banks: dict[str, str], errors: list[LineError]
) -> tuple[str | None, str | None]:
    """(IBAN, bank) of the line, or (None, None) when none is given or it is wrong (error recorded)."""
    if not text:
        return None, None
    try:
        iban = validate_iban(text)
    except DomainError as exc:
        errors.append(LineError(line, "iban", str(exc)))
        return None, None
    bank = banks.get(iban[4:7])
    if bank is None:
        message = _("No bank of Kazakhstan has the code %(code)s of this IBAN.") % {"code": iban[4:7]}
        errors.append(LineError(line, "iban", message))
    return iban, bank


def payment_list_import(
    *, actor: Any, programme: str, event_date: dt.date, territory: str, content: bytes, file_name: str = ""
) -> PaymentList:
    """A new list of the programme for the event from the file's lines, or every error of the file."""
    policy.require_any(actor, *PREPARERS)
    unit = territory_unit(actor, territory)
    terms = programme_terms(code=programme, on=event_date, territory=unit.code)
    lines = _lines(content)
    errors: list[LineError] = []
    found = persons_by_iin([v["iin"] for _n, v in lines], on=event_date, programme=programme)
    by_iin = {row["iin"]: row for row in found.iter_rows(named=True)}
    banks = {b.iban_code: b.pk for b in Bank.objects.filter(active=True)}
    first_line: dict[str, int] = {}
    parsed: list[dict[str, Any]] = []
    for line, values in lines:
        before = len(errors)
        person = _person(line, values["iin"], by_iin, first_line, unit.prefix, errors)
        amount = _amount(values.get("amount", ""), terms.limit, line, errors)
        iban, bank = _account(line, values.get("iban", ""), banks, errors)
        if person is not None and len(errors) == before:
            parsed.append(
                {
                    "line": line,
                    "person_id": person["person_id"],
                    "family_id": person["family_id"],
                    "kato_code": person["kato_code"],
                    "amount": amount,
                    "bank_id": bank,
                    "iban": iban,
                }
            )
    schema = {
        "line": pl.Int64,
        "person_id": pl.Int64,
        "family_id": pl.Int64,
        "kato_code": pl.String,
        "amount": pl.Int64,
        "bank_id": pl.String,
        "iban": pl.String,
    }
    frame = pl.DataFrame(parsed, schema=schema)
    rules = rule_amounts(terms, on=event_date, family_ids=frame["family_id"].drop_nulls().unique().to_list())
    frame = frame.join(rules, on="person_id", how="left").with_columns(
        pl.coalesce("amount", "rule_amount").alias("amount")
    )
    for line in frame.filter(pl.col("amount").is_null())["line"].to_list():
        errors.append(
            LineError(line, "amount", _("The rules do not find this person eligible: give the amount."))
        )
    if errors:
        refused = ListImportRefused(sorted(errors, key=lambda e: (e.line, e.field)))
        with transaction.atomic():
            audit.refusal(
                actor=actor,
                object_type=LIST,
                territory=unit.code,
                reason=str(refused),
                changes={"file": [None, file_name[:200]], "errors": [None, len(errors)]},
            )
        raise refused
    with transaction.atomic():
        return list_create(
            actor=actor,
            terms=terms,
            programme=programme,
            event_date=event_date,
            unit=unit,
            frame=frame,
            origin=RowOrigin.IMPORTED,
            action=AuditAction.IMPORT,
            reason=file_name[:200],
        )
