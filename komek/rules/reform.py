"""Reforms: named what-if changes of the legislation, applied to an engine.

A reform is a YAML document (``data/reforms/*.yaml`` ship with the system; an analyst may upload
one)::

    name: {en: Poverty line at 50%, ru: ..., kk: ...}   # or one string
    description: {en: ..., ru: ..., kk: ...}             # optional
    baseline:                                            # optional, see below
      - {name: poverty_line_share, from: 2025-01-01, value: 0.4}
    parameters:
      - {name: poverty_line_share, from: 2017-01-01, to: 2017-12-31, value: 0.5,
         region: "35", purpose: "", reference: "..."}
    programmes:
      - {code: tsa, valid_from: 2017-01-01, ...}         # a whole programme document

Each parameter value overrides the legislation for its period (and region, and purpose): within
it the reform's value wins over every value of the same name, however specific; outside it the
legislation stands. Each programme document replaces the versions of its code for its period, or
adds a programme when the code is new. ``baseline`` values are applied to both sides of the
comparison: they replay a past legislation on today's registry (the 2018 rise of the poverty
line from 40% to 50% of the subsistence minimum, on this year's incomes). A name that does not
exist is an error naming the entry and the name; so is a reform that changes nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from komek.common.periods import date_of
from komek.rules.engine import Engine, namespace
from komek.rules.errors import MissingParameter, ReformError, RulesError
from komek.rules.parameters import ParameterTable, ParameterValue
from komek.rules.programmes import LANGUAGES, Programme, check_overlaps, parse_programme

DATA_DIR = Path(__file__).parent / "data" / "reforms"
PARAMETER_KEYS = {"name", "from", "to", "region", "purpose", "value", "reference"}
REFORM_KEYS = {"name", "description", "baseline", "parameters", "programmes"}
DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Reform:
    name: Mapping[str, str]
    description: Mapping[str, str]
    parameters: tuple[ParameterValue, ...]
    programmes: tuple[Mapping[str, Any], ...]
    baseline: tuple[ParameterValue, ...] = ()
    source: str = ""

    def title(self, language: str = "en") -> str:
        return self.name.get(language) or self.name.get("en") or self.source

    def engines(self, engine: Engine) -> tuple[Engine, Engine]:
        """The legislation to compare with (``engine`` with the ``baseline`` values) and the reformed one."""
        base = with_parameters(engine, self.baseline) if self.baseline else engine
        return base, reformed(base, self)


class OverriddenParameters(ParameterTable):
    """A parameter table whose override values win, within their period, over the base values."""

    def __init__(self, base: ParameterTable, overrides: Iterable[ParameterValue]) -> None:
        overrides = list(overrides)
        super().__init__([*base.all_values(), *overrides], base.definitions.values())
        self.base = base
        self.overrides = ParameterTable(overrides)

    def find(self, name: str, on: dt.date, region: str = "", purpose: str = "") -> ParameterValue:
        if name in self.overrides.names:
            try:
                return self.overrides.find(name, on, region, purpose)
            except MissingParameter:
                pass
        return self.base.find(name, on, region, purpose)

    def with_overrides(self, overrides: Iterable[ParameterValue]) -> ParameterTable:
        return OverriddenParameters(self, overrides)


def with_parameters(engine: Engine, overrides: Sequence[ParameterValue]) -> Engine:
    return Engine(OverriddenParameters(engine.parameters, overrides), engine.programmes)


def reformed(engine: Engine, reform: Reform) -> Engine:
    """``engine`` with the reform's parameter values and programme versions."""
    table = (
        OverriddenParameters(engine.parameters, reform.parameters) if reform.parameters else engine.parameters
    )
    names = namespace(table)
    programmes = list(engine.programmes)
    for i, doc in enumerate(reform.programmes):
        programmes = supersede(programmes, parse_programme(doc, names, source=f"programmes[{i}]"))
    return Engine(table, programmes)


def supersede(programmes: Sequence[Programme], new: Programme) -> list[Programme]:
    """``programmes`` with ``new`` in force for its period instead of the versions of its code.

    A version that overlaps the new one keeps the days before and after it: a council decision
    from 1 March ends the previous version on the last day of February.
    """
    out = []
    for version in programmes:
        overlaps = version.code == new.code and (
            (version.valid_to is None or version.valid_to >= new.valid_from)
            and (new.valid_to is None or version.valid_from <= new.valid_to)
        )
        if not overlaps:
            out.append(version)
            continue
        if version.valid_from < new.valid_from:
            out.append(dataclasses.replace(version, valid_to=new.valid_from - DAY))
        if new.valid_to is not None and (version.valid_to is None or version.valid_to > new.valid_to):
            out.append(dataclasses.replace(version, valid_from=new.valid_to + DAY))
    out.append(new)
    check_overlaps(out)
    return out


# --- reading ------------------------------------------------------------------------------------
def _texts(value: Any, where: str, *, required: bool) -> dict[str, str]:
    if value is None or value == "":
        if required:
            raise ReformError(f"{where}: is required.")
        return {}
    if isinstance(value, str):
        return dict.fromkeys(LANGUAGES, value)
    if isinstance(value, Mapping) and value and all(isinstance(v, str) for v in value.values()):
        first = next(iter(value.values()))
        return {lang: str(value.get(lang) or value.get("en") or first) for lang in LANGUAGES}
    raise ReformError(f"{where}: give a text, or texts in kk, ru and en.")


def _parameter(row: Any, where: str, known: set[str]) -> ParameterValue:
    if not isinstance(row, Mapping):
        raise ReformError(f"{where}: a parameter value is written {{name, from, value}}.")
    unknown = sorted(set(row) - PARAMETER_KEYS)
    if unknown:
        raise ReformError(
            f"{where}: unknown key '{unknown[0]}' (allowed: {', '.join(sorted(PARAMETER_KEYS))})."
        )
    name = row.get("name")
    if not isinstance(name, str) or not name:
        raise ReformError(f"{where}.name: is required.")
    if name not in known:
        raise ReformError(f"{where}.name: there is no parameter '{name}'.")
    if "from" not in row:
        raise ReformError(f"{where}.from: is required.")
    valid_from = date_of(row["from"], error=ReformError, where=f"{where}.from")
    valid_to = date_of(row["to"], error=ReformError, where=f"{where}.to") if row.get("to") else None
    if valid_to is not None and valid_to < valid_from:
        raise ReformError(f"{where}.to: is before 'from'.")
    value = row.get("value")
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ReformError(f"{where}.value: a number is required.")
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise ReformError(f"{where}.value: '{value}' is not a number.") from None
    if not amount.is_finite():
        raise ReformError(f"{where}.value: '{value}' is not a number.")
    region = str(row.get("region") or "")
    if region and (not region.isdigit() or len(region) > 9):
        raise ReformError(f"{where}.region: a KATO code prefix (digits) is required.")
    return ParameterValue(
        name=name, value=amount, valid_from=valid_from, valid_to=valid_to, region=region,
        purpose=str(row.get("purpose") or ""), reference=str(row.get("reference") or ""),
    )  # fmt: skip


def _list(doc: Mapping[str, Any], key: str) -> list[Any]:
    value = doc.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise ReformError(f"{key}: a list is required.")
    return value


def parse_reform(doc: Any, engine: Engine, *, source: str = "reform") -> Reform:
    """Check a reform document against ``engine`` (its parameters and the namespace of expressions)."""
    if not isinstance(doc, Mapping):
        raise ReformError(f"{source}: a reform is a YAML mapping with name, parameters and programmes.")
    unknown = sorted(set(doc) - REFORM_KEYS)
    if unknown:
        raise ReformError(
            f"{source}: unknown key '{unknown[0]}' (allowed: {', '.join(sorted(REFORM_KEYS))})."
        )
    known = engine.parameters.names
    baseline = tuple(_parameter(r, f"baseline[{i}]", known) for i, r in enumerate(_list(doc, "baseline")))
    parameters = tuple(
        _parameter(r, f"parameters[{i}]", known) for i, r in enumerate(_list(doc, "parameters"))
    )
    programmes = _list(doc, "programmes")
    if not parameters and not programmes:
        raise ReformError(f"{source}: the reform changes nothing; give parameters or programmes.")
    reform = Reform(
        name=_texts(doc.get("name"), "name", required=True),
        description=_texts(doc.get("description"), "description", required=False),
        parameters=parameters,
        programmes=tuple(programmes),
        baseline=baseline,
        source=source,
    )
    for i, row in enumerate(programmes):
        if not isinstance(row, Mapping):
            raise ReformError(f"programmes[{i}]: a programme document (a mapping) is required.")
    try:
        reform.engines(engine)  # every programme parses and no versions overlap
    except ReformError:
        raise
    except RulesError as exc:
        raise ReformError(str(exc)) from None
    return reform


class _TextDates(yaml.SafeLoader):
    """YAML with dates left as text, so that a wrong date is reported at its entry, not by PyYAML."""


_TextDates.yaml_implicit_resolvers = {
    first: [r for r in resolvers if r[0] != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_reform(text: str, engine: Engine, *, source: str = "reform") -> Reform:
    """A reform from YAML text; a YAML error names its line."""
    try:
        doc = yaml.load(text, Loader=_TextDates)  # noqa: S506 (a safe loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
        raise ReformError(f"{source}: not valid YAML{where}.") from None
    return parse_reform(doc, engine, source=source)


def shipped_reforms(engine: Engine, directory: Path = DATA_DIR) -> dict[str, Reform]:
    """The reforms that ship with the system, by file name without ``.yaml``."""
    return {
        path.stem: read_reform(path.read_text(encoding="utf-8"), engine, source=path.name)
        for path in sorted(directory.glob("*.yaml"))
    }
