"""Convening a commission meeting (its members and quorum) and building its agenda from the cases
of the territory waiting for the commission.

A meeting is dated within a year of today either way (a date in 2020 typed for a 2026 meeting is a
typo, not a meeting); its agenda takes only cases the rules engine has calculated (a case without a
calculation has no programme and no limit, so no protocol could ever decide it) and received on or
before the meeting's date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.accounts.models import User
from komek.applications.choices import Status
from komek.applications.models import Application
from komek.commissions.choices import Kind, MeetingStatus, MemberRole
from komek.commissions.models import Item, Meeting, Member
from komek.commissions.services._common import audit_meeting, meeting_of, planned
from komek.common.audit import created
from komek.common.choices import AuditAction
from komek.common.errors import DomainError
from komek.common.kato import kato_unit
from komek.common.validation import today

if TYPE_CHECKING:
    from komek.accounts.policy import Actor


#: How far from today a meeting may be dated, either way.
DATE_RANGE = dt.timedelta(days=366)


def check_meeting_date(date: dt.date) -> None:
    """Refuse a meeting dated more than a year before or after today."""
    on = today()
    if date > on + DATE_RANGE:
        raise DomainError(
            _("A meeting cannot be dated more than a year ahead (after %(date)s).")
            % {"date": f"{on + DATE_RANGE:%d.%m.%Y}"},
            field="date",
        )
    if date < on - DATE_RANGE:
        raise DomainError(
            _("A meeting cannot be dated more than a year back (before %(date)s): check the year.")
            % {"date": f"{on - DATE_RANGE:%d.%m.%Y}"},
            field="date",
        )


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
    policy.require(actor, Capability.COMMISSION_MANAGE)
    unit = kato_unit(kato)
    policy.require_territory(actor, unit.code)
    check_meeting_date(date)
    ids = sorted({int(i) for i in member_ids} | {actor.pk})
    users = list(User.objects.filter(pk__in=ids, is_active=True))
    if len(users) != len(ids):
        raise DomainError(_("Choose active members."), field="members")
    for user in users:
        if not policy.can(user, Capability.COMMISSION_VOTE):
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
        count = Meeting.objects.filter(kato=unit, kind=Kind.SOCIAL_ASSISTANCE, date__year=date.year).count()
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
        audit_meeting(
            actor, meeting,
            created({"number": meeting.number, "date": date.isoformat(), "quorum": quorum, "members": ids}),
            action=AuditAction.CREATE,
        )  # fmt: skip
    return meeting


def agenda_build(*, actor: Actor, meeting_id: int) -> int:
    """Put on the agenda every calculated case of the territory waiting for the commission, received
    on or before the meeting's date and not on another open agenda; returns how many were added (one
    insert for all)."""
    policy.require(actor, Capability.COMMISSION_MANAGE)
    with transaction.atomic():
        meeting = meeting_of(actor, meeting_id, lock=True)
        planned(meeting)
        waiting = (
            Application.objects.filter(
                status=Status.COMMISSION,
                kato__code__startswith=meeting.kato.prefix,
                calculated_at__isnull=False,
                calculation__isnull=False,
                received_at__date__lte=meeting.date,
            )
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
            audit_meeting(actor, meeting, {"agenda": [None, [i.application_id for i in items]]})
    return len(items)
