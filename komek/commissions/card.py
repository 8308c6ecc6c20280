"""The commission panel of the 360° card (``komek.common.card``): the cases of the person's and the
family's applications on the commission's agendas — the meeting, the outcome and the amount."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.commissions.models import Item, Meeting
from komek.commissions.selectors import VIEW
from komek.common.card import Panel, PanelContent, Subject, latest

#: Members and secretaries see the meetings; caseworkers see what became of their cases.
READERS = (*VIEW, Capability.CASE_VIEW)


def commission_panel(*, actor: Any, subject: Subject) -> PanelContent:
    """The latest agenda items of the subject's applications at meetings of the viewer's territory."""
    policy.require_any(actor, *READERS)
    where = Q(application__applicant_id__in=subject.person_ids)
    if subject.family_ids:
        where |= Q(application__family_id__in=subject.family_ids)
    rows, more = latest(
        Item.objects.filter(
            where, meeting__in=policy.scoped(Meeting.objects.all(), actor, field="kato__code")
        )
        .select_related("meeting", "application__applicant")
        .order_by("-meeting__date", "-id")
    )
    return PanelContent(
        rows=rows,
        persons=tuple({i.application.applicant_id for i in rows}),
        more=more,
        extra={"meetings": any(policy.can(actor, c) for c in VIEW)},
    )


PANELS = (
    Panel(
        code="commission",
        title=_("Commission cases"),
        order=60,
        template="commissions/_card_panel.html",
        capabilities=READERS,
        show=commission_panel,
    ),
)
