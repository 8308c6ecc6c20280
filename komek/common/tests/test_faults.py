"""Fault points: nothing happens unless KOMEK_FAULT names the point, then the process dies by SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from komek.common.faults import ENV, POINTS, fault_point

SCRIPT = """
from komek.common.faults import fault_point
for hit in range(1, 4):
    print(hit, flush=True)
    fault_point("payroll.prepared")
print("survived", flush=True)
"""


def _run(fault: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != ENV}
    if fault:
        env[ENV] = fault
    return subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=300
    )


def test_a_point_not_asked_for_does_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without KOMEK_FAULT, or with another point named, every point returns."""
    monkeypatch.delenv(ENV, raising=False)
    for name in POINTS:
        fault_point(name)
    monkeypatch.setenv(ENV, "payroll.header.created:1")
    fault_point("payroll.prepared")


def test_an_unknown_point_is_refused() -> None:
    """A point missing from POINTS would escape the crash test, so it fails at its first call."""
    with pytest.raises(ValueError, match="unknown fault point"):
        fault_point("payroll.nowhere")


@pytest.mark.parametrize(
    ("fault", "printed"), [("payroll.prepared", "1\n"), ("payroll.prepared:3", "1\n2\n3\n")]
)
def test_the_named_hit_kills_the_process(fault: str, printed: str) -> None:
    """``name`` dies at the first hit and ``name:N`` at the N-th, by SIGKILL, with nothing after."""
    done = _run(fault)
    assert done.returncode == -signal.SIGKILL
    assert done.stdout == printed
    assert done.stderr == f"komek fault: payroll.prepared:{printed.count(chr(10))}\n"


def test_without_the_variable_the_process_runs_on() -> None:
    """The same process without KOMEK_FAULT passes all its points and ends normally."""
    done = _run(None)
    assert (done.returncode, done.stdout) == (0, "1\n2\n3\nsurvived\n")
