"""What payments follows of the contexts below it: amounts lowered by benefits book overpayments."""

from __future__ import annotations

from typing import Any

from komek.benefits.signals import amounts_lowered
from komek.payments.services.recalculated import overpayments_book_lowered


def _amounts_lowered(
    sender: Any, *, actor: Any, assignment_ids: list[int], reason: str, **kwargs: Any
) -> None:
    overpayments_book_lowered(actor=actor, assignment_ids=assignment_ids, reason=reason)


def connect() -> None:
    amounts_lowered.connect(_amounts_lowered, dispatch_uid="payments.overpayments_book_lowered")
