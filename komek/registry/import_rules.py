"""Row checks of the persons import, each one a Polars filter over the whole file.

Every check yields error rows ``(line, column, code, param)``; ``MESSAGES`` turns a code into a
translatable sentence, with ``%(param)s`` standing for the only variable part (a count, a list
of codes or of line numbers: never a person's data). The checks mirror the registration service
(``services.persons``): same name pattern, same phone rule, birth date and sex agreeing with the
IIN.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import polars as pl
from django.utils.translation import gettext_lazy as _

from komek.registry import choices
from komek.registry.iin_vector import IIN_ERRORS, with_iin_checks
from komek.registry.import_csv import COLUMNS
from komek.registry.models import Person

ERROR_SCHEMA = {"line": pl.Int64, "column": pl.String, "code": pl.String, "param": pl.String}
# The registration service's pattern: letters, single spaces, hyphens or apostrophes between them.
NAME_PATTERN = r"^[^\W\d_]+(?:[ '\-][^\W\d_]+)*$"
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s.]+$"

MESSAGES: dict[str, object] = {
    **{f"iin_{code}": message for code, message in IIN_ERRORS.items()},
    "broken_row": _("The row has %(param)s fields; the header has 13. Check the commas and quotes."),
    "required": _("This field is required."),
    "name_chars": _("Only letters, spaces, hyphens and apostrophes are allowed."),
    "too_long": _("Too long: at most %(param)s characters."),
    "date_format": _("Write the date as YYYY-MM-DD or DD.MM.YYYY."),
    "birth_date_mismatch": _("The date of birth does not match the IIN (the IIN says %(param)s)."),
    "sex_unknown": _("Unknown sex code; use one of: %(param)s."),
    "sex_mismatch": _("The sex does not match the 7th digit of the IIN."),
    "citizenship_unknown": _("Unknown citizenship code; use one of: %(param)s."),
    "kato_unknown": _("Unknown KATO code."),
    "kato_territory": _("This address is outside your territorial units."),
    "phone": _("A phone number has 10 digits after +7."),
    "email": _("Not a valid e-mail address."),
    "relation_unknown": _("Unknown relation code; use one of: %(param)s."),
    "relation_required": _("A member of a family (family_ref) needs a relation to the head."),
    "relation_without_family": _("A relation is given but family_ref is empty."),
    "family_no_head": _("This family has no head: exactly one of its rows must have the relation head."),
    "family_heads": _(
        "This family has %(param)s heads: exactly one of its rows must have the relation head."
    ),
    "family_rejected": _("Not imported: another member of this family has an error (line %(param)s)."),
    "duplicate_in_file": _("The same IIN is also on line(s) %(param)s."),
    "duplicate_in_registry": _("A person with this IIN is already registered."),
    "already_in_family": _("This person is already a member of a family in the registry."),
}

_LENGTHS = {
    field.name: field.max_length
    for field in Person._meta.concrete_fields
    if field.name in ("surname", "name", "patronymic", "street")
}
_LENGTHS["email"] = Person._meta.get_field("email").max_length
_LENGTHS["family_ref"] = 100


def no_errors() -> pl.DataFrame:
    return pl.DataFrame(schema=ERROR_SCHEMA)


def errors_where(
    frame: pl.DataFrame, condition: pl.Expr, *, column: str, code: str, param: pl.Expr | str | None = None
) -> pl.DataFrame:
    """Error rows for the lines where ``condition`` holds."""
    value = param if isinstance(param, pl.Expr) else pl.lit(param, dtype=pl.String)
    return frame.filter(condition).select(
        pl.col("line"),
        pl.lit(column, dtype=pl.String).alias("column"),
        pl.lit(code, dtype=pl.String).alias("code"),
        value.cast(pl.String).alias("param"),
    )


def _choices(values: Iterable[str]) -> str:
    return ", ".join(values)


def normalise(frame: pl.DataFrame, *, today: dt.date) -> pl.DataFrame:
    """Cleaned values next to the raw ones: IIN facts, parsed date, codes, phone."""
    frame = frame.with_columns(
        pl.col(c).str.replace_all(r"\s+", " ") for c in ("surname", "name", "patronymic", "street")
    )
    frame = with_iin_checks(frame, "iin", prefix="iin_", today=today)
    digits = pl.col("phone").str.replace_all(r"\D", "")
    digits = (
        pl.when((digits.str.len_chars() == 11) & digits.str.contains("^[78]"))
        .then(digits.str.slice(1))
        .otherwise(digits)
    )
    return frame.with_columns(
        pl.coalesce(
            pl.col("birth_date").str.to_date("%Y-%m-%d", strict=False),
            pl.col("birth_date").str.to_date("%d.%m.%Y", strict=False),
        ).alias("birth_date_value"),
        pl.col("sex").str.to_lowercase().alias("sex_code"),
        pl.when(pl.col("citizenship") == "")
        .then(pl.lit(choices.Citizenship.CITIZEN.value))
        .otherwise(pl.col("citizenship").str.to_lowercase())
        .alias("citizenship_code"),
        pl.col("relation").str.to_lowercase().alias("relation_code"),
        pl.when(pl.col("phone") == "").then(pl.lit("")).otherwise(pl.lit("+7") + digits).alias("phone_value"),
        digits.alias("phone_digits"),
    )


def field_errors(
    frame: pl.DataFrame, *, kato_codes: list[str], territory: list[str] | None
) -> list[pl.DataFrame]:
    """Checks of single rows, needing nothing but the reference tables."""
    col = pl.col
    out = [
        frame.filter(col("iin_error").is_not_null()).select(
            "line", pl.lit("iin").alias("column"), (pl.lit("iin_") + col("iin_error")).alias("code"),
            pl.lit(None, dtype=pl.String).alias("param"),
        )
    ]  # fmt: skip
    for name in ("surname", "name"):
        out.append(errors_where(frame, col(name) == "", column=name, code="required"))
    for name in ("surname", "name", "patronymic"):
        bad = (col(name) != "") & ~col(name).str.contains(NAME_PATTERN)
        out.append(errors_where(frame, bad, column=name, code="name_chars"))
    for name, limit in _LENGTHS.items():
        too_long = col(name).str.len_chars() > limit
        out.append(errors_where(frame, too_long, column=name, code="too_long", param=str(limit)))
    valid_iin = col("iin_error").is_null()
    has_date = col("birth_date") != ""
    out.append(
        errors_where(
            frame, has_date & col("birth_date_value").is_null(), column="birth_date", code="date_format"
        )
    )
    mismatch = (
        valid_iin & col("birth_date_value").is_not_null() & (col("birth_date_value") != col("iin_birth_date"))
    )
    out.append(
        errors_where(
            frame, mismatch, column="birth_date", code="birth_date_mismatch",
            param=col("iin_birth_date").dt.strftime("%d.%m.%Y"),
        )
    )  # fmt: skip
    sexes = choices.Sex.values
    unknown_sex = (col("sex") != "") & ~col("sex_code").is_in(sexes)
    out.append(errors_where(frame, unknown_sex, column="sex", code="sex_unknown", param=_choices(sexes)))
    sex_mismatch = valid_iin & col("sex_code").is_in(sexes) & (col("sex_code") != col("iin_sex"))
    out.append(errors_where(frame, sex_mismatch, column="sex", code="sex_mismatch"))
    citizenships = choices.Citizenship.values
    out.append(
        errors_where(
            frame, ~col("citizenship_code").is_in(citizenships), column="citizenship",
            code="citizenship_unknown", param=_choices(citizenships),
        )
    )  # fmt: skip
    known = col("kato").is_in(kato_codes)
    out.append(errors_where(frame, ~known, column="kato", code="kato_unknown"))
    if territory is not None:
        inside = pl.any_horizontal([col("kato").str.starts_with(p) for p in territory] or [pl.lit(False)])
        out.append(errors_where(frame, known & ~inside, column="kato", code="kato_territory"))
    bad_phone = (col("phone") != "") & (col("phone_digits").str.len_chars() != 10)
    out.append(errors_where(frame, bad_phone, column="phone", code="phone"))
    bad_email = (col("email") != "") & ~col("email").str.contains(EMAIL_PATTERN)
    out.append(errors_where(frame, bad_email, column="email", code="email"))
    in_family = col("family_ref") != ""
    relations = choices.Relation.values
    out.append(
        errors_where(frame, in_family & (col("relation") == ""), column="relation", code="relation_required")
    )
    out.append(
        errors_where(
            frame, (col("relation") != "") & ~col("relation_code").is_in(relations), column="relation",
            code="relation_unknown", param=_choices(relations),
        )
    )  # fmt: skip
    out.append(
        errors_where(
            frame, ~in_family & (col("relation") != ""), column="relation", code="relation_without_family"
        )
    )
    return out


def family_structure_errors(frame: pl.DataFrame) -> pl.DataFrame:
    """Exactly one head per family_ref, reported on every row of a family that breaks it."""
    members = frame.filter(pl.col("family_ref") != "")
    heads = members.group_by("family_ref").agg(
        (pl.col("relation_code") == choices.Relation.HEAD).sum().alias("heads")
    )
    counted = members.join(heads, on="family_ref", how="left")
    return pl.concat(
        [
            errors_where(counted, pl.col("heads") == 0, column="family_ref", code="family_no_head"),
            errors_where(
                counted, pl.col("heads") > 1, column="family_ref", code="family_heads", param=pl.col("heads")
            ),
        ]
    )


def duplicate_errors(frame: pl.DataFrame) -> pl.DataFrame:
    """Every row whose valid IIN occurs on another line too, naming the other lines."""
    valid = frame.filter(pl.col("iin_error").is_null()).select("line", "iin")
    repeated = valid.filter(pl.len().over("iin") > 1)
    if repeated.height == 0:
        return no_errors()
    lines = repeated.group_by("iin").agg(pl.col("line").sort().alias("lines"))
    paired = repeated.join(lines, on="iin").with_columns(
        pl.col("lines").list.set_difference(pl.concat_list("line")).list.sort().alias("others")
    )
    others = pl.col("others").list.head(20).cast(pl.List(pl.String)).list.join(", ")
    more = pl.when(pl.col("others").list.len() > 20).then(pl.lit(", …")).otherwise(pl.lit(""))
    return errors_where(paired, pl.lit(True), column="iin", code="duplicate_in_file", param=others + more)


def registry_errors(frame: pl.DataFrame, existing: pl.DataFrame) -> pl.DataFrame:
    """Rows whose IIN is already registered; ``existing`` has ``iin`` and ``in_family``."""
    if existing.height == 0:
        return no_errors()
    matched = frame.select("line", "iin", "family_ref").join(existing, on="iin", how="inner")
    return pl.concat(
        [
            errors_where(matched, pl.lit(True), column="iin", code="duplicate_in_registry"),
            errors_where(
                matched, (pl.col("family_ref") != "") & pl.col("in_family"), column="family_ref",
                code="already_in_family",
            ),
        ]
    )  # fmt: skip


def spread_to_families(frame: pl.DataFrame, errors: pl.DataFrame) -> pl.DataFrame:
    """Reject the whole family of any row with an error: never half a family."""
    bad_lines = errors.select("line").unique()
    members = frame.filter(pl.col("family_ref") != "").select("line", "family_ref")
    failing = (
        members.join(bad_lines, on="line", how="semi")
        .group_by("family_ref")
        .agg(pl.col("line").min().alias("first"))
    )
    dragged = members.join(failing, on="family_ref").join(bad_lines, on="line", how="anti")
    return errors_where(
        dragged, pl.lit(True), column="family_ref", code="family_rejected", param=pl.col("first")
    )


COLUMN_ORDER = {name: index for index, name in enumerate(("", *COLUMNS))}
