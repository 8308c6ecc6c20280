"""Programmes as data: who is eligible, how much, how often, under which law.

One YAML document per programme version (``data/programmes/*.yaml``); a council's new decision is
a new version from its date. Every expression is checked against the variables and parameters
when the programme is loaded or saved, so a typo is an error with its position, not a wrong payment.

``periodicity`` is the payment schedule: ``month`` (every month of the assignment), ``quarter``
(one payment per quarter), ``half-year`` (one per half-year) or ``once`` (one per event, or once
ever per household or person with ``once_per``). The other facts of a version (form, budget
sources, service, result document) are ``komek.rules.facts``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from komek.common.periods import date_of
from komek.rules.errors import ExpressionError, RulesError
from komek.rules.expressions import Compiled, Type, compile_expression
from komek.rules.facts import Facts, parse_facts
from komek.rules.parameters import SAFE_LOADER

DATA_DIR = Path(__file__).parent / "data" / "programmes"
PERIODICITIES = ("month", "quarter", "half-year", "once")
ENTITIES = ("family", "person")
LANGUAGES = ("kk", "ru", "en")


@dataclass(frozen=True)
class Condition:
    name: str
    expression: str
    label: Mapping[str, str]
    compiled: Compiled


@dataclass(frozen=True)
class Line:
    """A named part of the amount (housing assistance: the cost of one service within its norm),
    which the amount, the conditions and later lines may name, explained on its own."""

    name: str
    expression: str
    label: Mapping[str, str]
    compiled: Compiled


@dataclass(frozen=True)
class Programme:
    code: str
    title: Mapping[str, str]
    legal_basis: str
    jurisdiction: str  # KATO prefix; "" is the whole country
    valid_from: dt.date
    valid_to: dt.date | None
    periodicity: str
    entity: str
    commission: bool
    conditions: tuple[Condition, ...]
    amount: Compiled
    kind: Compiled | None = None
    limit: Compiled | None = None
    source: str = ""
    raw: Mapping[str, Any] = field(default_factory=dict)
    facts: Facts = field(default_factory=Facts)
    lines: tuple[Line, ...] = ()

    def in_force(self, on: dt.date, region: str | None = None) -> bool:
        dated = self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)
        return dated and (region is None or region.startswith(self.jurisdiction))

    def names(self) -> set[str]:
        used = set(self.amount.names)
        for part in (self.kind, self.limit):
            if part is not None:
                used |= part.names
        for condition in self.conditions:
            used |= condition.compiled.names
        for line in self.lines:
            used |= line.compiled.names
        return used

    def listing(self, language: str = "en") -> dict[str, Any]:
        return {
            "code": self.code,
            "title": self.title.get(language) or self.title.get("en") or self.code,
            "legal_basis": self.legal_basis,
            "jurisdiction": self.jurisdiction or None,
            "valid_from": self.valid_from.isoformat(),
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
            "periodicity": self.periodicity,
        }

    def details(self, language: str = "en") -> dict[str, Any]:
        """``listing`` with the entity, the commission and the facts of the version (form,
        ``once_per``, budget sources, service, category payment, result document and their texts)."""
        return {
            **self.listing(language),
            "entity": self.entity,
            "commission": self.commission,
            **self.facts.as_dict(language),
        }


def _texts(value: Any, where: str) -> dict[str, str]:
    if isinstance(value, str):
        return dict.fromkeys(LANGUAGES, value)
    if not isinstance(value, dict) or not value:
        raise RulesError(f"{where}: give the text in kk, ru and en.")
    return {lang: str(value.get(lang) or value.get("en") or next(iter(value.values()))) for lang in LANGUAGES}


def _compile(
    text: Any,
    names: Mapping[str, Type],
    expect: Type | None,
    where: str,
    inline: Mapping[str, Compiled] | None = None,
) -> Compiled:
    try:
        return compile_expression(str(text) if text is not None else "", names, expect=expect, inline=inline)
    except ExpressionError as exc:
        raise ExpressionError(f"{where}: {exc}") from None


def parse_programme(
    doc: Mapping[str, Any], names: Mapping[str, Type], *, source: str = "", complete: bool = False
) -> Programme:
    """Check one programme document against the known ``names`` and compile its expressions;
    ``complete`` (a shipped version) requires its facts as well (``komek.rules.facts``)."""
    where = source or str(doc.get("code", "programme"))
    code = str(doc.get("code") or "").strip()
    if not code:
        raise RulesError(f"{where}: 'code' is required.")
    for key in ("periodicity", "entity"):
        if key not in doc:
            raise RulesError(f"{where}: '{key}' is required.")
    if doc["periodicity"] not in PERIODICITIES:
        raise RulesError(f"{where}: periodicity must be one of {', '.join(PERIODICITIES)}.")
    if doc["entity"] not in ENTITIES:
        raise RulesError(f"{where}: entity must be family or person.")
    jurisdiction = str(doc.get("jurisdiction") or "")
    if jurisdiction and not jurisdiction.isdigit():
        raise RulesError(f"{where}: jurisdiction is a KATO code prefix (digits).")
    valid_from = date_of(doc.get("valid_from"), error=RulesError, where=f"{where}: valid_from")
    valid_to = (
        date_of(doc["valid_to"], error=RulesError, where=f"{where}: valid_to")
        if doc.get("valid_to")
        else None
    )
    if valid_to and valid_to < valid_from:
        raise RulesError(f"{where}: valid_to is before valid_from.")
    facts = parse_facts(doc, where, periodicity=str(doc["periodicity"]), complete=complete)
    lines = _lines(doc.get("lines"), names, where)
    inline = {line.name: line.compiled for line in lines}
    kind = _compile(doc["kind"], names, "str", f"{where}: kind", inline) if doc.get("kind") else None
    literal = kind.text.strip().strip("\"'") if kind is not None and not kind.names else None
    if "form" in doc and literal in ("cash", "in_kind") and literal != facts.form:
        raise RulesError(f"{where}: kind {literal} contradicts form: {facts.form}.")
    conditions = []
    for i, row in enumerate(doc.get("conditions") or []):
        name = str(row.get("name") or f"condition_{i + 1}")
        compiled = _compile(row.get("expression"), names, "bool", f"{where}: condition {name}", inline)
        conditions.append(Condition(name, compiled.text, _texts(row.get("label") or name, where), compiled))
    return Programme(
        code=code,
        title=_texts(doc.get("title"), f"{where}: title"),
        legal_basis=str(doc.get("legal_basis") or ""),
        jurisdiction=jurisdiction,
        valid_from=valid_from,
        valid_to=valid_to,
        periodicity=str(doc["periodicity"]),
        entity=str(doc["entity"]),
        commission=bool(doc.get("commission", False)),
        conditions=tuple(conditions),
        amount=_compile(doc.get("amount"), names, "number", f"{where}: amount", inline),
        kind=kind,
        limit=_compile(doc["limit"], names, "number", f"{where}: limit", inline)
        if doc.get("limit")
        else None,
        source=source,
        raw=dict(doc),
        facts=facts,
        lines=lines,
    )


def _lines(rows: Any, names: Mapping[str, Type], where: str) -> tuple[Line, ...]:
    """The programme's named lines, in order: each may name the lines before it."""
    if rows is None:
        return ()
    if not isinstance(rows, list):
        raise RulesError(f"{where}: lines is a list of {{name, label, expression}}.")
    lines: list[Line] = []
    for i, row in enumerate(rows):
        name = str((row or {}).get("name") or "") if isinstance(row, dict) else ""
        if not name.isidentifier():
            raise RulesError(f"{where}: line {i + 1} needs a name (letters, digits and _).")
        if name in names or any(line.name == name for line in lines):
            raise RulesError(f"{where}: line {name} has the name of a variable, a parameter or another line.")
        inline = {line.name: line.compiled for line in lines}
        compiled = _compile(row.get("expression"), names, "number", f"{where}: line {name}", inline)
        lines.append(Line(name, compiled.text, _texts(row.get("label") or name, where), compiled))
    return tuple(lines)


def read_programme_documents(directory: Path = DATA_DIR) -> list[tuple[str, dict[str, Any]]]:
    docs = []
    for path in sorted(directory.glob("*.yaml")):
        for i, doc in enumerate(yaml.load_all(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)):  # noqa: S506
            if doc:
                docs.append((f"{path.name}#{i + 1}", doc))
    return docs


def check_overlaps(programmes: Iterable[Programme]) -> None:
    """Two versions of one programme for one jurisdiction may not be in force on the same day."""
    by_key: dict[tuple[str, str], list[Programme]] = {}
    for p in programmes:
        by_key.setdefault((p.code, p.jurisdiction), []).append(p)
    for (code, _), versions in by_key.items():
        versions.sort(key=lambda p: p.valid_from)
        for a, b in zip(versions, versions[1:], strict=False):
            if a.valid_to is None or a.valid_to >= b.valid_from:
                raise RulesError(
                    f"Programme {code}: versions from {a.valid_from} and {b.valid_from} overlap."
                )
