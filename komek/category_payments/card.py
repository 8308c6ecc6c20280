"""The category payments panel of the 360° card (``komek.common.card``): the one-off payments to
categories (holidays, anniversaries) the person or the members were listed for."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.category_payments.models import PaymentListRow
from komek.category_payments.selectors import category_programmes
from komek.common.card import Panel, PanelContent, Subject, latest


def category_payments_panel(*, actor: Any, subject: Subject) -> PanelContent:
    """The persons' latest rows of payment lists in the viewer's territory (two queries at most)."""
    rows, more = latest(
        policy.visible(PaymentListRow.objects.all(), actor, Capability.ASSIGNMENT_VIEW, field="kato_code")
        .filter(person_id__in=subject.person_ids)
        .select_related("payment_list", "person", "bank")
        .order_by("-event_date", "-id")
    )
    titles = dict(category_programmes(language=(get_language() or "ru")[:2])) if rows else {}
    for row in rows:
        row.programme_title = titles.get(row.programme, row.programme)  # type: ignore[attr-defined]
    return PanelContent(rows=rows, persons=tuple({r.person_id for r in rows}), more=more)


PANELS = (
    Panel(
        code="category_payments",
        title=_("Payments to categories"),
        order=70,
        template="category_payments/_card_panel.html",
        capabilities=(Capability.ASSIGNMENT_VIEW,),
        show=category_payments_panel,
    ),
)
