"""``komek import statuses``: a CSV of statuses with their validity dates, all or nothing.

The columns are ``iin, kind, category, valid_from, valid_to, note`` (``valid_to`` empty while the
status is indefinite). The file is checked as whole columns with Polars, the persons are found with
one join; any error (named by its line and column) rejects the whole file, the refusal audited, so
a file is never imported in half. Accepted rows go in with one ``INSERT ... SELECT`` from a staging
table and one audit row per status (``audit.bulk``). The checks mirror ``statuses.status_add``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.common import audit, bulk_sql
from komek.common.choices import AuditAction
from komek.common.validation import today
from komek.registry import choices
from komek.registry.ages import adult_age_on
from komek.registry.import_csv import ImportFileError, check_encoding
from komek.registry.models import Person, PersonStatus

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

COLUMNS = ("iin", "kind", "category", "valid_from", "valid_to", "note")
STAGE = "komek_status_stage"


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("line %(line)s, column %(column)s: %(message)s") % {
            "line": self.line, "column": self.column, "message": self.message,
        }  # fmt: skip


@dataclass(frozen=True)
class StatusImportResult:
    imported: int
    errors: tuple[RowError, ...]


def _read(path: Path) -> pl.DataFrame:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(_("The file cannot be read: %(reason)s") % {"reason": exc.strerror}) from None
    check_encoding(data)
    frame = pl.read_csv(data, infer_schema=False)
    if frame.columns != list(COLUMNS):
        raise ImportFileError(_("The header must be exactly: %(columns)s.") % {"columns": ",".join(COLUMNS)})
    text = [pl.col(c).fill_null("").str.strip_chars() for c in COLUMNS]
    return (
        frame.with_columns(text)
        .with_row_index("line", offset=2)
        .with_columns(
            pl.col("line").cast(pl.Int64),
            pl.col("valid_from").str.to_date("%Y-%m-%d", strict=False).alias("from_date"),
            pl.col("valid_to").str.to_date("%Y-%m-%d", strict=False).alias("to_date"),
        )
    )


def _persons(frame: pl.DataFrame) -> pl.DataFrame:
    """The registry's persons of the file's IINs (one join through a staging table)."""
    schema = {"iin": pl.String, "person_id": pl.Int64, "birth_date": pl.Date, "kato": pl.String}
    iins = frame.filter(pl.col("iin") != "").select("iin").unique()
    bulk_sql.create_temp_table(STAGE, {"iin": pl.String})
    bulk_sql.load_frame(STAGE, iins)
    with connection.cursor() as cursor:
        # Names come from model metadata and a module constant, never from the file.
        cursor.execute(
            f"SELECT p.iin, p.id, CAST(p.birth_date AS TEXT), p.kato_code FROM {STAGE} t "  # noqa: S608
            f"JOIN {Person._meta.db_table} p ON p.iin = t.iin"
        )
        rows = cursor.fetchall()
    bulk_sql.drop_temp_table(STAGE)
    found = pl.DataFrame(rows, schema={**schema, "birth_date": pl.String}, orient="row")
    return found.with_columns(pl.col("birth_date").str.slice(0, 10).str.to_date("%Y-%m-%d"))


def _errors(frame: pl.DataFrame, actor: Actor) -> list[RowError]:
    """Every field error of the file (``frame`` joined with the registry's persons), by line."""
    subtypes = pl.DataFrame(
        [(kind, sub) for kind, values in choices.STATUS_SUBTYPES.items() for sub in values.values],
        schema={"kind": pl.String, "category": pl.String}, orient="row",
    ).with_columns(pl.lit(True).alias("category_known"))  # fmt: skip
    allowed = policy.prefixes(actor)
    frame = frame.join(subtypes, on=["kind", "category"], how="left")
    col = pl.col
    # Full years on the line's date, as ``common.periods.age_on`` counts them (month and day, so that a
    # leap year does not shift a birthday).
    on, born = (col(c).dt.month().cast(pl.Int32) * 100 + col(c).dt.day() for c in ("from_date", "birth_date"))
    age = (col("from_date").dt.year() - col("birth_date").dt.year()) - (on < born).cast(pl.Int32)
    outside = (
        pl.lit(False)
        if allowed is None
        else ~pl.any_horizontal([col("kato").str.starts_with(p) for p in allowed] or [pl.lit(False)])
    )
    given_from, given_to = col("valid_from") != "", col("valid_to") != ""
    known_kind = col("kind").is_in(choices.StatusKind.values)
    child_message = _("'Child with disability' applies only under %(age)s.") % {"age": adult_age_on(today())}
    # The age of majority of the legislation on each line's date (a few distinct dates per file).
    dates = frame.get_column("from_date").drop_nulls().unique().to_list()
    adult_age = col("from_date").replace_strict(
        {day: adult_age_on(day) for day in dates}, default=None, return_dtype=pl.Int32
    )
    adult_child = (
        (col("kind") == choices.StatusKind.DISABILITY)
        & (col("category") == choices.DisabilityGroup.CHILD)
        & (age >= adult_age)
    )
    repeated = pl.struct("iin", "kind", "category", "valid_from").is_duplicated()
    checks: list[tuple[str, pl.Expr, str]] = [
        ("iin", col("iin") == "", _("This field is required.")),
        (
            "iin",
            (col("iin") != "") & col("person_id").is_null(),
            _("No person with this IIN in the registry."),
        ),
        (
            "iin",
            col("person_id").is_not_null() & outside,
            _("This person is outside your territorial units."),
        ),
        ("kind", ~known_kind, _("Unknown status.")),
        (
            "category",
            known_kind & col("category_known").is_null(),
            _("This category does not belong to the chosen status."),
        ),
        ("valid_from", ~given_from, _("Enter the date the status is valid from.")),
        ("valid_from", given_from & col("from_date").is_null(), _("A date is written YYYY-MM-DD.")),
        (
            "valid_from",
            col("from_date") < col("birth_date"),
            _("The status cannot start before the person was born."),
        ),
        ("valid_to", given_to & col("to_date").is_null(), _("A date is written YYYY-MM-DD.")),
        ("valid_to", col("to_date") < col("from_date"), _("The end date is before the start date.")),
        ("category", adult_child, child_message),
        ("note", col("note").str.len_chars() > 300, _("Too long: at most 300 characters.")),
        ("valid_from", repeated, _("The same status is on another line of the file.")),
    ]
    flagged = frame.select(
        "line", *[cond.fill_null(False).alias(str(i)) for i, (_c, cond, _m) in enumerate(checks)]
    )
    out = []
    for i, (column, _cond, message) in enumerate(checks):
        out += [RowError(line, column, message) for line in flagged.filter(pl.col(str(i)))["line"].to_list()]
    return sorted(out, key=lambda e: (e.line, COLUMNS.index(e.column)))


def _overlapping(frame: pl.DataFrame) -> list[RowError]:
    """Lines whose status overlaps the same status already recorded for the person."""
    ids = frame["person_id"].unique().to_list()
    existing = pl.DataFrame(
        list(PersonStatus.objects.filter(person_id__in=ids).values_list("person_id", "kind", "subtype",
                                                                         "valid_from", "valid_to")),
        schema={"person_id": pl.Int64, "kind": pl.String, "category": pl.String, "old_from": pl.Date,
                "old_to": pl.Date}, orient="row",
    )  # fmt: skip
    clash = frame.join(existing, on=["person_id", "kind", "category"]).filter(
        (pl.col("old_to").is_null() | (pl.col("old_to") >= pl.col("from_date")))
        & (pl.col("to_date").is_null() | (pl.col("to_date") >= pl.col("old_from")))
    )
    message = _("The same status already covers part of this period.")
    return [RowError(line, "valid_from", message) for line in sorted(set(clash["line"].to_list()))]


def statuses_import(*, actor: Actor, path: Path | str) -> StatusImportResult:
    """Import the statuses of a CSV file, or none: the result's errors name each line and column."""
    # Whoever records statuses (in their territory, checked per line) or imports the registry.
    policy.require_any(actor, Capability.STATUS_EDIT, Capability.PERSON_IMPORT)
    path = Path(path)
    frame = _read(path)
    now = timezone.now()
    with transaction.atomic():
        checked = frame.join(_persons(frame), on="iin", how="left")
        errors = _errors(checked, actor)
        if not errors:
            errors = _overlapping(checked)
        if errors:
            audit.refusal(
                actor=actor, object_type="registry.personstatus", reason=_("Statuses import refused"),
                changes={"file": path.name, "rows": frame.height, "errors": len(errors),
                         "first": str(errors[0])},
            )  # fmt: skip
            return StatusImportResult(0, tuple(errors))
        ids = bulk_sql.reserve_ids(PersonStatus, checked.height)
        stage = checked.select(
            pl.Series("id", ids, dtype=pl.Int64), "person_id", pl.col("kato").alias("person_territory"),
            "kind", pl.col("category").alias("subtype"),
            pl.col("from_date").alias("valid_from"), pl.col("to_date").alias("valid_to"), "note",
        )  # fmt: skip
        bulk_sql.create_temp_table(STAGE, stage.schema)
        bulk_sql.load_frame(STAGE, stage)
        imported = bulk_sql.insert_select(
            PersonStatus,
            select={c: c for c in ("id", "person_id", "person_territory", "kind", "subtype", "valid_from",
                                   "valid_to", "note")},
            source=STAGE, now=now,
        )  # fmt: skip
        bulk_sql.drop_temp_table(STAGE)
        audit.bulk(
            actor=actor, action=AuditAction.CREATE, object_type="registry.personstatus",
            entries=[
                audit.Entry(object_id=row["id"], person_id=row["person_id"], territory=kato,
                            changes={"kind": row["kind"], "subtype": row["subtype"],
                                     "valid_from": str(row["valid_from"]),
                                     "valid_to": str(row["valid_to"]) if row["valid_to"] else None})
                for row, kato in zip(stage.iter_rows(named=True), checked["kato"], strict=True)
            ],
            reason=_("Statuses import of %(file)s") % {"file": path.name},
        )  # fmt: skip
    return StatusImportResult(imported, ())


__all__ = ["COLUMNS", "RowError", "StatusImportResult", "statuses_import"]
