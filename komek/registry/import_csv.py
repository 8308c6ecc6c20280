"""Reading the persons CSV: encoding, header, record structure, fields.

The structure is found with numpy over the raw bytes (quote parity, record and field separators)
and the fields are parsed by Polars' CSV reader, so a million-row file is read without a Python
step per row. Both follow RFC 4180: a field with commas, quotes or line breaks is enclosed in double
quotes and quotes inside it are doubled. A record with the wrong number of fields is reported by
the line it starts on and skipped; a misplaced or unclosed quote makes every following record
ambiguous, so it stops the whole file with the line to fix.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass

import numpy as np
import polars as pl
from django.utils.translation import gettext_lazy as _

from komek.common.errors import DomainError

COLUMNS: tuple[str, ...] = (
    "iin", "surname", "name", "patronymic", "birth_date", "sex", "citizenship",
    "kato", "street", "phone", "email", "family_ref", "relation",
)  # fmt: skip
BOM = b"\xef\xbb\xbf"
QUOTE, COMMA, CR, LF = 34, 44, 13, 10


class ImportFileError(DomainError):
    """The file as a whole cannot be imported (encoding, header, quoting); nothing was written."""

    code = "import_file"


@dataclass(frozen=True, slots=True)
class CsvRows:
    """Parsed records: ``frame`` has ``line`` and the columns as stripped strings ("" if empty)."""

    frame: pl.DataFrame
    broken: pl.DataFrame  # line, fields: records with the wrong number of fields

    @property
    def total(self) -> int:
        return self.frame.height + self.broken.height


def _line_of(data: bytes | np.ndarray, offset: int) -> int:
    if isinstance(data, bytes):
        return data.count(b"\n", 0, offset) + 1
    return int(np.count_nonzero(data[:offset] == LF)) + 1


def check_encoding(data: bytes) -> None:
    """Refuse anything but UTF-8, saying where the first bad byte is."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            _(
                "The file is not in UTF-8: the byte at offset %(offset)s (line %(line)s) is not valid "
                'UTF-8. Save the file as "CSV UTF-8" and import it again.'
            )
            % {"offset": exc.start, "line": _line_of(data, exc.start)}
        ) from None
    nul = data.find(b"\x00")
    if nul >= 0:
        raise ImportFileError(
            _("The file contains a NUL byte at offset %(offset)s (line %(line)s): it is not a text file.")
            % {"offset": nul, "line": _line_of(data, nul)}
        )


def check_header(names: list[str]) -> None:
    """The header must be exactly ``COLUMNS``; say what is missing, unexpected or out of order."""
    if names == list(COLUMNS):
        return
    missing = [c for c in COLUMNS if c not in names]
    unexpected = [c for c in names if c not in COLUMNS]
    repeated = sorted({c for c in names if names.count(c) > 1})
    problems: list[object] = []
    if missing:
        problems.append(_("missing columns: %(cols)s") % {"cols": ", ".join(missing)})
    if unexpected:
        problems.append(_("unexpected columns: %(cols)s") % {"cols": ", ".join(unexpected) or '""'})
    if repeated:
        problems.append(_("repeated columns: %(cols)s") % {"cols": ", ".join(repeated)})
    if not problems:
        problems.append(_("the columns are in a different order"))
    raise ImportFileError(
        _("The header of the file is wrong (%(problems)s). It must be exactly: %(expected)s")
        % {"problems": "; ".join(str(p) for p in problems), "expected": ",".join(COLUMNS)}
    )


def _check_quotes(buf: np.ndarray, inside: np.ndarray) -> None:
    """Every quote must open a field or close one (or be a doubled quote inside a quoted field)."""
    quotes = np.flatnonzero(buf == QUOTE)
    if quotes.size == 0:
        return
    opening = quotes[inside[quotes] == 1]
    closing = quotes[inside[quotes] == 0]
    before = np.where(opening > 0, buf[np.maximum(opening - 1, 0)], LF)
    bad_open = opening[~np.isin(before, [COMMA, LF, QUOTE])]
    after = np.where(closing + 1 < buf.size, buf[np.minimum(closing + 1, buf.size - 1)], LF)
    bad_close = closing[~np.isin(after, [COMMA, LF, CR, QUOTE])]
    bad = np.concatenate([bad_open, bad_close])
    if bad.size:
        raise ImportFileError(
            _(
                "Line %(line)s: a double quote is out of place. A field that contains commas or quotes "
                "must be enclosed in double quotes, and a quote inside it written twice."
            )
            % {"line": _line_of(buf, int(bad.min()))}
        )
    if inside[-1]:
        raise ImportFileError(
            _("Line %(line)s: a quoted field is never closed.") % {"line": _line_of(buf, int(opening[-1]))}
        )


def read_rows(data: bytes) -> CsvRows:
    """Check and parse the whole file; raises ImportFileError when it cannot be imported at all."""
    check_encoding(data)
    body = data[len(BOM) :] if data.startswith(BOM) else data
    if not body.strip():
        raise ImportFileError(_("The file is empty."))
    buf = np.frombuffer(body, dtype=np.uint8)
    inside = np.bitwise_xor.accumulate((buf == QUOTE).view(np.uint8))  # 1 within a quoted field
    _check_quotes(buf, inside)
    outside = inside == 0
    breaks = np.flatnonzero((buf == LF) & outside)
    starts = np.concatenate(([0], breaks + 1))
    stops = np.concatenate((breaks, [buf.size]))  # exclusive, without the line feed
    keep = starts < buf.size
    starts, stops = starts[keep], stops[keep]
    content_end = stops - ((stops > starts) & (buf[np.maximum(stops - 1, 0)] == CR))
    non_blank = content_end > starts
    every_line_used = bool(non_blank.all())
    starts, stops, content_end = starts[non_blank], stops[non_blank], content_end[non_blank]
    commas = np.flatnonzero((buf == COMMA) & outside)
    fields = np.searchsorted(commas, content_end) - np.searchsorted(commas, starts) + 1
    lines = np.searchsorted(np.flatnonzero(buf == LF), starts) + 1

    header_text = body[starts[0] : content_end[0]].decode("utf-8")
    check_header([name.strip() for name in next(csv.reader([header_text]))])

    starts, stops, fields, lines = starts[1:], stops[1:], fields[1:], lines[1:]
    good = fields == len(COLUMNS)
    broken = pl.DataFrame(
        {"line": lines[~good], "fields": fields[~good]}, schema={"line": pl.Int64, "fields": pl.Int64}
    )
    frame = _parse(buf, starts[good], stops[good], whole=every_line_used and bool(good.all()))
    if frame.height != int(good.sum()):
        raise ImportFileError(_("The file could not be read consistently; check its quoting."))
    frame = frame.with_columns(pl.Series("line", lines[good], dtype=pl.Int64)).select("line", *COLUMNS)
    # Spreadsheets export formatted but empty rows as a run of commas: those are not records.
    empty = pl.all_horizontal(pl.col(c) == "" for c in COLUMNS)
    return CsvRows(frame=frame.filter(~empty), broken=broken)


def _parse(buf: np.ndarray, starts: np.ndarray, stops: np.ndarray, *, whole: bool) -> pl.DataFrame:
    """Fields of the records between ``starts`` and ``stops``; ``whole``: they are all the lines left."""
    schema = dict.fromkeys(COLUMNS, pl.String)
    if starts.size == 0:
        return pl.DataFrame(schema=schema)
    if whole:  # the usual case: everything after the header, as it is
        clean = buf[starts[0] :].tobytes()
    else:
        # Copy out the good records only (with their line feeds): a mask built from +1/-1 marks.
        marks = np.zeros(buf.size + 1, dtype=np.int8)
        np.add.at(marks, starts, 1)
        np.add.at(marks, np.minimum(stops + 1, buf.size), -1)
        clean = buf[np.cumsum(marks[:-1], dtype=np.int8) > 0].tobytes()
    if not clean.endswith(b"\n"):
        clean += b"\n"
    frame = pl.read_csv(
        clean,
        has_header=False,
        new_columns=list(COLUMNS),
        schema=schema,
        quote_char='"',
        infer_schema=False,
        truncate_ragged_lines=False,
        raise_if_empty=False,
    )
    # The spreadsheet's line break inside a quoted cell stays; only the ends are trimmed.
    return frame.with_columns(pl.col(c).fill_null("").str.strip_chars() for c in COLUMNS)
