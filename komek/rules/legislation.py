"""Legislation examples: YAML test cases in OpenFisca's format, run against the rules engine.

A file holds a list of cases (one file per programme, ``komek/rules/tests/legislation/``)::

    - name: Almaty, Q4 2020, one person earning 20,000 a month gets the rest of the poverty line
      period: 2020-11            # a date, or a month (its first day)
      absolute_error_margin: 0   # optional, for every number of the case (default 0)
      input:                     # a situation (komek.rules.situation) without its date
        region: "751110000"
        persons: {p1: {birth_date: "1985-04-02", sex: male, incomes: {"2020-07": {wages: 60000}}}}
        family: {dwellings: 1, cars: 0}
      output:
        tsa: {eligible: true, amount: 6692, kind: conditional}   # a programme: any of the three
        poverty_line: 26692      # a parameter, or the computed poverty line
        per_capita_income: 20000 # a family variable
        age: {p1: 35}            # a person variable, by person key

Programmes not named in ``input.programmes`` but expected in ``output`` are calculated as well; a
programme not in force on the date in the region is "not eligible, 0". A malformed case is an
error with a sentence saying what is wrong, never a traceback; ``run_paths`` never raises.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from komek.rules.catalogue import VARIABLES
from komek.rules.computed import COMPUTED
from komek.rules.engine import Engine, namespace
from komek.rules.errors import RulesError, SituationError
from komek.rules.explain import calculate
from komek.rules.legislation_cases import CaseError, CaseProblem, LegislationCase, collect
from komek.rules.programmes import parse_programme
from komek.rules.situation import Situation, parse_situation

PROGRAMME_KEYS = ("eligible", "amount", "kind")
# Floats in tenge: a difference below this is representation, not money.
_EPSILON = 1e-9


@dataclass(frozen=True)
class Failure:
    name: str
    file: str
    key: str
    expected: Any
    actual: Any

    def __str__(self) -> str:
        expected, actual = _show(self.expected), _show(self.actual)
        return f"{self.file}: {self.name}: {self.key}: expected {expected}, got {actual}"


@dataclass
class CaseResult:
    case: LegislationCase
    failures: list[Failure] = field(default_factory=list)
    error: CaseError | None = None

    @property
    def passed(self) -> bool:
        return self.error is None and not self.failures


@dataclass
class LegislationReport:
    passed: int = 0
    failed: int = 0
    failures: list[Failure] = field(default_factory=list)
    errors: list[CaseError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.failed == 0 and not self.errors

    def summary(self) -> str:
        return f"{self.passed} passed, {self.failed} failed"

    def lines(self) -> list[str]:
        """One line per failure and per error, then the summary: what ``komek rules test`` prints."""
        return [*(f"FAIL {f}" for f in self.failures), *(f"ERROR {e}" for e in self.errors), self.summary()]


def run_paths(paths: list[Path], engine: Engine | None = None) -> LegislationReport:
    """Run every case of the files (and directories) given; never raises on bad input."""
    report = LegislationReport()
    cases, errors = collect(paths)
    for error in errors:
        report.errors.append(error)
        report.failed += 1
    if cases and engine is None:
        try:
            engine = Engine.load()
        except RulesError as exc:
            report.errors.append(CaseError("(rules data)", None, str(exc)))
            report.failed += len(cases)
            return report
    for case in cases:
        assert engine is not None
        result = run_case(case, engine)
        if result.passed:
            report.passed += 1
            continue
        report.failed += 1
        report.failures.extend(result.failures)
        if result.error is not None:
            report.errors.append(result.error)
    return report


def run_case(case: LegislationCase, engine: Engine) -> CaseResult:
    result = CaseResult(case)
    try:
        actual = _compute(case, engine)
    except CaseProblem as exc:
        result.error = CaseError(case.file, case.name, str(exc))
        return result
    except SituationError as exc:
        result.error = CaseError(case.file, case.name, f"input.{exc}")
        return result
    except RulesError as exc:
        result.error = CaseError(case.file, case.name, f"the engine cannot calculate the case: {exc}")
        return result
    except Exception as exc:  # a bug, reported as a sentence so that one case never stops the run
        result.error = CaseError(case.file, case.name, f"unexpected {type(exc).__name__}: {exc}")
        return result
    for key, expected, got in actual:
        if not _matches(expected, got, case):
            result.failures.append(Failure(case.name, case.file, key, expected, got))
    return result


def _compute(case: LegislationCase, engine: Engine) -> list[tuple[str, Any, Any]]:
    """(key, expected, actual) for every expected value of the case."""
    codes = {p.code for p in engine.programmes}
    parameters = {*engine.parameters.names, *COMPUTED}
    wanted: list[str] = []
    requested = case.input.get("programmes")
    if requested is not None:
        if not isinstance(requested, list) or not all(isinstance(c, str) for c in requested):
            raise CaseProblem("input.programmes: a list of programme codes is required")
        wanted.extend(requested)
    for key in case.output:
        if not isinstance(key, str):
            raise CaseProblem(f"output: the key {key!r} is not a name")
        if key in codes and key not in wanted:
            wanted.append(key)
        if key not in codes and key not in parameters and key not in VARIABLES:
            raise CaseProblem(f"output.{key}: not a programme, a parameter or a variable")
    situation = parse_situation({**case.input, "date": case.on.isoformat(), "programmes": wanted})
    calculated = calculate(engine, situation)["programmes"]
    rows: list[tuple[str, Any, Any]] = []
    variables = [k for k in case.output if k in VARIABLES and k not in codes and k not in parameters]
    values = _variables(situation, engine, variables) if variables else {}
    for key, expected in case.output.items():
        if key in codes:
            rows.extend(_programme_rows(key, expected, calculated[key]))
        elif key in parameters:
            _expect_number(expected, f"output.{key}")
            value, _ = engine.resolve(key, case.on, situation.region)
            rows.append((key, expected, _plain(float(value))))
        else:
            rows.extend(_variable_rows(key, expected, values[key], situation))
    return rows


def _programme_rows(code: str, expected: Any, actual: Mapping[str, Any]) -> list[tuple[str, Any, Any]]:
    if not isinstance(expected, dict) or not expected:
        raise CaseProblem(f"output.{code}: a mapping with eligible, amount and/or kind is required")
    rows = []
    for key, value in expected.items():
        where = f"output.{code}.{key}"
        if key not in PROGRAMME_KEYS:
            raise CaseProblem(f"{where}: unknown; a programme's result has {', '.join(PROGRAMME_KEYS)}")
        if key == "eligible" and not isinstance(value, bool):
            raise CaseProblem(f"{where}: true or false is required")
        if key == "amount":
            _expect_number(value, where)
        if key == "kind" and value is not None and not isinstance(value, str):
            raise CaseProblem(f"{where}: a text (or null) is required")
        rows.append((f"{code}.{key}", value, actual.get(key)))
    return rows


def _variables(situation: Situation, engine: Engine, names: list[str]) -> dict[str, Any]:
    """The variables ``names`` of the situation, computed as a programme needing them would see them."""
    person_names = [n for n in names if VARIABLES[n].entity == "person"]
    probe = parse_programme(
        {
            "code": "legislation.probe",
            "title": "probe",
            "valid_from": "1900-01-01",
            "periodicity": "once",
            "entity": "person" if person_names else "family",
            "conditions": [
                {"name": n, "expression": f"{n} or not {n}" if VARIABLES[n].type == "bool" else f"{n} == {n}"}
                for n in names
            ],
            "amount": "0",
        },
        namespace(engine.parameters),
    )
    # The frame the probe would be evaluated on: a person programme sees its family's variables too.
    frame = engine.prepare(situation.population, situation.on, [probe], {}).frame_for(probe)
    out: dict[str, Any] = {n: _plain(frame[n][0]) for n in names if n not in person_names}
    for name in person_names:
        out[name] = {
            situation.person_keys[int(pid)]: _plain(value)
            for pid, value in zip(frame["person_id"], frame[name], strict=True)
        }
    return out


def _variable_rows(key: str, expected: Any, actual: Any, situation: Situation) -> list[tuple[str, Any, Any]]:
    if VARIABLES[key].entity == "family":
        _expect_scalar(expected, f"output.{key}")
        return [(key, expected, actual)]
    if not isinstance(expected, dict) or not expected:
        raise CaseProblem(f"output.{key}: a person variable is given per person, e.g. {{p1: value}}")
    rows = []
    for person, value in expected.items():
        if person not in actual:
            raise CaseProblem(f"output.{key}.{person}: not a member of the family")
        _expect_scalar(value, f"output.{key}.{person}")
        rows.append((f"{key}.{person}", value, actual[person]))
    return rows


def _expect_number(value: Any, where: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise CaseProblem(f"{where}: a number is required")


def _expect_scalar(value: Any, where: str) -> None:
    if not isinstance(value, bool | int | float | str):
        raise CaseProblem(f"{where}: a number, true/false or a text is required")


def _show(value: Any) -> str:
    """A value as the YAML of a case spells it: true, false, null, 6692, conditional."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    return str(_plain(value))


def _plain(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _matches(expected: Any, actual: Any, case: LegislationCase) -> bool:
    if isinstance(expected, bool | str) or isinstance(actual, bool) or expected is None:
        return bool(expected == actual and type(expected) is type(actual))
    if not isinstance(actual, int | float):
        return False
    difference = abs(float(actual) - float(expected))
    if difference <= case.absolute_error_margin + _EPSILON:
        return True
    margin = case.relative_error_margin
    return margin is not None and difference <= margin * abs(float(expected)) + _EPSILON
