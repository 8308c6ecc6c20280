"""Commission meetings: members and quorum, the agenda of cases, each member's vote, the protocol.

A meeting's decisions take effect when the secretary signs the protocol: each agenda item then
decides its application through the state services' decision service.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from komek.commissions.choices import Choice, MeetingStatus, MemberRole, Outcome


class Meeting(models.Model):
    kato = models.ForeignKey(
        "common.KatoUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("territory")
    )
    number = models.CharField(_("protocol number"), max_length=24)
    date = models.DateField(_("date"))
    quorum = models.PositiveSmallIntegerField(_("quorum"))
    status = models.CharField(max_length=8, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED)
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("secretary")
    )
    signed_at = models.DateTimeField(_("protocol signed"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("commission meeting")
        verbose_name_plural = _("commission meetings")
        constraints = [
            models.UniqueConstraint(fields=["kato", "number"], name="meeting_number_unique"),
            models.CheckConstraint(condition=Q(quorum__gte=1), name="meeting_quorum_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.date})"


class Member(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER)

    class Meta:
        ordering = ["meeting", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="member_once")]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.user_id}"


class Item(models.Model):
    """One case on the agenda; the amount is set within the programme's limit."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    application = models.ForeignKey("applications.Application", on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(default=0)
    amount = models.PositiveIntegerField(_("amount, tenge"), null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    votes_for = models.PositiveSmallIntegerField(default=0)
    votes_against = models.PositiveSmallIntegerField(default=0)
    votes_abstain = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["meeting", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "application"], name="item_once_per_meeting"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.application_id}"


class Vote(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="votes")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="votes")
    choice = models.CharField(max_length=8, choices=Choice.choices)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "member"], name="vote_once"),
            models.CheckConstraint(condition=Q(choice__in=Choice.values), name="vote_choice_known"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.member_id} {self.choice}"
