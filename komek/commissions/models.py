"""Commission meetings: members and quorum, the agenda of cases, each member's vote, the protocol.

A meeting is of one kind of commission (``Kind``). The special commission's meetings decide
applications: its decisions take effect when the secretary signs the protocol, each agenda item then
deciding its application through the state services' decision service. The other commissions'
meetings are recorded as held: the commissions on work experience and on the Semipalatinsk test
site decide their own cases (``Case``, the documents examined), the Council for the Disabled and the
tripartite commission take decisions on the questions of their agenda (``Question``); the
tripartite commission has members by side and its agreement with amendments.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from komek.commissions.choices import (
    AgreementLevel,
    CaseDecision,
    Choice,
    DocumentKind,
    Kind,
    MeetingStatus,
    MemberRole,
    Outcome,
    Side,
    Zone,
)
from komek.registry.fields import PersonAddress


class Meeting(models.Model):
    kato = models.ForeignKey(
        "common.KatoUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("territory")
    )
    kind = models.CharField(
        _("commission"), max_length=20, choices=Kind.choices, default=Kind.SOCIAL_ASSISTANCE, db_index=True
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
            models.UniqueConstraint(fields=["kato", "kind", "number"], name="meeting_number_unique"),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="meeting_kind_known"),
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


class Case(models.Model):
    """A person's documents examined by the commission on work experience or on the Semipalatinsk
    test site, and its decision at a meeting of that commission (a certificate when positive and
    the commission issues one)."""

    kind = models.CharField(_("commission"), max_length=20, choices=Kind.choices)
    kato = models.ForeignKey(
        "common.KatoUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("territory")
    )
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    person_territory = PersonAddress("person")
    number = models.CharField(_("case number"), max_length=24)
    opened_on = models.DateField(_("opened on"))
    period_from = models.DateField(_("claimed from"))
    period_to = models.DateField(_("claimed until"))
    place = models.CharField(_("place"), max_length=300)
    zone = models.CharField(_("zone"), max_length=16, choices=Zone.choices, blank=True)
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="cases", null=True, blank=True
    )
    decision = models.CharField(max_length=10, choices=CaseDecision.choices, default=CaseDecision.PENDING)
    established_from = models.DateField(_("established from"), null=True, blank=True)
    established_to = models.DateField(_("established until"), null=True, blank=True)
    reason = models.CharField(_("reason of the refusal"), max_length=500, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    issuer = models.ForeignKey(
        "common.KatoUnit", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    certificate_number = models.CharField(_("certificate number"), max_length=24, blank=True)
    certificate_issued = models.DateField(_("certificate issued"), null=True, blank=True)

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = _("commission case")
        verbose_name_plural = _("commission cases")
        constraints = [
            models.UniqueConstraint(fields=["kato", "kind", "number"], name="commission_case_number_unique"),
            models.UniqueConstraint(
                fields=["issuer", "certificate_number"],
                condition=~Q(certificate_number=""),
                name="commission_certificate_number_unique",
            ),
            models.CheckConstraint(
                condition=Q(period_from__lte=models.F("period_to")), name="case_period_order"
            ),
            models.CheckConstraint(condition=Q(decision__in=CaseDecision.values), name="case_decision_known"),
            models.CheckConstraint(
                condition=Q(decision=CaseDecision.PENDING) | Q(meeting__isnull=False),
                name="case_decided_at_meeting",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class CaseDocument(models.Model):
    """A document the commission examined: its kind, number and issuer (or the witness's name)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document"), max_length=10, choices=DocumentKind.choices)
    reference = models.CharField(_("number, issuer or witness"), max_length=300)
    issued = models.DateField(_("issued"), null=True, blank=True)

    class Meta:
        ordering = ["case", "id"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.kind}"


class Question(models.Model):
    """A question on the agenda of the Council for the Disabled or of the tripartite commission."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("question"), max_length=500)
    speakers = models.CharField(_("speakers"), max_length=500, blank=True)
    decision = models.TextField(_("decision taken"))

    class Meta:
        ordering = ["meeting", "order", "id"]

    def __str__(self) -> str:
        return self.title


class PartyMember(models.Model):
    """A member of the tripartite commission for one side (government, employers, workers)."""

    kato = models.ForeignKey("common.KatoUnit", on_delete=models.PROTECT, related_name="+")
    side = models.CharField(_("side"), max_length=10, choices=Side.choices)
    full_name = models.CharField(_("full name"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["kato", "side", "full_name", "id"]

    def __str__(self) -> str:
        return self.full_name


class Agreement(models.Model):
    """The agreement on social partnership the tripartite commission of the territory works under."""

    kato = models.ForeignKey("common.KatoUnit", on_delete=models.PROTECT, related_name="+")
    level = models.CharField(_("level"), max_length=10, choices=AgreementLevel.choices)
    number = models.CharField(_("number"), max_length=40)
    signed_on = models.DateField(_("signed on"))
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"))
    parties = models.TextField(_("parties"))

    class Meta:
        ordering = ["-signed_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["kato", "number"], name="agreement_number_unique"),
            models.CheckConstraint(condition=Q(valid_from__lte=models.F("valid_to")), name="agreement_dates"),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.signed_on})"


class Amendment(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="amendments")
    number = models.CharField(_("number"), max_length=40)
    signed_on = models.DateField(_("signed on"))
    summary = models.TextField(_("what is changed"))

    class Meta:
        ordering = ["agreement", "signed_on", "id"]

    def __str__(self) -> str:
        return self.number
