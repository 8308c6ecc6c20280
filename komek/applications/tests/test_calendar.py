"""Working days on Kazakhstan's calendar and ``komek deadline``."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from komek.applications.management.deadline import main
from komek.common.workdays import CalendarError, add_working_days, is_working_day, working_days_between


def test_a_deadline_across_nauryz_skips_the_holidays_and_their_moves():
    """Nauryz 2025: 21-23 March and the days moved from the weekend (24, 25 March) are days off."""
    # 19.03 (Wed) + 8 working days: 20.03, then 26, 27, 28, 31.03, 1, 2, 3.04.
    assert add_working_days(dt.date(2025, 3, 19), 8) == dt.date(2025, 4, 3)
    for day in (21, 24, 25):
        assert not is_working_day(dt.date(2025, 3, day))


def test_a_swapped_day_off_and_the_worked_sunday():
    """The government moved the day off of 5 January 2025 (Sunday, worked) to Friday 3 January."""
    assert not is_working_day(dt.date(2025, 1, 3))
    assert is_working_day(dt.date(2025, 1, 5))
    assert add_working_days(dt.date(2025, 1, 2), 1) == dt.date(2025, 1, 5)
    assert add_working_days(dt.date(2025, 1, 2), 2) == dt.date(2025, 1, 6)


def test_the_from_date_is_never_counted_and_weekends_are_skipped():
    """The due date counts working days after the start date, never the date itself, and skips weekends."""
    assert add_working_days(dt.date(2026, 11, 20), 1) == dt.date(2026, 11, 23)  # Friday → Monday
    assert add_working_days(dt.date(2026, 11, 21), 1) == dt.date(2026, 11, 23)  # Saturday → Monday
    assert working_days_between(dt.date(2025, 3, 19), dt.date(2025, 4, 3)) == 8


def test_a_deadline_across_the_new_year_loads_the_next_years_calendar():
    # 29.12.2025 (Mon) + 5: 30, 31.12, then 1, 2 January are holidays, 5, 6, 7 (Christmas off) → 8.01.
    """A deadline that crosses the new year is counted on the next year's calendar."""
    assert add_working_days(dt.date(2025, 12, 29), 5) == dt.date(2026, 1, 8)


@pytest.mark.parametrize("n", [0, -1, 1001])
def test_a_count_out_of_range_is_refused(n):
    """A count of working days outside the calendar's range is refused with a calendar error."""
    with pytest.raises(CalendarError):
        add_working_days(dt.date(2025, 1, 1), n)


def test_the_command_prints_the_date_and_nothing_else(capsys):
    """``komek deadline`` prints the due date as YYYY-MM-DD and nothing else."""
    assert main(["--from", "2025-03-19", "--working-days", "8"]) == 0
    out, err = capsys.readouterr()
    assert (out, err) == ("2025-04-03\n", "")


@pytest.mark.parametrize(
    "argv",
    [
        ["--from", "2025-02-30", "--working-days", "8"],
        ["--from", "19.03.2025", "--working-days", "8"],
        ["--from", "2025-03-19", "--working-days", "eight"],
        ["--from", "2025-03-19", "--working-days", "0"],
        ["--from", "2025-03-19"],
        ["--working-days", "3"],
        ["--from", "1850-01-01", "--working-days", "3"],
        ["--from", "2025-03-19", "--working-days", "3", "--extra"],
    ],
)
def test_bad_input_is_one_line_on_stderr_and_exit_code_2(argv, capsys):
    """Bad input to ``komek deadline`` is one line on stderr and exit code 2."""
    with pytest.raises(SystemExit) as exc:
        main(argv)
    out, err = capsys.readouterr()
    assert exc.value.code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("komek deadline: ")


def test_the_komek_command_line():
    """Through the real entry point, as a user types it."""
    ok = subprocess.run(
        [sys.executable, "-m", "komek", "deadline", "--from", "2025-01-02", "--working-days", "1"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert (ok.returncode, ok.stdout, ok.stderr) == (0, "2025-01-05\n", "")
    bad = subprocess.run(
        [sys.executable, "-m", "komek", "deadline", "--from", "soon", "--working-days", "1"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert bad.returncode == 2 and bad.stdout == "" and len(bad.stderr.splitlines()) == 1
