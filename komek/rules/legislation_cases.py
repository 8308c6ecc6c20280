"""Reading legislation examples: the YAML cases in OpenFisca's format (see ``komek.rules.legislation``).

A malformed case is a :class:`CaseError` with a sentence saying what is wrong, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

CASE_KEYS = {
    "name", "description", "keywords", "period", "input", "output",
    "absolute_error_margin", "relative_error_margin",
}  # fmt: skip
_MONTH = re.compile(r"^\d{4}-\d{2}$")


@dataclass(frozen=True)
class LegislationCase:
    name: str
    file: str
    index: int
    on: dt.date
    input: Mapping[str, Any]
    output: Mapping[str, Any]
    absolute_error_margin: float = 0.0
    relative_error_margin: float | None = None

    @property
    def id(self) -> str:
        return f"{Path(self.file).stem}: {self.name}"


@dataclass(frozen=True)
class CaseError:
    file: str
    name: str | None
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.name}: {self.message}" if self.name else f"{self.file}: {self.message}"


class CaseProblem(Exception):
    """A case is malformed; the message says where and why."""


# --- reading ---------------------------------------------------------------------------------


def expand_paths(paths: Iterable[Path | str]) -> tuple[list[Path], list[CaseError]]:
    """Files as given, directories as every ``*.yaml``/``*.yml`` under them, in a stable order."""
    files: list[Path] = []
    errors: list[CaseError] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
            if not found:
                errors.append(CaseError(str(path), None, "the directory holds no YAML test file"))
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            errors.append(CaseError(str(path), None, "no such file or directory"))
    return files, errors


def read_file(path: Path) -> tuple[list[LegislationCase], list[CaseError]]:
    """The cases of one file; each malformed case is an error, the others are still returned."""
    where = str(path)
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        return [], [CaseError(where, None, f"cannot be read ({exc.strerror or exc})")]
    except UnicodeDecodeError:
        return [], [CaseError(where, None, "is not UTF-8 text")]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "malformed YAML"
        return [], [CaseError(where, None, f"is not valid YAML{at}: {problem}")]
    if isinstance(doc, dict) and "name" in doc:
        doc = [doc]
    if not isinstance(doc, list) or not doc:
        return [], [CaseError(where, None, "a list of test cases is required")]
    cases: list[LegislationCase] = []
    errors: list[CaseError] = []
    seen: set[str] = set()
    for index, raw in enumerate(doc):
        label = raw.get("name") if isinstance(raw, dict) and isinstance(raw.get("name"), str) else None
        label = label or f"case #{index + 1}"
        try:
            case = _parse_case(raw, where, index)
            if case.name in seen:
                raise CaseProblem("name: another case of the file has the same name")
            seen.add(case.name)
            cases.append(case)
        except CaseProblem as exc:
            errors.append(CaseError(where, label, str(exc)))
    return cases, errors


def collect(paths: Iterable[Path | str]) -> tuple[list[LegislationCase], list[CaseError]]:
    files, errors = expand_paths(paths)
    cases: list[LegislationCase] = []
    for path in files:
        found, problems = read_file(path)
        cases.extend(found)
        errors.extend(problems)
    return cases, errors


def _parse_case(raw: Any, file: str, index: int) -> LegislationCase:
    if not isinstance(raw, dict):
        raise CaseProblem("a case is a mapping with name, period, input and output")
    unknown = sorted(str(k) for k in raw if k not in CASE_KEYS)
    if unknown:
        raise CaseProblem(f"unknown key '{unknown[0]}'; a case has {', '.join(sorted(CASE_KEYS))}")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise CaseProblem("name: a non-empty text is required")
    on = _period(raw.get("period"))
    data = raw.get("input")
    if not isinstance(data, dict):
        raise CaseProblem("input: a mapping (region, persons, family, programmes) is required")
    if "date" in data:
        raise CaseProblem("input.date: the date of a case is its period; remove input.date")
    output = raw.get("output")
    if not isinstance(output, dict) or not output:
        raise CaseProblem("output: a mapping of expected values is required")
    absolute = _margin(raw.get("absolute_error_margin", 0), "absolute_error_margin")
    relative = raw.get("relative_error_margin")
    return LegislationCase(
        name=name.strip(),
        file=file,
        index=index,
        on=on,
        input=data,
        output=output,
        absolute_error_margin=absolute or 0.0,
        relative_error_margin=None if relative is None else _margin(relative, "relative_error_margin"),
    )


def _period(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        raise CaseProblem("period: a date YYYY-MM-DD or a month YYYY-MM is required, not a time")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            if _MONTH.match(text):
                return dt.date(int(text[:4]), int(text[5:]), 1)
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    raise CaseProblem(f"period: '{value}' is not a date YYYY-MM-DD or a month YYYY-MM")


def _margin(value: Any, key: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
        raise CaseProblem(f"{key}: a number, zero or more, is required")
    return float(value)


# --- running ---------------------------------------------------------------------------------
