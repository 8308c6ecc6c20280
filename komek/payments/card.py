"""The payments panel of the 360° card (``komek.common.card``): the latest payment lines of the
person's and the family's assignments — the month paid for, the amount, the bank and whether the
bank returned it."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.benefits.models import Assignment
from komek.common.card import Panel, PanelContent, Subject, latest
from komek.payments.models import PaymentLine

READERS = (Capability.ASSIGNMENT_VIEW, Capability.PAYROLL_PREPARE, Capability.PAYROLL_APPROVE)


def payment_lines_of(*, actor: Any, subject: Subject) -> Any:
    """The payment lines of the subject's assignments in the viewer's territory, latest first."""
    policy.require_any(actor, *READERS)
    where = Q(person_id__in=subject.person_ids) | Q(recipient_id__in=subject.person_ids)
    if subject.family_ids:
        where |= Q(family_id__in=subject.family_ids)
    scope = policy.scoped(Assignment.objects.all(), actor, field="kato_code").filter(where).values("id")
    return PaymentLine.objects.filter(assignment_id__in=scope).order_by("-month", "-for_month", "-id")


def payments_panel(*, actor: Any, subject: Subject) -> PanelContent:
    rows, more = latest(payment_lines_of(actor=actor, subject=subject).select_related("bank", "assignment"))
    return PanelContent(rows=rows, persons=tuple({line.assignment.recipient_id for line in rows}), more=more)


PANELS = (
    Panel(
        code="payments",
        title=_("Payments"),
        order=30,
        template="payments/_card_panel.html",
        capabilities=READERS,
        show=payments_panel,
    ),
)
