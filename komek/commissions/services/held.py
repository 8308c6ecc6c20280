"""The meetings of the other commissions, recorded as held (the commission on work experience, on
the Semipalatinsk test site, the Council for the Disabled, the tripartite commission), and the
questions of their agenda with the decisions taken (the council and the tripartite commission)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.commissions.choices import AGENDA_KINDS, HELD_KINDS, Kind, MeetingStatus, MemberRole
from komek.commissions.models import Meeting, Member, Question
from komek.commissions.services._common import audit_meeting, meeting_of
from komek.commissions.services._input import day_of, territory, text
from komek.common.audit import created
from komek.common.choices import AuditAction
from komek.common.errors import DomainError
from komek.common.refusals import audited_refusals

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

MEETING = "commissions.meeting"


@audited_refusals(MEETING)
def meeting_record(*, actor: Actor, kind: Any, kato: Any, date: Any) -> Meeting:
    """A meeting of one of the other commissions, recorded as held on its date (not ahead); its
    number is the next of the commission's meetings of the territory in the year."""
    policy.require(actor, Capability.COMMISSION_MANAGE)
    if str(kind or "") not in HELD_KINDS:
        raise DomainError(_("Choose the commission."), field="kind")
    day = day_of(date, "date")
    unit = territory(actor, kato)
    with transaction.atomic():
        unit_locked = type(unit).objects.select_for_update().get(pk=unit.pk)  # numbers in turn
        count = Meeting.objects.filter(kato=unit_locked, kind=kind, date__year=day.year).count()
        meeting = Meeting.objects.create(
            kato=unit_locked, kind=str(kind), number=f"{day.year}-{count + 1:03d}", date=day, quorum=1,
            status=MeetingStatus.HELD, secretary_id=_secretary(actor),
            signed_at=timezone.now(),
        )  # fmt: skip
        Member.objects.create(meeting=meeting, user_id=meeting.secretary_id, role=MemberRole.SECRETARY)
        audit_meeting(
            actor, meeting,
            created({"kind": meeting.kind, "number": meeting.number, "date": day.isoformat()}),
            action=AuditAction.CREATE,
        )  # fmt: skip
    return meeting


def held_meeting(actor: Actor, meeting_id: Any, kinds: tuple[str, ...]) -> Meeting:
    """A held meeting of one of ``kinds`` in the actor's territory (locked), else a refusal."""
    try:
        pk = int(meeting_id)
    except (TypeError, ValueError):
        raise DomainError(_("Choose the meeting."), field="meeting") from None
    meeting = meeting_of(actor, pk, lock=True)
    if meeting.kind not in kinds:
        raise DomainError(
            _("A meeting of the %(kind)s cannot take this.") % {"kind": meeting.get_kind_display()},
            field="meeting",
            code="kind",
        )
    return meeting


def _secretary(actor: Actor) -> int:
    """The one who records the meeting is its secretary: a user of the department."""
    pk = getattr(actor, "pk", None)
    if not isinstance(pk, int):
        raise DomainError(
            _("A meeting is recorded by its secretary, a user of the department."), field="kind"
        )
    return pk


@audited_refusals(MEETING, id_kwarg="meeting_id")
def question_add(*, actor: Actor, meeting_id: Any, title: Any, decision: Any, speakers: Any = "") -> Question:
    """A question of the agenda of the Council for the Disabled or of the tripartite commission:
    what was discussed, who spoke, the decision taken."""
    policy.require(actor, Capability.COMMISSION_MANAGE)
    what = text(title, "title", limit=500)
    who = text(speakers, "speakers", required=False, limit=500)
    taken = text(decision, "decision", limit=4000)
    with transaction.atomic():
        meeting = held_meeting(actor, meeting_id, AGENDA_KINDS)
        order = (meeting.questions.aggregate(n=Max("order"))["n"] or 0) + 1
        found = Question.objects.create(
            meeting=meeting, order=order, title=what, speakers=who, decision=taken
        )
        audit_meeting(actor, meeting, {"question": [None, {"order": order, "title": what[:100]}]})
    return found


__all__ = ["Kind", "held_meeting", "meeting_record", "question_add"]
