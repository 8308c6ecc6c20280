"""One situation, calculated and explained: what a caseworker sees and what the CLI prints."""

from __future__ import annotations

from typing import Any

import polars as pl

from komek.rules.engine import Engine
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
    timings: dict[str, float] = {}
    prepared = engine.prepare(situation.population, on, programmes, timings)
    headline = {}
    for name in HEADLINE_PARAMETERS:
        try:
            headline[name] = _plain(float(engine.resolve(name, on, region)[0]))
        except RulesError:
            headline[name] = None
    out: dict[str, Any] = {"date": on.isoformat(), "region": region, "parameters": headline, "programmes": {}}
    for programme in programmes:
        frame = prepared.frame_for(programme)
        result = engine._evaluate(programme, frame, prepared.missing)  # noqa: SLF001 (same module family)
        out["programmes"][programme.code] = _explained(programme, frame, result, situation, language)
    for code in codes or []:
        if code not in out["programmes"]:
            out["programmes"][code] = {
                "eligible": False, "amount": 0, "period": None, "kind": None,
                "explanation": [{"step": "in_force", "result": False,
                                 "text": f"{code} is not in force on {on.isoformat()} in region {region}."}],
            }  # fmt: skip
    versions = {k: v for region_versions in prepared.used.values() for k, v in region_versions.items()}
    out["parameter_versions"] = [
        v.as_dict() for v in sorted(versions.values(), key=lambda v: (v.name, v.valid_from))
    ]
    return out


def _explained(
    programme: Programme, frame: pl.DataFrame, result: pl.DataFrame, situation: Situation, language: str
) -> dict[str, Any]:
    steps: list[dict[str, Any]] = []
    rows = frame.filter(pl.col("region").str.starts_with(programme.jurisdiction))
    for index in range(rows.height):
        row = rows.slice(index, 1)
        who = (
            {"person": situation.person_keys.get(int(row["person_id"][0]))}
            if programme.entity == "person"
            else {}
        )
        for condition in programme.conditions:
            value = row.select(condition.compiled.expr.alias("v"))["v"][0]
            steps.append({
                "step": "condition", **who, "name": condition.name, "text": condition.label.get(language, ""),
                "expression": condition.expression, "result": bool(value) if value is not None else None,
                "values": {n: _plain(row[n][0]) for n in sorted(condition.compiled.names)},
            })  # fmt: skip
        amount_row = result.slice(index, 1)
        steps.append({
            "step": "amount", **who, "expression": programme.amount.text,
            "result": int(amount_row["amount"][0]),
            "values": {n: _plain(row[n][0]) for n in sorted(programme.amount.names)},
        })  # fmt: skip
    eligible = result.filter(pl.col("eligible"))
    kinds = eligible["kind"].drop_nulls().unique().to_list()
    return {
        "eligible": eligible.height > 0,
        "amount": int(eligible["amount"].sum()) if eligible.height else 0,
        "period": programme.periodicity,
        "kind": kinds[0] if len(kinds) == 1 else (",".join(sorted(kinds)) or None),
        "title": programme.title.get(language),
        "legal_basis": programme.legal_basis,
        "explanation": steps,
    }
