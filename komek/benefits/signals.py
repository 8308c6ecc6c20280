"""What the assignments context announces, for a higher context to follow in the same transaction.

Benefits sits below payments (``docs/architecture.md``): it knows nothing of payrolls, yet money
already paid above an amount it lowers is an overpayment on the payroll's ledger. So a service of
benefits that lowers amounts sends ``amounts_lowered`` inside its own transaction, and payments
connects its receiver when the application starts (``komek.payments.apps``): the overpayment is
booked in the same transaction as the new amounts, or neither is written.
"""

from __future__ import annotations

from django.dispatch import Signal

#: Sent by a service that lowered assignments' amounts, inside its transaction, with the keyword
#: arguments ``actor`` (who lowered them), ``assignment_ids`` (``list[int]``) and ``reason``
#: (``str``, the recalculation's own words, kept on what the receivers write).
amounts_lowered = Signal()
