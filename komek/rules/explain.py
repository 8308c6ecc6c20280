"""One situation, calculated and explained: what a caseworker sees and what the CLI prints."""

from __future__ import annotations

from typing import Any

from komek.rules.engine import Engine, check_parameters, finish_row, no_value
from komek.rules.errors import RulesError
from komek.rules.programmes import Programme
from komek.rules.situation import Situation

HEADLINE_PARAMETERS = ("mci", "subsistence_minimum", "poverty_line")


def _plain(value: Any) -> Any:
    if isinstance(value, float):
        return int(value) if value.is_integer() else round(value, 2)
    return value


def calculate(engine: Engine, situation: Situation, language: str = "en") -> dict[str, Any]:
    """The CLI contract's output for one situation (see README, ``komek rules calculate``)."""
    on, region = situation.on, situation.region
    codes = situation.programmes
    if codes is not None:
        engine.in_force(on, codes)  # unknown codes are an error, not an empty answer
    programmes = [p for p in engine.in_force(on, codes) if p.in_force(on, region)]
    prepared = engine.prepare(situation.population, on, programmes, {})
    headline = {}
    for name in HEADLINE_PARAMETERS:
        try:
            headline[name] = _plain(float(engine.resolve(name, on, region)[0]))
        except RulesError:
            headline[name] = None
    out: dict[str, Any] = {"date": on.isoformat(), "region": region, "parameters": headline, "programmes": {}}
    groups: dict[tuple[str, str], list[Programme]] = {}
    for programme in programmes:
        check_parameters(programme, prepared.missing)
        groups.setdefault((programme.entity, programme.jurisdiction), []).append(programme)
    explained: dict[str, dict[str, Any]] = {}
    for key, group in groups.items():
        # Every programme of a frame and each of its conditions in one pass over the frame's rows
        # (the rows of the programmes' jurisdiction): the same compiled expressions as the batch.
        frame = prepared.frame(key)
        table = frame.select(engine.explanation_columns(group)).rows(named=True)
        rows = frame.to_dicts()
        for i, programme in enumerate(group):
            conditions = [[row[f"{i}.c{j}"] for j in range(len(programme.conditions))] for row in table]
            finished = [
                finish_row(programme, passed, row[f"{i}.amount"], row[f"{i}.limit"], row[f"{i}.kind"])
                for passed, row in zip(conditions, table, strict=True)
            ]
            broken = sum(eligible is None or amount is None for eligible, amount, _kind in finished)
            if broken:
                raise no_value(programme, broken, len(finished))
            results = [
                {"eligible": e, "amount": a, "kind": kind,
                 "lines": [row[f"{i}.l{n}"] for n in range(len(programme.lines))]}
                for (e, a, kind), row in zip(finished, table, strict=True)
            ]  # fmt: skip
            explained[programme.code] = _explained(programme, rows, conditions, results, situation, language)
    for programme in programmes:
        out["programmes"][programme.code] = explained[programme.code]
    for code in codes or []:
        if code not in out["programmes"]:
            out["programmes"][code] = {
                "eligible": False, "amount": 0, "period": None, "kind": None,
                "explanation": [{"step": "in_force", "result": False,
                                 "text": f"{code} is not in force on {on.isoformat()} in region {region}.",
                                 "reason": "not_in_force"}],
            }  # fmt: skip
    versions = {k: v for region_versions in prepared.used.values() for k, v in region_versions.items()}
    out["parameter_versions"] = [
        v.as_dict() for v in sorted(versions.values(), key=lambda v: (v.name, v.valid_from))
    ]
    return out


def _explained(
    programme: Programme,
    rows: list[dict[str, Any]],
    conditions: list[list[Any]],
    results: list[dict[str, Any]],
    situation: Situation,
    language: str,
) -> dict[str, Any]:
    steps: list[dict[str, Any]] = []
    for row, passed, result in zip(rows, conditions, results, strict=True):
        who = (
            {"person": situation.person_keys.get(int(row["person_id"]))}
            if programme.entity == "person"
            else {}
        )
        for condition, value in zip(programme.conditions, passed, strict=True):
            steps.append({
                "step": "condition", **who, "name": condition.name, "text": condition.label.get(language, ""),
                "texts": dict(condition.label),
                "expression": condition.expression, "result": bool(value) if value is not None else None,
                "values": {n: _plain(row[n]) for n in sorted(condition.compiled.names)},
            })  # fmt: skip
        for line, value in zip(programme.lines, result["lines"], strict=True):
            steps.append({
                "step": "line", **who, "name": line.name, "text": line.label.get(language, ""),
                "texts": dict(line.label),
                "expression": line.expression, "result": None if value is None else round(float(value), 2),
                "values": {n: _plain(row[n]) for n in sorted(line.compiled.names)},
            })  # fmt: skip
        steps.append({
            "step": "amount", **who, "expression": programme.amount.text,
            "result": int(result["amount"]),
            "values": {n: _plain(row[n]) for n in sorted(programme.amount.names)},
        })  # fmt: skip
    eligible = [r for r in results if r["eligible"]]
    kinds = sorted({r["kind"] for r in eligible if r["kind"] is not None})
    return {
        "eligible": bool(eligible),
        "amount": sum(int(r["amount"]) for r in eligible),
        "period": programme.periodicity,
        "kind": kinds[0] if len(kinds) == 1 else (",".join(kinds) or None),
        "title": programme.title.get(language),
        "titles": dict(programme.title),
        "legal_basis": programme.legal_basis,
        "explanation": steps,
    }


def in_language(calculation: dict[str, Any] | None, language: str) -> dict[str, Any]:
    """A kept calculation told in the reader's ``language``: its programmes' titles and the words of
    each step are taken from the labels in every language the calculation kept (``titles``,
    ``texts``), so that a case calculated on a Russian page reads in Kazakh on a Kazakh one. The
    snapshot itself is not changed; a calculation kept before the labels were (only ``text``) is
    told as it was written."""
    told = dict(calculation or {})
    programmes: dict[str, Any] = {}
    for code, found in (told.get("programmes") or {}).items():
        programme = dict(found)
        titles = programme.get("titles") or {}
        programme["title"] = titles.get(language) or programme.get("title")
        programme["explanation"] = [
            {**step, "text": (step.get("texts") or {}).get(language) or step.get("text", "")}
            for step in programme.get("explanation") or []
        ]
        programmes[code] = programme
    told["programmes"] = programmes
    return told
