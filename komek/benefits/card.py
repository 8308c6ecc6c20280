"""The assignments panel of the 360° card (``komek.common.card``): the benefits assigned to the
person or the family — the programme in words, the monthly amount, the period and the status — each
linking to the assignment's page, where a viewer who may manage assignments suspends or terminates it."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.benefits.models import Assignment
from komek.common.card import Panel, PanelContent, Subject, latest
from komek.legislation.titles import programme_titles


def assignments_of(*, actor: Any, subject: Subject) -> Any:
    """The assignments of the persons (as beneficiary or recipient) and of the families, in the
    viewer's territory, newest period first."""
    where = Q(person_id__in=subject.person_ids) | Q(recipient_id__in=subject.person_ids)
    if subject.family_ids:
        where |= Q(family_id__in=subject.family_ids)
    visible = policy.visible(Assignment.objects.all(), actor, Capability.ASSIGNMENT_VIEW, field="kato_code")
    return visible.filter(where).order_by("-period_start", "-id")


def assignments_panel(*, actor: Any, subject: Subject) -> PanelContent:
    rows, more = latest(assignments_of(actor=actor, subject=subject).select_related("recipient"))
    titles = programme_titles()
    for a in rows:
        a.programme_title = titles.get(a.programme, a.programme)  # type: ignore[attr-defined]
    persons = {pk for a in rows for pk in (a.recipient_id, a.person_id) if pk is not None}
    return PanelContent(rows=rows, persons=tuple(persons), more=more)


PANELS = (
    Panel(
        code="assignments",
        title=_("Assignments of benefits"),
        order=20,
        template="benefits/_card_panel.html",
        capabilities=(Capability.ASSIGNMENT_VIEW,),
        show=assignments_panel,
    ),
)
