"""Signing the protocol: every case of the agenda is decided through the state services' decision
service, all in one transaction: an item without quorum or with an amount above its limit leaves
the whole protocol unsigned and every case as it was."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.applications.choices import Decision
from komek.applications.services.decisions import application_decide, default_period
from komek.commissions.choices import Choice, MeetingStatus, Outcome
from komek.commissions.models import Item, Meeting, Vote
from komek.commissions.services._common import audit_meeting, meeting_of, planned, refused
from komek.common.errors import DomainError
from komek.common.validation import today

if TYPE_CHECKING:
    from komek.accounts.policy import Actor


def _tally(item: Item, votes: list[Vote]) -> tuple[int, int, int]:
    mine = [v for v in votes if v.item_id == item.pk]
    return (
        sum(v.choice == Choice.FOR for v in mine),
        sum(v.choice == Choice.AGAINST for v in mine),
        sum(v.choice == Choice.ABSTAIN for v in mine),
    )


def protocol_sign(*, actor: Actor, meeting_id: int) -> Meeting:
    """The secretary signs the protocol: each case is decided by the majority of the votes cast,
    with the quorum of voters on every item. A refusal writes nothing but its audit row."""
    try:
        return _sign(actor=actor, meeting_id=meeting_id)
    except DomainError as exc:
        refused(actor, meeting_id, "sign", exc, {})
        raise


def _sign(*, actor: Actor, meeting_id: int) -> Meeting:
    policy.require(actor, Capability.COMMISSION_MANAGE)
    with transaction.atomic():
        meeting = meeting_of(actor, meeting_id, lock=True)
        planned(meeting)
        if meeting.secretary_id != actor.pk:
            raise DomainError(_("Only the secretary of the meeting signs its protocol."), code="forbidden")
        if today() < meeting.date:
            raise DomainError(
                _("The meeting is dated %(date)s: its protocol cannot be signed before then.")
                % {"date": f"{meeting.date:%d.%m.%Y}"},
                code="early",
            )
        items = list(meeting.items.select_related("application"))
        if not items:
            raise DomainError(_("The agenda is empty."), code="empty")
        votes = list(Vote.objects.filter(item__meeting=meeting))
        for item in items:
            yes, no, abstain = _tally(item, votes)
            number = item.application.number
            if yes + no + abstain < meeting.quorum:
                raise DomainError(
                    _("No quorum on application %(number)s: %(n)s of %(q)s members voted.")
                    % {"number": number, "n": yes + no + abstain, "q": meeting.quorum},
                    code="quorum",
                )
            item.votes_for, item.votes_against, item.votes_abstain = yes, no, abstain
            item.outcome = Outcome.APPROVED if yes > no else Outcome.REJECTED
            app = item.application
            try:
                if item.outcome == Outcome.APPROVED:
                    start, end = default_period(app)
                    application_decide(
                        actor=actor, application_id=app.pk, version=None, decision=Decision.ASSIGN,
                        amount=item.amount, period_start=start, period_end=end, via_commission=True,
                        protocol_number=meeting.number,
                    )  # fmt: skip
                else:
                    application_decide(
                        actor=actor, application_id=app.pk, version=None, decision=Decision.REFUSE,
                        refusal_reason="commission_refused", via_commission=True,
                        protocol_number=meeting.number,
                    )  # fmt: skip
            except DomainError as exc:
                raise DomainError(
                    _("Application %(number)s: %(message)s") % {"number": number, "message": exc.message},
                    field=exc.field,
                    code=exc.code,
                ) from None
            item.save(update_fields=["votes_for", "votes_against", "votes_abstain", "outcome"])
        meeting.status = MeetingStatus.SIGNED
        meeting.signed_at = timezone.now()
        meeting.save(update_fields=["status", "signed_at"])
        audit_meeting(actor, meeting, {"status": [MeetingStatus.PLANNED, MeetingStatus.SIGNED],
                                       "decided": [None, [i.application_id for i in items]]})  # fmt: skip
    return meeting
