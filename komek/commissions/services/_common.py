"""Shared steps of the commission's writes: the meeting read in the actor's territory, the check
that its protocol is still open, and the meeting's audit rows (an action, a refused step)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.commissions.choices import Kind, MeetingStatus
from komek.commissions.models import Meeting
from komek.common import audit
from komek.common.choices import AuditAction
from komek.common.errors import DomainError, NotFound

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

OBJECT_TYPE = audit.object_type_of(Meeting)


def audit_meeting(
    actor: Actor,
    meeting: Meeting,
    changes: dict[str, Any],
    reason: str = "",
    action: str = AuditAction.UPDATE,
) -> None:
    """The audit row of an action on a meeting (in the caller's transaction)."""
    audit.record(
        actor=actor, action=action, obj=meeting, changes=changes, reason=reason, territory=meeting.kato_id
    )


def meeting_of(actor: Actor, meeting_id: int, *, lock: bool = False) -> Meeting:
    """The meeting, refused when outside the actor's territory (locked for the transaction if asked)."""
    qs = Meeting.objects.select_for_update() if lock else Meeting.objects.all()
    meeting = qs.filter(pk=meeting_id).first()
    if meeting is None or not policy.in_territory(actor, meeting.kato_id):
        raise NotFound(_("No such commission meeting in your territorial units."))
    return meeting


def planned(meeting: Meeting) -> None:
    """Refuse a change to a meeting whose protocol is signed, or an application's step at a meeting
    of another commission than the special one."""
    if meeting.kind != Kind.SOCIAL_ASSISTANCE:
        raise DomainError(
            _("A meeting of the %(kind)s takes no applications.") % {"kind": meeting.get_kind_display()},
            code="kind",
        )
    if meeting.status != MeetingStatus.PLANNED:
        raise DomainError(_("The protocol of this meeting is signed: it cannot be changed."), code="status")


def refused(
    actor: Actor, meeting_id: int | None, step: str, exc: DomainError, attempt: dict[str, Any]
) -> None:
    """Audit a refused step of a meeting, outside its rolled-back transaction (in one of its own)."""
    kato = (
        Meeting.objects.filter(pk=meeting_id).values_list("kato_id", flat=True).first() if meeting_id else ""
    )
    with transaction.atomic():
        audit.refusal(
            actor=actor,
            object_type=OBJECT_TYPE,
            object_id=meeting_id or "",
            changes={"refused": [None, f"{step}:{exc.code}"], **{k: [None, v] for k, v in attempt.items()}},
            reason=str(exc.message)[:1000],
            territory=kato or "",
        )
