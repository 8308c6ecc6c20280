"""``komek import persons``: a CSV of persons and families into the registry, set-based.

The file is read and checked as whole columns (``import_csv``, ``import_rules``); the checks that
need the registry (IINs already registered) run as one join against a staging table; the rows
that pass go in with ``INSERT ... SELECT`` from a staging table filled by COPY (PostgreSQL) or
``executemany`` (SQLite). Everything happens in one transaction.

Per-person audit records are deliberately not written: a million ``create`` rows would say less
than the one ``import`` record (counts and the file's SHA-256) plus the ``import_batch`` that every
imported person and family carries. Rows of a family with any error are all rejected, so a family
is never imported in half.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.accounts.models import User
from komek.common import audit, bulk_sql
from komek.common.choices import AuditAction
from komek.common.models import KatoUnit
from komek.registry import choices
from komek.registry.import_csv import ImportFileError, read_rows
from komek.registry.import_rules import (
    COLUMN_ORDER,
    MESSAGES,
    duplicate_errors,
    family_structure_errors,
    field_errors,
    no_errors,
    normalise,
    registry_errors,
    spread_to_families,
)
from komek.registry.models import Family, ImportBatch, Membership, Person
from komek.registry.names_vector import search_keys

if TYPE_CHECKING:
    from komek.accounts.policy import Actor


log = logging.getLogger(__name__)
STAGE = "komek_import_stage"
CANDIDATES = "komek_import_iin"


@dataclass(frozen=True, slots=True)
class ImportResult:
    batch_id: int | None  # None when --all-or-nothing refused the file
    rows_total: int
    rows_imported: int
    rows_rejected: int
    families_imported: int
    errors: int
    report_path: Path


def report_path_for(path: Path) -> Path:
    """``persons.csv`` → ``persons.errors.csv``, next to the imported file."""
    stem = path.stem if path.suffix.lower() == ".csv" else path.name
    return path.with_name(f"{stem}.errors.csv")


def persons_import(*, actor: Actor, path: Path | str, all_or_nothing: bool = False) -> ImportResult:
    """Import persons (and families) from a CSV file; see docs/import-format.md.

    Raises ImportFileError when the file cannot be imported at all (encoding, header, quoting)
    and PermissionDenied when ``actor`` may not import. Row errors do not raise: they go to the
    report next to the file, and the result counts them.
    """
    policy.require(actor, Capability.PERSON_IMPORT)
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(_("The file cannot be read: %(reason)s") % {"reason": exc.strerror}) from None
    rows = read_rows(data)
    today = timezone.localdate()
    frame = normalise(rows.frame, today=today)
    territory = policy.prefixes(actor)
    kato_codes = list(KatoUnit.objects.values_list("code", flat=True))
    checks = [
        rows.broken.select(
            "line",
            pl.lit("").alias("column"),
            pl.lit("broken_row").alias("code"),
            pl.col("fields").cast(pl.String).alias("param"),
        ),
        *field_errors(frame, kato_codes=kato_codes, territory=territory),
        family_structure_errors(frame),
        duplicate_errors(frame),
    ]
    report = report_path_for(path)
    pending: str | None = None
    try:
        with transaction.atomic():
            checks.append(registry_errors(frame, _registered(frame)))
            errors = pl.concat([e.cast(no_errors().schema) for e in checks])
            errors = pl.concat([errors, spread_to_families(frame, errors)])
            rejected_lines = errors.select(pl.col("line").n_unique()).item()
            pending = _write_report(report, errors)
            if all_or_nothing and errors.height:
                _commit_report(pending, report)
                return ImportResult(None, rows.total, 0, rows.total, 0, errors.height, report)
            accepted = frame.join(errors.select("line").unique(), on="line", how="anti")
            batch = ImportBatch.objects.create(
                file_name=path.name[:255], sha256=hashlib.sha256(data).hexdigest(), rows_total=rows.total,
                all_or_nothing=all_or_nothing, started_by=_staff(actor),
            )  # fmt: skip
            imported, families = _insert(accepted, batch=batch, today=today)
            ImportBatch.objects.filter(pk=batch.pk).update(
                finished_at=timezone.now(), rows_imported=imported, rows_rejected=rejected_lines
            )
            audit.record(
                actor=actor,
                action=AuditAction.IMPORT,
                object_type="registry.importbatch",
                object_id=batch.pk,
                territory=covering_unit(accepted["kato"].unique().to_list()),
                changes={
                    "file": batch.file_name, "sha256": batch.sha256, "rows_total": rows.total,
                    "rows_imported": imported, "rows_rejected": rejected_lines,
                    "families_imported": families, "all_or_nothing": all_or_nothing,
                },
            )  # fmt: skip
    except BaseException as exc:
        if pending is not None:
            with contextlib.suppress(OSError):
                os.unlink(pending)
        if isinstance(exc, IntegrityError) and _is_iin_conflict(exc):
            # Someone registered one of these IINs between the check and the insert; all was undone.
            raise ImportFileError(
                _("The registry changed during the import; nothing was imported. Run the import again.")
            ) from None
        raise
    _commit_report(pending, report)
    # Counts only: the log never carries a person's data.
    log.info(
        "persons import batch %s: %s rows, %s imported, %s rejected",
        batch.pk,
        rows.total,
        imported,
        rejected_lines,
    )
    return ImportResult(batch.pk, rows.total, imported, rejected_lines, families, errors.height, report)


def _staff(actor: Actor) -> User | None:
    """The member of staff who started an import (none when the system did)."""
    return actor if isinstance(actor, User) else None


def covering_unit(codes: list[str]) -> str:
    """The smallest territorial unit containing every code (the audit row is filed under it)."""
    if not codes:
        return ""
    common = os.path.commonprefix(codes)
    for length in (9, 6, 4, 2):
        if len(common) >= length:
            unit = KatoUnit.objects.filter(prefix=common[:length]).values_list("code", flat=True).first()
            if unit:
                return str(unit)
    return ""


def _is_iin_conflict(exc: IntegrityError) -> bool:
    diag = getattr(exc.__cause__, "diag", None)
    constraint = getattr(diag, "constraint_name", None) or str(exc)
    return "iin" in constraint


def _registered(frame: pl.DataFrame) -> pl.DataFrame:
    """IINs of the file already in the registry, and whether each is in a family now (one join)."""
    schema = {"iin": pl.String, "in_family": pl.Boolean}
    candidates = frame.filter(pl.col("iin_error").is_null()).select("iin").unique()
    if candidates.height == 0:
        return pl.DataFrame(schema=schema)
    bulk_sql.create_temp_table(CANDIDATES, {"iin": pl.String})
    bulk_sql.load_frame(CANDIDATES, candidates)
    person, membership = Person._meta.db_table, Membership._meta.db_table
    with connection.cursor() as cursor:
        if bulk_sql.vendor() == "postgresql":
            cursor.execute(f"ANALYZE {CANDIDATES}")
        # Table names come from model metadata and module constants, never from the file.
        current = f"SELECT 1 FROM {membership} m WHERE m.person_id = p.id AND m.valid_to IS NULL"  # noqa: S608
        query = f"SELECT p.iin, EXISTS ({current}) FROM {CANDIDATES} t JOIN {person} p ON p.iin = t.iin"  # noqa: S608
        cursor.execute(query)
        found = cursor.fetchall()
    bulk_sql.drop_temp_table(CANDIDATES)
    return pl.DataFrame(found, schema=schema, orient="row")


def _insert(accepted: pl.DataFrame, *, batch: ImportBatch, today: dt.date) -> tuple[int, int]:
    """Write accepted rows: families, persons, memberships, each one INSERT ... SELECT from staging.

    Ids are taken before the inserts, so memberships need no join back by IIN. A file bigger than
    the registry (the first load of a department's register) goes in with the indexes and keys
    rebuilt once at the end (``bulk_sql.indexes_built_at_end``), the tables locked meanwhile;
    into a registry in use, rows go through the live indexes and keys.
    """
    if accepted.height == 0:
        return 0, 0
    tables = [Family, Person, Membership]
    young = bulk_sql.estimated_rows(Person) < accepted.height and bulk_sql.may_rebuild(tables)
    with bulk_sql.indexes_built_at_end(tables) if young else contextlib.nullcontext():
        heads = accepted.filter(
            (pl.col("family_ref") != "") & (pl.col("relation_code") == choices.Relation.HEAD)
        )
        heads = heads.sort("line").select("family_ref")
        family_ids = bulk_sql.reserve_ids(Family, heads.height, exclusive=young)
        person_ids = bulk_sql.reserve_ids(Person, accepted.height, exclusive=young)
        stage = (
            accepted.sort("line")
            .with_columns(pl.Series("person_id", person_ids))
            .join(heads.with_columns(pl.Series("family_id", family_ids)), on="family_ref", how="left")
        )
        stage = stage.select(
            "line", "person_id", "iin", "surname", "name", "patronymic",
            pl.col("iin_birth_date").alias("birth_date"), pl.col("iin_sex").alias("sex"),
            pl.col("citizenship_code").alias("citizenship"), "kato", "street",
            pl.col("phone_value").alias("phone"), "email",
            search_keys(stage["surname"], stage["name"], stage["patronymic"]).alias("search_key"),
            "family_id",
            pl.when(pl.col("family_id").is_not_null()).then(pl.col("relation_code")).alias("relation"),
        )  # fmt: skip
        bulk_sql.create_temp_table(STAGE, stage.schema)
        bulk_sql.load_frame(STAGE, stage, analyze=True)
        now = timezone.now()
        batch_column = {"import_batch_id": "%s"}
        families = bulk_sql.insert_select(
            Family,
            select={"id": "family_id", "kato_code": "kato", "street": "street", **batch_column},
            source=f"{STAGE} WHERE family_id IS NOT NULL AND relation = 'head'",
            params=[batch.pk],
            now=now,
            order_by="family_id",
        )
        columns = ("iin", "surname", "name", "patronymic", "birth_date", "sex", "citizenship", "street")
        persons = bulk_sql.insert_select(
            Person,
            select={
                "id": "person_id", **{c: c for c in columns}, "phone": "phone", "email": "email",
                "kato_code": "kato", "search_key": "search_key", **batch_column,
            },
            source=STAGE,
            params=[batch.pk],
            now=now,
            order_by="person_id",
        )  # fmt: skip
        bulk_sql.insert_select(
            Membership,
            select={
                "family_id": "s.family_id",
                "person_id": "s.person_id",
                "person_territory": "s.kato",  # the person's address (ADR 0070)
                "territory": "f.kato_code",  # the family's address (ADR 0069)
                "relation": "s.relation",
                "valid_from": "%s",
            },
            source=f"{STAGE} s JOIN {Family._meta.db_table} f ON f.id = s.family_id",
            params=[connection.ops.adapt_datefield_value(today)],
            now=now,
        )
        bulk_sql.drop_temp_table(STAGE)
    return persons, families


def render_errors(errors: pl.DataFrame) -> pl.DataFrame:
    """``line, column, reason`` in the active language, sorted by line and column order."""
    templates = []
    for code in errors["code"].unique().to_list():
        text = str(MESSAGES[code])
        head, found, tail = text.partition("%(param)s")
        templates.append((code, head.replace("%%", "%"), tail.replace("%%", "%"), bool(found)))
    schema = {"code": pl.String, "head": pl.String, "tail": pl.String, "has_param": pl.Boolean}
    table = pl.DataFrame(templates, schema=schema, orient="row")
    order = pl.col("column").replace_strict(COLUMN_ORDER, default=len(COLUMN_ORDER), return_dtype=pl.Int64)
    joined = errors.join(table, on="code", how="left").sort(pl.col("line"), order, pl.col("code"))
    reason = (
        pl.when(pl.col("has_param"))
        .then(pl.concat_str([pl.col("head"), pl.col("param").fill_null(""), pl.col("tail")]))
        .otherwise(pl.col("head"))
    )
    return joined.select("line", "column", reason.alias("reason"))


def _write_report(report: Path, errors: pl.DataFrame) -> str:
    """Write the report to a temporary file beside its final place; renamed once all went well."""
    try:
        handle, pending = tempfile.mkstemp(prefix=f".{report.name}.", dir=report.parent)
        with os.fdopen(handle, "wb") as stream:
            render_errors(errors).write_csv(stream, include_bom=True)  # the BOM tells Excel it is UTF-8
    except OSError as exc:
        raise ImportFileError(
            _("The error report cannot be written next to the file: %(reason)s") % {"reason": exc.strerror}
        ) from None
    return pending


def _commit_report(pending: str, report: Path) -> None:
    os.replace(pending, report)
