"""Checks a context above payments adds to the approval of a payroll, without payments importing it.

The budget (a layer above) must refuse an approval that would take a budget programme beyond its
allocation; payments may not import the budget. So payments keeps this list of checks and
``payroll_approve`` runs every one inside its transaction, after its own checks and with the
payroll's row locked; a context registers its check once, from its ``AppConfig.ready()``.

A check is ``callable(payroll) -> None`` that raises :class:`~komek.common.errors.DomainError`
with a message the head can act on; the approval is then refused (and the refusal audited).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from komek.payments.models import Payroll

ApprovalCheck = Callable[["Payroll"], None]

_APPROVAL_CHECKS: list[ApprovalCheck] = []


def register_approval_check(check: ApprovalCheck) -> None:
    """Add ``check`` to the approval of every payroll (once: registering it again changes nothing)."""
    if check not in _APPROVAL_CHECKS:
        _APPROVAL_CHECKS.append(check)


def run_approval_checks(payroll: Payroll) -> None:
    """Run every registered check on ``payroll``; the first that refuses raises its error."""
    for check in tuple(_APPROVAL_CHECKS):
        check(payroll)
