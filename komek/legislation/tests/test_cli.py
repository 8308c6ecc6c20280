"""The command-line contract of ``komek rules`` and ``komek simulate``, run as processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

ROOT = Path(__file__).resolve().parents[3]
KOMEK = [sys.executable, "-m", "komek"]
LISTING_KEYS = {"code", "title", "legal_basis", "jurisdiction", "valid_from", "valid_to", "periodicity"}
SITUATION = {
    "date": "2018-08-15",
    "region": "351610000",
    "persons": {
        "mother": {"birth_date": "1988-03-02", "sex": "female", "incomes": {"2018-04": {"wages": 30000}}},
        "son": {"birth_date": "2015-06-01", "sex": "male"},
    },
}


def komek(
    *args: str, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*KOMEK, *args], input=stdin, capture_output=True, text=True, cwd=ROOT, env=env or os.environ.copy(),
        timeout=300, check=False,
    )  # fmt: skip


def test_rules_list_json_is_an_array_of_programmes():
    """``komek rules list --json`` prints an array of programmes with the listing's keys."""
    result = komek("rules", "list", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows and all(set(row) == LISTING_KEYS for row in rows)
    assert {"tsa", "gsp", "housing"} <= {row["code"] for row in rows}


def test_rules_calculate_reads_a_file_and_stdin_alike(tmp_path):
    """TSA in August 2018: (14,142 − 5,000 per capita) × two members = 18,284 a month."""
    path = tmp_path / "situation.json"
    path.write_text(json.dumps(SITUATION))
    from_file = komek("rules", "calculate", "--situation", str(path))
    from_stdin = komek("rules", "calculate", "--situation", "-", stdin=json.dumps(SITUATION))
    assert from_file.returncode == from_stdin.returncode == 0, from_file.stderr
    assert json.loads(from_file.stdout) == json.loads(from_stdin.stdout)
    result = json.loads(from_file.stdout)
    assert set(result) >= {"date", "region", "parameters", "programmes"}
    assert set(result["parameters"]) == {"mci", "subsistence_minimum", "poverty_line"}
    tsa = result["programmes"]["tsa"]
    assert (tsa["eligible"], tsa["amount"], tsa["period"]) == (True, 18284, "month")
    assert tsa["explanation"] and isinstance(tsa["amount"], int)


@pytest.mark.parametrize(
    ("situation", "field"),
    [
        ({**SITUATION, "region": "35"}, "region"),
        (
            {**SITUATION, "persons": {"a": {"birth_date": "1988-02-30", "sex": "female"}}},
            "persons.a.birth_date",
        ),
        ({**SITUATION, "persons": {"a": {"birth_date": "1988-02-03", "sex": "f"}}}, "persons.a.sex"),
        ("[1, 2", "situation: not valid JSON"),
    ],
)
def test_a_bad_situation_exits_2_naming_the_field(situation, field):
    """A bad situation file exits with 2 and names the wrong field, without a traceback."""
    text = situation if isinstance(situation, str) else json.dumps(situation)
    result = komek("rules", "calculate", "--situation", "-", stdin=text)
    assert result.returncode == 2
    assert field in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_rules_test_runs_the_legislation_examples(tmp_path):
    """``komek rules test`` runs legislation examples and exits with 1 when one fails."""
    case = tmp_path / "tsa.yaml"
    given = json.dumps({k: v for k, v in SITUATION.items() if k != "date"})
    case.write_text(
        f"- name: August 2018\n  period: 2018-08-15\n  input: {given}\n"
        "  output: {tsa: {eligible: true, amount: 18284}}\n"
        f"- name: wrong on purpose\n  period: 2018-08-15\n  input: {given}\n"
        "  output: {tsa: {amount: 1}}\n"
    )
    result = komek("rules", "test", str(case))
    assert result.returncode == 1
    assert result.stdout.strip().splitlines()[-1] == "1 passed, 1 failed"


@pytest.fixture(scope="module")
def demo_database(tmp_path_factory: Any) -> dict[str, str]:
    """A small demo town in its own SQLite file, as ``komek demo-data`` makes it."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "PYTEST_VERSION")}
    env["KOMEK_VAR_DIR"] = str(tmp_path_factory.mktemp("var"))
    env["KOMEK_DEBUG"] = "1"  # the synthetic town is demo data, refused elsewhere
    for command in (
        ["migrate", "-v", "0"],
        ["load-reference"],
        ["demo-data", "--persons", "600", "--seed", "3"],
    ):
        done = komek(*command, env=env)
        assert done.returncode == 0, done.stderr
    return env


def test_simulate_prints_the_comparison_as_json(demo_database):
    """``komek simulate --json`` compares the reform with the legislation by programme and named district."""
    month = timezone.localdate().strftime("%Y-%m")
    result = komek(
        "simulate", "--reform", "poverty_line_50_today", "--region", "351600000", "--month", month, "--json",
        env=demo_database,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["region"] == "3516" and data["month"] == month and data["district_digits"] == 6
    tsa = next(row for row in data["programmes"] if row["programme"] == "tsa")
    assert tsa["reform_recipients"] >= tsa["baseline_recipients"] > 0
    assert {row["district"] for row in data["rows"]} <= {"351610000", "351633000", "351635000"}
    assert all(row["district_name"] for row in data["rows"])


def test_simulate_refuses_a_reform_that_names_nothing_that_exists(demo_database, tmp_path):
    """A reform naming a parameter that does not exist exits with 2 and the place of the error."""
    reform = tmp_path / "bad.yaml"
    reform.write_text("name: bad\nparameters: [{name: poverty_share, from: 2026-01-01, value: 0.5}]\n")
    result = komek("simulate", "--reform", str(reform), "--json", env=demo_database)
    assert result.returncode == 2
    assert "parameters[0].name: there is no parameter 'poverty_share'" in result.stderr
    assert "Traceback" not in result.stderr
