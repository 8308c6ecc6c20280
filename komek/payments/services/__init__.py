"""Every write of the payroll: run (prepare), approve, export, returns and overpayments (recorded by
the accountant, or booked when a recalculation lowers amounts already paid)."""

from komek.payments.services.approval import payroll_approve
from komek.payments.services.discard import payroll_prepare_again
from komek.payments.services.overpayments import overpayment_record
from komek.payments.services.recalculated import overpayments_book_lowered
from komek.payments.services.returns import payroll_returns_import
from komek.payments.services.run import payroll_run, payroll_territories, payrolls_discard_unfinished

__all__ = [
    "overpayment_record",
    "overpayments_book_lowered",
    "payroll_approve",
    "payroll_prepare_again",
    "payroll_returns_import",
    "payroll_run",
    "payroll_territories",
    "payrolls_discard_unfinished",
]
