"""Every write of the commission: convening a meeting, its agenda, votes, amounts, the protocol.

Signing the protocol decides every case of the agenda through the state services' decision
service, all in one transaction: an item without quorum or with an amount above its limit leaves
the whole protocol unsigned and every case as it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from komek.accounts.models import User
from komek.accounts.roles import Capability
from komek.applications.models import Application, Decision, Status
from komek.applications.services.decisions import application_decide, default_period
from komek.commissions.models import Choice, Item, Meeting, MeetingStatus, Member, MemberRole, Outcome, Vote
from komek.common.audit import audit_record, created
from komek.common.errors import DomainError, NotFound
from komek.common.models import AuditAction
from komek.registry.services._common import in_territory, kato_unit, require, require_territory

OBJECT_TYPE = "commissions.meeting"


def _audit(
    actor: User, meeting: Meeting, changes: dict, reason: str = "", action: str = AuditAction.UPDATE
) -> None:
    audit_record(
        actor=actor, action=action, object_type=OBJECT_TYPE, object_id=meeting.pk,
        changes=changes, reason=reason, territory=meeting.kato_id,
    )  # fmt: skip


def _meeting(actor: User, meeting_id: int, *, lock: bool = False) -> Meeting:
    qs = Meeting.objects.select_for_update() if lock else Meeting.objects.all()
    meeting = qs.filter(pk=meeting_id).first()
    if meeting is None or not in_territory(actor, meeting.kato_id):
        raise NotFound(_("No such commission meeting in your territorial units."))
    return meeting


def _planned(meeting: Meeting) -> None:
    if meeting.status != MeetingStatus.PLANNED:
        raise DomainError(_("The protocol of this meeting is signed: it cannot be changed."), code="status")


def meeting_create(
    *,
    actor: User,
    kato: str,
    date: dt.date,
    quorum: int,
    member_ids: Iterable[int],
    chair_id: int | None = None,
) -> Meeting:
    """Convene a meeting; the one who convenes it is its secretary and a member."""
    require(actor, Capability.COMMISSION_MANAGE)
    unit = kato_unit(kato)
    require_territory(actor, unit.code)
    ids = sorted({int(i) for i in member_ids} | {actor.pk})
    users = list(User.objects.filter(pk__in=ids, is_active=True))
    if len(users) != len(ids):
        raise DomainError(_("Choose active members."), field="members")
    for user in users:
        if not user.can(Capability.COMMISSION_VOTE):
            raise DomainError(
                _("%(name)s cannot vote in the commission.")
                % {"name": user.get_full_name() or user.username},
                field="members",
            )
    if not 1 <= quorum <= len(users):
        raise DomainError(
            _("The quorum must be between 1 and the number of members (%(n)s).") % {"n": len(users)},
            field="quorum",
        )
    with transaction.atomic():
        count = Meeting.objects.filter(kato=unit, date__year=date.year).count()
        meeting = Meeting.objects.create(
            kato=unit, number=f"{date.year}-{count + 1:03d}", date=date, quorum=quorum, secretary=actor
        )
        Member.objects.bulk_create(
            Member(
                meeting=meeting,
                user=user,
                role=MemberRole.SECRETARY
                if user.pk == actor.pk
                else (MemberRole.CHAIR if user.pk == chair_id else MemberRole.MEMBER),
            )
            for user in users
        )
        _audit(actor, meeting, created({"number": meeting.number, "date": date.isoformat(), "quorum": quorum,
                                        "members": ids}), action=AuditAction.CREATE)  # fmt: skip
    return meeting


def agenda_build(*, actor: User, meeting_id: int) -> int:
    """Put on the agenda every case of the territory waiting for the commission and not on another
    open agenda; returns how many were added (one insert for all)."""
    require(actor, Capability.COMMISSION_MANAGE)
    with transaction.atomic():
        meeting = _meeting(actor, meeting_id, lock=True)
        _planned(meeting)
        waiting = (
            Application.objects.filter(status=Status.COMMISSION, kato__code__startswith=meeting.kato.prefix)
            .exclude(
                pk__in=Item.objects.filter(meeting__status=MeetingStatus.PLANNED).values("application_id")
            )
            .order_by("due_date", "id")
            .values_list("pk", "calculated_amount")
        )
        start = (meeting.items.aggregate(n=Max("order"))["n"] or 0) + 1
        items = Item.objects.bulk_create(
            Item(meeting=meeting, application_id=pk, order=start + i, amount=amount)
            for i, (pk, amount) in enumerate(waiting)
        )
        if items:
            _audit(actor, meeting, {"agenda": [None, [i.application_id for i in items]]})
    return len(items)


def vote_cast(*, actor: User, item_id: int, choice: str) -> Vote:
    """A member's vote on one case (changed freely until the protocol is signed)."""
    require(actor, Capability.COMMISSION_VOTE)
    if choice not in Choice.values:
        raise DomainError(_("Choose for, against or abstain."), field="choice")
    with transaction.atomic():
        item = Item.objects.select_related("meeting").filter(pk=item_id).first()
        if item is None:
            raise NotFound(_("No such agenda item."))
        meeting = _meeting(actor, item.meeting_id, lock=True)
        _planned(meeting)
        member = Member.objects.filter(meeting=meeting, user=actor).first()
        if member is None:
            raise DomainError(_("You are not a member of this meeting."), code="forbidden")
        vote, _created = Vote.objects.update_or_create(item=item, member=member, defaults={"choice": choice})
        _audit(actor, meeting, {"vote": [None, {"item": item.pk, "choice": choice}]})
    return vote


def _refused(
    actor: User, meeting_id: int | None, step: str, exc: DomainError, attempt: dict[str, Any]
) -> None:
    """Audit a refused step of a meeting, outside its rolled-back transaction."""
    kato = (
        Meeting.objects.filter(pk=meeting_id).values_list("kato_id", flat=True).first() if meeting_id else ""
    )
    audit_record(
        actor=actor, action=AuditAction.UPDATE, object_type=OBJECT_TYPE, object_id=meeting_id or "",
        changes={"refused": [None, f"{step}:{exc.code}"], **{k: [None, v] for k, v in attempt.items()}},
        reason=str(exc.message)[:1000], territory=kato or "",
    )  # fmt: skip


def item_set_amount(*, actor: User, item_id: int, amount: int) -> Item:
    """The amount the commission assigns, within the programme's limit on the date; a refused
    amount writes nothing but its audit row."""
    try:
        return _set_amount(actor=actor, item_id=item_id, amount=amount)
    except DomainError as exc:
        meeting_id = Item.objects.filter(pk=item_id).values_list("meeting_id", flat=True).first()
        _refused(actor, meeting_id, "amount", exc, {"item": item_id, "amount": amount})
        raise


def _set_amount(*, actor: User, item_id: int, amount: int) -> Item:
    require(actor, Capability.COMMISSION_MANAGE)
    with transaction.atomic():
        item = Item.objects.select_related("application").filter(pk=item_id).first()
        if item is None:
            raise NotFound(_("No such agenda item."))
        meeting = _meeting(actor, item.meeting_id, lock=True)
        _planned(meeting)
        limit = item.application.amount_limit or 0
        if amount <= 0:
            raise DomainError(_("The amount must be positive."), field="amount")
        if amount > limit:
            raise DomainError(
                _("The amount %(amount)s ₸ is above the programme's limit of %(limit)s ₸ on the date.")
                % {"amount": f"{amount:,}".replace(",", " "), "limit": f"{limit:,}".replace(",", " ")},
                field="amount",
                code="above_limit",
            )
        before = item.amount
        item.amount = amount
        item.save(update_fields=["amount"])
        _audit(actor, meeting, {"amount": [before, amount], "item": [None, item.pk]})
    return item


def _tally(item: Item, votes: list[Vote]) -> tuple[int, int, int]:
    mine = [v for v in votes if v.item_id == item.pk]
    return (
        sum(v.choice == Choice.FOR for v in mine),
        sum(v.choice == Choice.AGAINST for v in mine),
        sum(v.choice == Choice.ABSTAIN for v in mine),
    )


def protocol_sign(*, actor: User, meeting_id: int) -> Meeting:
    """The secretary signs the protocol: each case is decided by the majority of the votes cast,
    with the quorum of voters on every item. A refusal writes nothing but its audit row."""
    try:
        return _sign(actor=actor, meeting_id=meeting_id)
    except DomainError as exc:
        _refused(actor, meeting_id, "sign", exc, {})
        raise


def _sign(*, actor: User, meeting_id: int) -> Meeting:
    require(actor, Capability.COMMISSION_MANAGE)
    with transaction.atomic():
        meeting = _meeting(actor, meeting_id, lock=True)
        _planned(meeting)
        if meeting.secretary_id != actor.pk:
            raise DomainError(_("Only the secretary of the meeting signs its protocol."), code="forbidden")
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
        _audit(actor, meeting, {"status": [MeetingStatus.PLANNED, MeetingStatus.SIGNED],
                                "decided": [None, [i.application_id for i in items]]})  # fmt: skip
    return meeting
