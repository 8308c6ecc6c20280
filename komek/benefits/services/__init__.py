"""Every write on assignments, one module per use case: create, suspend and resume, terminate,
continue for the next period, recalculate after a parameter change, correct the bank account.

Each function is one transaction with one audit row; on bad input it raises a ``DomainError``
naming the field and writes nothing, and the refusal is audited (``komek.common.refusals``).
"""

from komek.benefits.services.account import assignment_account_change
from komek.benefits.services.continuation import assignment_reassign
from komek.benefits.services.create import assignment_create
from komek.benefits.services.recalculation import Recalculation, assignments_recalculate
from komek.benefits.services.sources import BudgetShares, budget_shares
from komek.benefits.services.suspension import assignment_resume, assignment_suspend
from komek.benefits.services.termination import assignment_terminate

__all__ = [
    "BudgetShares",
    "Recalculation",
    "assignment_account_change",
    "assignment_create",
    "assignment_reassign",
    "assignment_resume",
    "assignment_suspend",
    "assignment_terminate",
    "assignments_recalculate",
    "budget_shares",
]
