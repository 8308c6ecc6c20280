"""Legislation examples (``legislation/*.yaml``), one pytest item per case, and the runner's contract."""

from __future__ import annotations

from pathlib import Path

import pytest

from komek.rules.engine import Engine
from komek.rules.legislation import LegislationCase, collect, run_case, run_paths

LEGISLATION = Path(__file__).parent / "legislation"
CASES, PROBLEMS = collect([LEGISLATION])


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.load()


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_legislation_case(case: LegislationCase, engine: Engine) -> None:
    """The engine gives what the law gives for this example."""
    result = run_case(case, engine)
    assert result.error is None, str(result.error)
    assert not result.failures, "\n".join(str(f) for f in result.failures)


def test_legislation_files_are_well_formed() -> None:
    """Every example file parses and every case has a name, a period, an input and an output."""
    assert not PROBLEMS, "\n".join(str(p) for p in PROBLEMS)


def test_every_programme_has_its_file_of_examples(engine: Engine) -> None:
    """Each programme code has ``legislation/<code>.yaml`` with at least three cases."""
    per_file: dict[str, int] = {}
    for case in CASES:
        per_file[Path(case.file).stem] = per_file.get(Path(case.file).stem, 0) + 1
    for code in sorted({p.code for p in engine.programmes}):
        assert per_file.get(code, 0) >= 3, f"{code}: {per_file.get(code, 0)} legislation cases"
    assert per_file.get("parameters", 0) >= 10
    assert len(CASES) >= 80


# --- the runner ------------------------------------------------------------------------------

ALMATY_MAN = {"region": "751110000", "persons": {"p1": {"birth_date": "1985-04-02", "sex": "male"}}}


def _write(tmp_path: Path, text: str, name: str = "cases.yaml") -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_summary_counts_passed_and_failed_cases(tmp_path: Path, engine: Engine) -> None:
    """A wrong expectation is a failure naming the case, the file, the key, expected and actual."""
    path = _write(
        tmp_path,
        """
- name: right
  period: 2020-11
  input: {region: "751110000", persons: {p1: {birth_date: "1985-04-02", sex: male}}}
  output: {tsa: {eligible: true, amount: 26692}, mci: 2778}
- name: wrong
  period: 2020-11
  input: {region: "751110000", persons: {p1: {birth_date: "1985-04-02", sex: male}}}
  output: {tsa: {amount: 26000, kind: conditional}}
""",
    )
    report = run_paths([path], engine=engine)
    assert report.summary() == "1 passed, 1 failed"
    assert not report.ok
    assert len(report.failures) == 1
    failure = report.failures[0]
    assert (failure.name, failure.file, failure.key, failure.expected, failure.actual) == (
        "wrong", str(path), "tsa.amount", 26000, 26692,
    )  # fmt: skip
    assert str(failure).endswith("wrong: tsa.amount: expected 26000, got 26692")
    assert report.lines()[-1] == "1 passed, 1 failed"


def test_margins_months_person_variables_and_directories(tmp_path: Path, engine: Engine) -> None:
    """Margins widen the comparison; a month means its first day; directories are searched."""
    _write(
        tmp_path,
        """
- name: absolute margin
  period: 2020-11
  absolute_error_margin: 2
  input: {region: "751110000", persons: {p1: {birth_date: "1985-04-02", sex: male}}}
  output: {tsa: {amount: 26690}, poverty_line: 26694}
- name: relative margin
  period: 2020-11
  relative_error_margin: 0.01
  input: {region: "751110000", persons: {p1: {birth_date: "1985-04-02", sex: male}}}
  output: {tsa: {amount: 26500}}
- name: the first of the month, so still 35 on 1 April 2021 for a birthday on the 2nd
  period: 2021-04
  input: {region: "751110000", persons: {p1: {birth_date: "1985-04-02", sex: male}}}
  output: {age: {p1: 35}, pension_age: {p1: false}, family_size: 1, has_disabled_child: false}
""",
        "sub/a.yaml",
    )
    report = run_paths([tmp_path], engine=engine)
    assert report.summary() == "3 passed, 0 failed", report.lines()
    assert report.ok


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- name: x\n  period: 2020-11\n  input: {a: [\n", "is not valid YAML at line"),
        ("just text", "a list of test cases is required"),
        ("- period: 2020-11\n  input: {}\n  output: {mci: 1}", "name: a non-empty text is required"),
        ("- name: x\n  period: 2020-13\n  input: {}\n  output: {mci: 1}", "period: '2020-13' is not a date"),
        ("- name: x\n  period: 2020\n  input: {}\n  output: {mci: 1}", "period: '2020' is not a date"),
        ("- name: x\n  period: 2020-11\n  input: []\n  output: {mci: 1}", "input: a mapping"),
        ("- name: x\n  period: 2020-11\n  input: {date: '2020-11-01'}\n  output: {mci: 1}", "input.date"),
        ("- name: x\n  period: 2020-11\n  input: {}\n  output: {}", "output: a mapping of expected values"),
        ("- name: x\n  period: 2020-11\n  ouput: {mci: 1}\n  input: {}", "unknown key 'ouput'"),
        ("- name: x\n  period: 2020-11\n  absolute_error_margin: -1\n  input: {}\n  output: {mci: 1}",
         "absolute_error_margin: a number, zero or more"),
    ],
)  # fmt: skip
def test_malformed_files_and_cases_are_errors_with_a_reason(
    tmp_path: Path, engine: Engine, text: str, message: str
) -> None:
    """A malformed file or case is an error saying where and why; the run goes on and counts it."""
    report = run_paths([_write(tmp_path, text)], engine=engine)
    assert report.failed == 1 and report.passed == 0
    assert len(report.errors) == 1
    assert message in str(report.errors[0]), str(report.errors[0])


@pytest.mark.parametrize(
    ("input_", "output", "message"),
    [
        (ALMATY_MAN, {"nonsense": 1}, "output.nonsense: not a programme, a parameter or a variable"),
        (ALMATY_MAN, {"tsa": {"amount": 1, "paid": True}}, "output.tsa.paid: unknown"),
        (ALMATY_MAN, {"tsa": {"eligible": "yes"}}, "output.tsa.eligible: true or false is required"),
        (ALMATY_MAN, {"tsa": 5}, "output.tsa: a mapping with eligible, amount and/or kind"),
        (ALMATY_MAN, {"mci": "a lot"}, "output.mci: a number is required"),
        (ALMATY_MAN, {"age": 35}, "output.age: a person variable is given per person"),
        (ALMATY_MAN, {"age": {"p9": 35}}, "output.age.p9: not a member of the family"),
        ({**ALMATY_MAN, "region": "75"}, {"mci": 2778}, "input.region: the KATO code"),
        ({**ALMATY_MAN, "programmes": ["tsa", "nope"]}, {"mci": 2778}, "Unknown programme: nope"),
        (
            {"region": "751110000", "persons": {"p1": {"birth_date": "1985-04-02", "sex": "x"}}},
            {"mci": 2778},
            "input.persons.p1.sex: 'male' or 'female' is required",
        ),
    ],
)
def test_case_errors_name_the_field(
    tmp_path: Path, engine: Engine, input_: dict, output: dict, message: str
) -> None:
    """Bad expectations and bad situations are errors naming the field, never a traceback."""
    import yaml

    doc = [{"name": "case", "period": "2020-11", "input": input_, "output": output}]
    report = run_paths([_write(tmp_path, yaml.safe_dump(doc))], engine=engine)
    assert report.summary() == "0 passed, 1 failed"
    assert message in str(report.errors[0]), str(report.errors[0])


def test_engine_errors_and_missing_files_are_reported(tmp_path: Path, engine: Engine) -> None:
    """A parameter without a value (the 2025 median income) and a missing path are errors, not crashes."""
    path = _write(
        tmp_path,
        """
- name: poverty line 2025 needs the median income
  period: 2025-02
  input: {region: "751110000", persons: {p1: {birth_date: "1985-04-02", sex: male}}}
  output: {tsa: {eligible: true}}
- name: same name
  period: 2020-11
  input: {region: "751110000", persons: {p1: {birth_date: "1985-04-02", sex: male}}}
  output: {mci: 2778}
- name: same name
  period: 2020-11
  input: {region: "751110000", persons: {p1: {birth_date: "1985-04-02", sex: male}}}
  output: {mci: 2778}
""",
    )
    report = run_paths([path, tmp_path / "missing.yaml"], engine=engine)
    assert report.summary() == "1 passed, 3 failed"
    messages = "\n".join(str(e) for e in report.errors)
    assert "missing.yaml: no such file or directory" in messages
    assert "median_income has no value on 2025-02-01 for region 751110000" in messages
    assert "same name: name: another case of the file has the same name" in messages


def test_run_paths_loads_the_engine_itself(tmp_path: Path) -> None:
    """Without an engine, ``run_paths`` loads the shipped parameters and programmes."""
    path = _write(
        tmp_path,
        "name: one case alone\nperiod: 2018-06-15\n"
        "input: {region: '351610000', persons: {p1: {birth_date: '1975-03-03', sex: male, "
        "statuses: [tb_outpatient]}}}\noutput: {balkhash.tb_outpatient: {amount: 24050}}\n",
    )
    assert run_paths([path]).summary() == "1 passed, 0 failed"
