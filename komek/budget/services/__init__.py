"""Every write of the budget: one module per use case."""

from komek.budget.services.amendment import allocation_amend
from komek.budget.services.approval import allocation_approve
from komek.budget.services.create import allocation_create
from komek.budget.services.imports import AllocationImportRefused, RowError, allocations_import
from komek.budget.services.plan import plan_approve, plan_forecast, plan_row_edit

__all__ = [
    "AllocationImportRefused",
    "RowError",
    "allocation_amend",
    "allocation_approve",
    "allocation_create",
    "allocations_import",
    "plan_approve",
    "plan_forecast",
    "plan_row_edit",
]
