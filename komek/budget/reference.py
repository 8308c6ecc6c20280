"""The budget classification and the links to it, as shipped data (``data/*.yaml``), validated.

``classification.yaml`` holds functional group 06, its subgroups, the administrators, the budget
programmes and their subprogrammes, each with names in kk, ru and en and the years it is valid;
``links.yaml`` says which budget programme pays each benefit programme, employment measure,
rehabilitation aid and special social service from a date. Both are read once and checked as a
whole: a duplicate code, a missing name, a bad date or two links of one thing on one date are
refused with the file, the entry and the reason. No Django: the loader is plain Python over YAML.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from komek.common.periods import date_of

DATA_DIR = Path(__file__).parent / "data"
LANGUAGES = ("kk", "ru", "en")
#: The kinds of thing linked to a budget programme (the sections of links.yaml).
THINGS = ("programme", "measure", "aid", "special_service")


class BudgetReferenceError(ValueError):
    """A shipped reference file is wrong: the message names the file, the entry and why."""


@dataclass(frozen=True)
class BudgetLine:
    """A budget programme (``451.007``) or subprogramme (``451.002.100``) of the classification."""

    code: str
    administrator: str
    subgroup: str
    name: Mapping[str, str]
    valid_from: dt.date
    valid_to: dt.date | None
    confirmed: bool
    source: str
    parent: str = ""

    def title(self, language: str = "ru") -> str:
        """The name in ``language`` with the code: what a person reads instead of the code alone."""
        return f"{self.code} {self.name.get(language[:2]) or self.name['ru']}"

    def in_force(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)

    def in_year(self, year: int) -> bool:
        return self.valid_from <= dt.date(year, 12, 31) and (
            self.valid_to is None or self.valid_to >= dt.date(year, 1, 1)
        )


@dataclass(frozen=True)
class Link:
    thing: str
    code: str
    budget: str
    valid_from: dt.date
    valid_to: dt.date | None
    region: str = ""

    def in_force(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)

    def describe(self) -> str:
        region = f" in {self.region}" if self.region else ""
        end = f" to {self.valid_to}" if self.valid_to else ""
        return f"{self.thing} {self.code}{region} -> {self.budget} from {self.valid_from}{end}"


@dataclass(frozen=True)
class Reference:
    group: Mapping[str, Any]
    subgroups: Mapping[str, Mapping[str, str]]
    administrators: Mapping[str, Mapping[str, Any]]
    lines: Mapping[str, BudgetLine]
    links: tuple[Link, ...]

    def line(self, code: str) -> BudgetLine | None:
        return self.lines.get(code)

    def budget_line_for(self, thing: str, code: str, on: dt.date, region: str = "") -> BudgetLine | None:
        """The budget programme paying ``code`` on ``on`` where ``region`` lies (the link of the
        longest region prefix wins); ``None`` when nothing links it."""
        best: Link | None = None
        for link in self.links:
            fits = link.thing == thing and link.code == code and link.in_force(on)
            if (
                fits
                and region.startswith(link.region)
                and (best is None or len(link.region) > len(best.region))
            ):
                best = link
        return self.lines[best.budget] if best is not None else None

    def things_of(self, budget: str) -> dict[str, set[str]]:
        """Every thing linked to the budget programme ``budget`` at some date in some region, by
        kind: the records that may be paid from it (``budget_line_for`` decides each one)."""
        found: dict[str, set[str]] = {}
        for link in self.links:
            if link.budget == budget:
                found.setdefault(link.thing, set()).add(link.code)
        return found

    def titles(self, language: str = "ru") -> dict[str, str]:
        return {code: line.title(language) for code, line in sorted(self.lines.items())}


def _fail(where: str, message: str) -> BudgetReferenceError:
    return BudgetReferenceError(f"{where}: {message}")


def _names(value: Any, where: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise _fail(where, "name must give kk, ru and en.")
    missing = [lang for lang in LANGUAGES if not str(value.get(lang) or "").strip()]
    if missing:
        raise _fail(where, f"name in {', '.join(missing)} is missing.")
    return {lang: str(value[lang]).strip() for lang in LANGUAGES}


def _period(row: Mapping[str, Any], where: str, start: str, end: str) -> tuple[dt.date, dt.date | None]:
    if row.get(start) is None:
        raise _fail(where, f"{start} is missing.")
    first = date_of(row[start], where=where, error=BudgetReferenceError)
    last = date_of(row[end], where=where, error=BudgetReferenceError) if row.get(end) is not None else None
    if last is not None and last < first:
        raise _fail(where, f"{end} {last} is before {start} {first}.")
    return first, last


def _read(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise _fail(path.name, f"not valid YAML ({exc}).") from None


def parse_classification(doc: Any, where: str = "classification.yaml") -> dict[str, Any]:
    """The group, subgroups, administrators and budget lines of one classification document."""
    if not isinstance(doc, dict):
        raise _fail(where, "expected a mapping with group, subgroups, administrators and programmes.")
    group = doc.get("group") or {}
    names = {"code": str(group.get("code") or ""), "name": _names(group.get("name"), f"{where}: group")}
    subgroups, administrators = _heads(doc, where)
    lines: dict[str, BudgetLine] = {}
    for row in doc.get("programmes") or []:
        _programme(row, where, subgroups, administrators, lines)
    return {"group": names, "subgroups": subgroups, "administrators": administrators, "lines": lines}


def _heads(doc: dict[str, Any], where: str) -> tuple[dict[str, dict[str, str]], dict[str, dict[str, Any]]]:
    subgroups: dict[str, dict[str, str]] = {}
    for row in doc.get("subgroups") or []:
        code = str(row.get("code") or "")
        if code in subgroups:
            raise _fail(where, f"subgroup {code} is listed twice.")
        subgroups[code] = _names(row.get("name"), f"{where}: subgroup {code}")
    administrators: dict[str, dict[str, Any]] = {}
    for row in doc.get("administrators") or []:
        code = str(row.get("code") or "")
        if not code.isdigit() or len(code) != 3:
            raise _fail(where, f"administrator {code!r}: a code is three digits.")
        if code in administrators:
            raise _fail(where, f"administrator {code} is listed twice.")
        administrators[code] = {
            "name": _names(row.get("name"), f"{where}: administrator {code}"),
            "level": str(row.get("level") or ""),
            "confirmed": bool(row.get("confirmed")),
            "source": str(row.get("source") or ""),
        }
    return subgroups, administrators


def _programme(
    row: dict[str, Any],
    where: str,
    subgroups: dict[str, dict[str, str]],
    administrators: dict[str, dict[str, Any]],
    lines: dict[str, BudgetLine],
) -> None:
    code = str(row.get("code") or "")
    here = f"{where}: programme {code or '?'}"
    parts = code.split(".")
    if len(parts) != 2 or not all(p.isdigit() and len(p) == 3 for p in parts):
        raise _fail(here, "a programme code is administrator.programme, three digits each (451.007).")
    if parts[0] not in administrators:
        raise _fail(here, f"administrator {parts[0]} is not listed.")
    subgroup = str(row.get("subgroup") or "")
    if subgroup not in subgroups:
        raise _fail(here, f"subgroup {subgroup!r} is not listed.")
    if "confirmed" not in row or not str(row.get("source") or "").strip():
        raise _fail(here, "say whether the code is confirmed and what source was checked.")
    first, last = _period(row, here, "valid_from", "valid_to")
    line = BudgetLine(
        code=code, administrator=parts[0], subgroup=subgroup, name=_names(row.get("name"), here),
        valid_from=first, valid_to=last, confirmed=bool(row["confirmed"]), source=str(row["source"]),
    )  # fmt: skip
    _add(lines, line, here)
    for sub in row.get("subprogrammes") or []:
        _subprogramme(sub, row, code, subgroup, here, lines)


def _subprogramme(
    sub: dict[str, Any],
    row: dict[str, Any],
    code: str,
    subgroup: str,
    here: str,
    lines: dict[str, BudgetLine],
) -> None:
    sub_code = str(sub.get("code") or "")
    there = f"{here}: subprogramme {sub_code or '?'}"
    if not sub_code.isdigit() or len(sub_code) != 3:
        raise _fail(there, "a subprogramme code is three digits.")
    if "confirmed" not in sub or not str(sub.get("source") or "").strip():
        raise _fail(there, "say whether the code is confirmed and what source was checked.")
    sub_first, sub_last = _period({**row, **sub}, there, "valid_from", "valid_to")
    _add(
        lines,
        BudgetLine(
            code=f"{code}.{sub_code}", administrator=code.split(".")[0], subgroup=subgroup,
            name=_names(sub.get("name"), there), valid_from=sub_first, valid_to=sub_last,
            confirmed=bool(sub["confirmed"]), source=str(sub["source"]), parent=code,
        ),
        there,
    )  # fmt: skip


def _add(lines: dict[str, BudgetLine], line: BudgetLine, where: str) -> None:
    if line.code in lines:
        raise _fail(where, f"code {line.code} is listed twice.")
    lines[line.code] = line


def parse_links(doc: Any, lines: Mapping[str, BudgetLine], where: str = "links.yaml") -> tuple[Link, ...]:
    """The dated links of one links document, checked against the budget lines: the budget code
    exists and is in force when the link starts, and no two links of one thing and region overlap."""
    if not isinstance(doc, dict):
        raise _fail(where, f"expected a mapping of {', '.join(THINGS)}.")
    unknown = set(doc) - set(THINGS)
    if unknown:
        raise _fail(where, f"unknown section {', '.join(sorted(unknown))} (known: {', '.join(THINGS)}).")
    links: list[Link] = []
    for thing in THINGS:
        for number, row in enumerate(doc.get(thing) or [], start=1):
            code = str(row.get("code") or "")
            here = f"{where}: {thing} #{number} ({code or '?'})"
            if not code:
                raise _fail(here, "code is missing.")
            budget = str(row.get("budget") or "")
            if budget not in lines:
                raise _fail(here, f"budget programme {budget!r} is not in the classification.")
            first, last = _period(row, here, "from", "to")
            if not lines[budget].in_force(first):
                raise _fail(here, f"budget programme {budget} is not in force on {first}.")
            links.append(Link(thing, code, budget, first, last, str(row.get("region") or "")))
    _check_overlaps(links, where)
    return tuple(links)


def _check_overlaps(links: list[Link], where: str) -> None:
    by_key: dict[tuple[str, str, str], list[Link]] = {}
    for link in links:
        by_key.setdefault((link.thing, link.code, link.region), []).append(link)
    for group in by_key.values():
        group.sort(key=lambda link: link.valid_from)
        for a, b in zip(group, group[1:], strict=False):
            if a.valid_to is None or a.valid_to >= b.valid_from:
                raise _fail(
                    where,
                    f"two budget programmes for one thing on {b.valid_from}: {a.describe()}; {b.describe()}.",
                )


def load_reference(directory: Path = DATA_DIR) -> Reference:
    """Read and check ``classification.yaml`` and ``links.yaml`` of ``directory``."""
    parsed = parse_classification(_read(directory / "classification.yaml"))
    links = parse_links(_read(directory / "links.yaml"), parsed["lines"])
    return Reference(
        group=parsed["group"], subgroups=parsed["subgroups"], administrators=parsed["administrators"],
        lines=parsed["lines"], links=links,
    )  # fmt: skip


@functools.cache
def reference() -> Reference:
    """The shipped reference, read once per process."""
    return load_reference()
