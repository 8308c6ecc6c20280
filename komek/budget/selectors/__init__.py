"""Every read of the budget: allocations, and the execution computed from the records."""

from komek.budget.selectors.allocations import (
    allocation_amendments,
    allocation_get,
    allocation_years,
    allocations_visible,
)
from komek.budget.selectors.execution import Execution, ExecutionRow, Unlinked, budget_execution

__all__ = [
    "Execution",
    "ExecutionRow",
    "Unlinked",
    "allocation_amendments",
    "allocation_get",
    "allocation_years",
    "allocations_visible",
    "budget_execution",
]
