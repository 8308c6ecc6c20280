"""The applications panel of the 360° card (``komek.common.card``): the person's and the family's
applications for state services with their status and due date, and the link to register one."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.applications.models import Application
from komek.common.card import Action, Panel, PanelContent, Subject, latest


def applications_panel(*, actor: Any, subject: Subject) -> PanelContent:
    """The latest applications where the person applied or the family is the applicant's family,
    in the viewer's territory (two queries at most)."""
    where = Q(applicant_id__in=subject.person_ids)
    if subject.family_ids:
        where |= Q(family_id__in=subject.family_ids)
    visible = policy.visible(Application.objects.all(), actor, Capability.CASE_VIEW, field="kato__code")
    rows, more = latest(
        visible.filter(where).select_related("service", "applicant").order_by("-received_at", "-id")
    )
    actions: list[Action] = []
    if policy.can(actor, Capability.APPLICATION_INTAKE):
        actions.append(Action(_("Register an application"), reverse("applications:intake_choose")))
    return PanelContent(
        rows=rows, persons=tuple({r.applicant_id for r in rows}), actions=tuple(actions), more=more
    )


PANELS = (
    Panel(
        code="applications",
        title=_("Applications"),
        order=10,
        template="applications/_card_panel.html",
        capabilities=(Capability.CASE_VIEW,),
        show=applications_panel,
    ),
)
