"""The employment panel of the 360° card (``komek.common.card``): the person's (or the members')
registrations as jobseekers or unemployed and their referrals to employers, and the link to
register the person as a jobseeker."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.common.card import Action, Panel, PanelContent, Subject, latest
from komek.employment.choices import ACTIVE_STATUSES
from komek.employment.models import Jobseeker, Referral


def employment_panel(*, actor: Any, subject: Subject) -> PanelContent:
    """The registrations (latest first) and the latest referrals of the persons, in the viewer's
    territory (four queries at most)."""
    visible = policy.visible(Jobseeker.objects.all(), actor, Capability.EMPLOYMENT_VIEW, field="kato__code")
    mine = visible.filter(person_id__in=subject.person_ids)
    registrations, more = latest(mine.select_related("person").order_by("-registered_on", "-id"))
    referrals, more_referrals = latest(
        Referral.objects.filter(jobseeker__in=mine.values("id"))
        .select_related("vacancy__employer", "jobseeker__person")
        .order_by("-issued_on", "-id")
    )
    actions: list[Action] = []
    registered = any(r.status in ACTIVE_STATUSES for r in registrations)
    if subject.iin and not registered and policy.can(actor, Capability.EMPLOYMENT_MANAGE):
        url = reverse("employment:jobseeker_create") + "?" + urlencode({"iin": subject.iin})
        actions.append(Action(_("Register as a jobseeker"), url))
    return PanelContent(
        rows=registrations,
        persons=tuple({r.person_id for r in registrations} | {r.jobseeker.person_id for r in referrals}),
        actions=tuple(actions),
        more=more,
        extra={"referrals": referrals, "more_referrals": more_referrals},
    )


PANELS = (
    Panel(
        code="employment",
        title=_("Employment"),
        order=40,
        template="employment/_card_panel.html",
        capabilities=(Capability.EMPLOYMENT_VIEW,),
        show=employment_panel,
    ),
)
