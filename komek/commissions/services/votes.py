"""A member's vote on an agenda item and the amount the commission assigns (within the limit)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.accounts.models import User
from komek.commissions.choices import Choice
from komek.commissions.models import Item, Member, Vote
from komek.commissions.services._common import audit_meeting, meeting_of, planned, refused
from komek.common.errors import DomainError, NotFound
from komek.common.money import format_tenge

if TYPE_CHECKING:
    from komek.accounts.policy import Actor


def vote_cast(*, actor: User, item_id: int, choice: str) -> Vote:
    """A member's vote on one case (changed freely until the protocol is signed)."""
    policy.require(actor, Capability.COMMISSION_VOTE)
    if choice not in Choice.values:
        raise DomainError(_("Choose for, against or abstain."), field="choice")
    with transaction.atomic():
        item = Item.objects.select_related("meeting").filter(pk=item_id).first()
        if item is None:
            raise NotFound(_("No such agenda item."))
        meeting = meeting_of(actor, item.meeting_id, lock=True)
        planned(meeting)
        member = Member.objects.filter(meeting=meeting, user=actor).first()
        if member is None:
            raise DomainError(_("You are not a member of this meeting."), code="forbidden")
        vote, _created = Vote.objects.update_or_create(item=item, member=member, defaults={"choice": choice})
        audit_meeting(actor, meeting, {"vote": [None, {"item": item.pk, "choice": choice}]})
    return vote


def item_set_amount(*, actor: Actor, item_id: int, amount: int) -> Item:
    """The amount the commission assigns, within the programme's limit on the date; a refused
    amount writes nothing but its audit row."""
    try:
        return _set_amount(actor=actor, item_id=item_id, amount=amount)
    except DomainError as exc:
        meeting_id = Item.objects.filter(pk=item_id).values_list("meeting_id", flat=True).first()
        refused(actor, meeting_id, "amount", exc, {"item": item_id, "amount": amount})
        raise


def _set_amount(*, actor: Actor, item_id: int, amount: int) -> Item:
    policy.require(actor, Capability.COMMISSION_MANAGE)
    with transaction.atomic():
        item = Item.objects.select_related("application").filter(pk=item_id).first()
        if item is None:
            raise NotFound(_("No such agenda item."))
        meeting = meeting_of(actor, item.meeting_id, lock=True)
        planned(meeting)
        limit = item.application.amount_limit  # None: the actual costs, no limit from the rule
        if amount <= 0:
            raise DomainError(_("The amount must be positive."), field="amount")
        if limit is not None and amount > limit:
            raise DomainError(
                _("The amount %(amount)s ₸ is above the programme's limit of %(limit)s ₸ on the date.")
                % {"amount": format_tenge(amount, sign=""), "limit": format_tenge(limit, sign="")},
                field="amount",
                code="above_limit",
            )
        before = item.amount
        item.amount = amount
        item.save(update_fields=["amount"])
        audit_meeting(actor, meeting, {"amount": [before, amount], "item": [None, item.pk]})
    return item
