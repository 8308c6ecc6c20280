"""Named points where a test can kill the process, to prove that a crash there leaves nothing wrong.

``fault_point(name)`` does nothing unless the environment variable ``KOMEK_FAULT`` names that
point: ``name`` dies at its first hit, ``name:N`` at its N-th hit in the process. Then the process
writes one line ``komek fault: name:N`` to stderr and SIGKILLs itself, so nothing runs after it: no
``finally``, no ``atexit``, no transaction commit, as when the machine loses power.

The points, in the order a payroll run meets them for each payroll (one payroll per programme,
budget source and department, so a month of three payrolls hits each point three times):

``payroll.header.created``
    the payroll row inserted (or found) by ``get_or_create``, its transaction not yet committed
``payroll.header.committed``
    the payroll row committed, no line inserted yet
``payroll.<stage>.inserted`` for the stages ``regular``, ``arrears``, ``repayment``, ``recovery``
    the stage's lines inserted (regular payments, arrears, returned payments paid again to a
    corrected account, deductions of overpayments), the stage not yet recorded on the payroll,
    nothing committed
``payroll.<stage>.recorded``
    the stage recorded on the payroll, its transaction still open
``payroll.<stage>.committed``
    the stage committed, the next one not begun
``payroll.totals.counted``
    the totals counted and the payroll marked prepared in the transaction, no audit row yet
``payroll.totals.audited``
    the audit row written, the transaction still open
``payroll.prepared``
    the prepared payroll committed, the next payroll of the month not begun

``POINTS`` is the one list of them: the crash test (``komek/payments/tests/test_crash.py``) kills a
payroll run at every point it holds, so a point added here is covered without touching the test,
and a ``fault_point`` call with a name missing here fails at once.
"""

from __future__ import annotations

import os
import signal

ENV = "KOMEK_FAULT"
POINTS: tuple[str, ...] = (
    "payroll.header.created",
    "payroll.header.committed",
    "payroll.regular.inserted",
    "payroll.regular.recorded",
    "payroll.regular.committed",
    "payroll.missed.inserted",
    "payroll.missed.recorded",
    "payroll.missed.committed",
    "payroll.arrears.inserted",
    "payroll.arrears.recorded",
    "payroll.arrears.committed",
    "payroll.repayment.inserted",
    "payroll.repayment.recorded",
    "payroll.repayment.committed",
    "payroll.recovery.inserted",
    "payroll.recovery.recorded",
    "payroll.recovery.committed",
    "payroll.totals.counted",
    "payroll.totals.audited",
    "payroll.prepared",
)
_KNOWN = frozenset(POINTS)
_hits: dict[str, int] = {}


def fault_point(name: str) -> None:
    """Die here by SIGKILL when ``KOMEK_FAULT`` asks for this point (and this hit); else nothing."""
    if name not in _KNOWN:
        raise ValueError(f"unknown fault point {name!r}: add it to komek.common.faults.POINTS")
    wanted = os.environ.get(ENV)
    if not wanted:
        return
    point, _sep, nth = wanted.partition(":")
    if point != name:
        return
    _hits[name] = hit = _hits.get(name, 0) + 1
    if hit == (int(nth) if nth else 1):
        os.write(2, f"komek fault: {name}:{hit}\n".encode())
        os.kill(os.getpid(), signal.SIGKILL)
