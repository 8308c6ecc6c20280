"""Reads of the commission, scoped to the user's territory."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.accounts.models import User
from komek.applications.choices import Status
from komek.applications.models import Application, Service
from komek.commissions.choices import (
    HELD_KINDS,
    CaseDecision,
    Choice,
    Kind,
    MeetingStatus,
    Outcome,
)
from komek.commissions.models import Agreement, Case, Item, Meeting, Member, PartyMember, Question, Vote
from komek.common import audit
from komek.common.choices import AuditAction
from komek.common.errors import NotFound

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

VIEW = (Capability.COMMISSION_VOTE, Capability.COMMISSION_MANAGE)


def meetings_visible(user: Actor) -> QuerySet[Meeting]:
    policy.require_any(user, *VIEW)
    return policy.scoped(Meeting.objects.all(), user, field="kato__code")


def meetings_listed(*, user: Actor) -> QuerySet[Meeting]:
    """The special commission's meetings of the user's territory with the number of cases on each
    agenda, for the list's filters (the other commissions' meetings are on their own pages)."""
    return (
        meetings_visible(user)
        .filter(kind=Kind.SOCIAL_ASSISTANCE)
        .select_related("kato")
        .annotate(n_items=Count("items"))
        .order_by("-date", "-id")
    )


def waiting_count(*, user: Actor) -> int:
    """Cases of the territory waiting for the commission."""
    policy.require_any(user, *VIEW)
    return (
        policy.scoped(Application.objects.all(), user, field="kato__code")
        .filter(status=Status.COMMISSION)
        .count()
    )


@dataclass
class MeetingCard:
    meeting: Meeting
    members: list[Member]
    items: list[Item]
    my_votes: dict[int, str]
    votes: dict[int, list[Vote]]
    me: Member | None

    def tally(self, item: Item) -> tuple[int, int, int]:
        """The votes recorded on an item (for, against, abstained): what the draft protocol prints
        before the signature copies them onto the item."""
        mine = [v.choice for v in self.votes.get(item.pk, [])]
        return (
            mine.count(Choice.FOR),
            mine.count(Choice.AGAINST),
            mine.count(Choice.ABSTAIN),
        )


def meeting_detail(*, user: Actor, meeting_id: int, export: bool = False) -> MeetingCard:
    """A meeting with its agenda and votes; the read (``export`` for the protocol taken away as a
    file) names the applicants of its cases."""
    meeting = meetings_visible(user).select_related("kato", "secretary").filter(pk=meeting_id).first()
    if meeting is None:
        raise NotFound(_("No such commission meeting in your territorial units."))
    members = list(meeting.members.select_related("user"))
    items = list(
        meeting.items.select_related("application", "application__applicant", "application__service")
    )
    all_votes = list(Vote.objects.filter(item__meeting=meeting).select_related("member__user"))
    me = next((m for m in members if m.user_id == user.pk), None)
    votes: dict[int, list[Vote]] = {}
    for vote in all_votes:
        votes.setdefault(vote.item_id, []).append(vote)
    my_votes = {v.item_id: v.choice for v in all_votes if me is not None and v.member_id == me.pk}
    audit.read(
        actor=user,
        action=AuditAction.EXPORT if export else AuditAction.READ,
        obj=meeting,
        persons=[item.application.applicant_id for item in items],
        territory=meeting.kato_id,
    )
    return MeetingCard(meeting=meeting, members=members, items=items, my_votes=my_votes, votes=votes, me=me)


def voters(*, user: Actor) -> list[Any]:
    """Staff of the user's territory who may sit on the commission."""
    policy.require(user, Capability.COMMISSION_MANAGE)
    from komek.accounts.roles import CAPABILITIES

    roles = [r for r, caps in CAPABILITIES.items() if Capability.COMMISSION_VOTE in caps]
    prefixes = policy.prefixes(user)
    qs = User.objects.filter(role__in=roles, is_active=True)
    if prefixes is not None:
        qs = qs.filter(units__prefix__in=prefixes)
    return list(qs.distinct().order_by("last_name", "username"))


@dataclass(frozen=True)
class CommissionYear:
    """The commission's work in a year: meetings held (protocol signed), cases considered, cases
    approved, and per state service the meetings that considered it and its cases."""

    meetings: int
    cases: int
    approved: int
    by_service: list[tuple[str, str, int, int]]


def meetings_of_year(*, actor: Actor, year: int, prefix: str) -> QuerySet[Meeting]:
    """The meetings of ``year`` in the territory ``prefix`` whose protocol is signed (lazy)."""
    policy.require(actor, Capability.REPORT_VIEW)
    return Meeting.objects.filter(
        policy.territory_q(actor, "kato__code"),
        kato__code__startswith=prefix,
        kind=Kind.SOCIAL_ASSISTANCE,
        status=MeetingStatus.SIGNED,
        date__year=year,
    )


def cases_of_year(*, actor: Actor, year: int, prefix: str) -> QuerySet[Item]:
    """The cases on the agendas of those meetings (lazy)."""
    return Item.objects.filter(meeting__in=meetings_of_year(actor=actor, year=year, prefix=prefix))


def commission_year(*, actor: Actor, year: int, prefix: str, held: int | None = None) -> CommissionYear:
    """Set-based counts of the signed meetings of ``year`` in the territory ``prefix`` (three queries;
    ``held``: their number when the caller has counted them already)."""
    meetings = meetings_of_year(actor=actor, year=year, prefix=prefix)
    items = Item.objects.filter(meeting__in=meetings)
    totals = items.aggregate(cases=Count("id"), approved=Count("id", filter=Q(outcome=Outcome.APPROVED)))
    rows = (
        items.values("application__service_id")
        .annotate(m=Count("meeting", distinct=True), n=Count("id"))
        .order_by("application__service_id")
    )
    counts = {r["application__service_id"]: (r["m"], r["n"]) for r in rows}
    services = Service.objects.filter(pk__in=counts).order_by("code")
    return CommissionYear(
        meetings=meetings.count() if held is None else held,
        cases=totals["cases"],
        approved=totals["approved"],
        by_service=[(s.code, s.name, *counts[s.pk]) for s in services],
    )


# --- The other commissions ----------------------------------------------------------------------


def held_meetings(user: Actor, kind: str) -> QuerySet[Meeting]:
    """The held meetings of one of the other commissions in the user's territory, newest first."""
    return (
        meetings_visible(user)
        .filter(kind=kind, status=MeetingStatus.HELD)
        .select_related("kato")
        .annotate(n_cases=Count("cases", distinct=True), n_questions=Count("questions", distinct=True))
    )


def cases_visible(user: Actor, kind: str) -> QuerySet[Case]:
    """The cases of a commission of the user's territory (the list shows persons: also PERSON_VIEW)."""
    policy.require_any(user, *VIEW)
    return policy.scoped(Case.objects.filter(kind=kind), user, field="kato__code").select_related(
        "person", "kato", "meeting"
    )


def case_detail(*, user: Actor, case_id: int, export: bool = False) -> Case:
    """One case with its documents; the read (``export``: the certificate taken away) names the person."""
    found = policy.scoped(Case.objects.all(), user, field="kato__code").select_related(
        "person", "kato", "meeting", "issuer"
    )
    policy.require_any(user, *VIEW)
    case = found.filter(pk=case_id).first()
    if case is None:
        raise NotFound(_("No such commission case in your territory."))
    audit.read(
        actor=user, action=AuditAction.EXPORT if export else AuditAction.READ, obj=case,
        person_id=case.person_id, territory=case.kato_id,
    )  # fmt: skip
    return case


def held_detail(*, user: Actor, meeting_id: int) -> tuple[Meeting, list[Case], list[Question]]:
    """A held meeting with the cases it decided (the read names their persons) and its questions."""
    meeting = meetings_visible(user).select_related("kato", "secretary").filter(pk=meeting_id).first()
    if meeting is None:
        raise NotFound(_("No such commission meeting in your territorial units."))
    cases = list(meeting.cases.select_related("person").order_by("number"))
    audit.read(actor=user, obj=meeting, persons=[c.person_id for c in cases], territory=meeting.kato_id)
    return meeting, cases, list(meeting.questions.all())


def partnership(*, user: Actor) -> tuple[list[PartyMember], list[Agreement]]:
    """The tripartite commission's members and agreements of the user's territory."""
    policy.require_any(user, *VIEW)
    members = policy.scoped(PartyMember.objects.select_related("kato"), user, field="kato__code")
    agreements = policy.scoped(Agreement.objects.select_related("kato"), user, field="kato__code")
    return list(members[:300]), list(agreements.prefetch_related("amendments")[:50])


def kind_meetings_of_year(*, actor: Actor, year: int, prefix: str, kind: str) -> QuerySet[Meeting]:
    """The meetings of a commission held (or, the special one's, signed) in ``year`` in the territory
    (for the annual report, and for the commissions' own figures page)."""
    policy.require_any(actor, Capability.REPORT_VIEW, *VIEW)
    return Meeting.objects.filter(
        policy.territory_q(actor, "kato__code"),
        kato__code__startswith=prefix,
        kind=kind,
        status=MeetingStatus.SIGNED if kind == Kind.SOCIAL_ASSISTANCE else MeetingStatus.HELD,
        date__year=year,
    )


def decided_of_year(*, actor: Actor, year: int, prefix: str, kind: str) -> QuerySet[Case]:
    """The cases of a commission decided at its meetings of ``year`` in the territory."""
    meetings = kind_meetings_of_year(actor=actor, year=year, prefix=prefix, kind=kind)
    return Case.objects.filter(meeting__in=meetings).exclude(decision=CaseDecision.PENDING)


def certificates_of_year(*, actor: Actor, year: int, prefix: str) -> QuerySet[Case]:
    """The certificates of the Semipalatinsk commission issued in ``year`` by the territory."""
    policy.require_any(actor, Capability.REPORT_VIEW, *VIEW)
    return Case.objects.filter(
        policy.territory_q(actor, "kato__code"),
        kind=Kind.SEMIPALATINSK,
        issuer__code__startswith=prefix,
        certificate_issued__year=year,
    ).exclude(certificate_number="")


def questions_of_year(*, actor: Actor, year: int, prefix: str, kind: str) -> QuerySet[Question]:
    return Question.objects.filter(
        meeting__in=kind_meetings_of_year(actor=actor, year=year, prefix=prefix, kind=kind)
    )


@dataclass(frozen=True)
class KindYear:
    """A commission's work in a year: meetings; for the commissions deciding cases, the persons
    whose documents were examined, the positive decisions and (Semipalatinsk) certificates issued;
    for the council and the tripartite commission, the questions considered."""

    kind: str
    meetings: int
    persons: int = 0
    positive: int = 0
    certificates: int = 0
    questions: int = 0


def kinds_year(*, actor: Actor, year: int, prefix: str) -> list[KindYear]:
    """Per kind of commission its year, in two queries whatever the number of kinds and records:
    the meetings with their questions, and the cases decided at them with the certificates issued."""
    policy.require_any(actor, Capability.REPORT_VIEW, *VIEW)
    meetings = Meeting.objects.filter(
        Q(kind=Kind.SOCIAL_ASSISTANCE, status=MeetingStatus.SIGNED)
        | Q(kind__in=HELD_KINDS, status=MeetingStatus.HELD),
        policy.territory_q(actor, "kato__code"),
        kato__code__startswith=prefix,
        date__year=year,
    )
    held = {
        row["kind"]: (row["n"], row["q"])
        for row in meetings.values("kind").annotate(n=Count("id", distinct=True), q=Count("questions"))
    }
    decided = Q(meeting__in=meetings) & ~Q(decision=CaseDecision.PENDING)
    issued = Q(
        policy.territory_q(actor, "kato__code"),
        kind=Kind.SEMIPALATINSK,
        issuer__code__startswith=prefix,
        certificate_issued__year=year,
    ) & ~Q(certificate_number="")
    cases: dict[str, Any] = {
        row["kind"]: row
        for row in Case.objects.filter(decided | issued)
        .values("kind")
        .annotate(
            persons=Count("person", distinct=True, filter=decided),
            positive=Count("id", filter=decided & Q(decision=CaseDecision.POSITIVE)),
            certificates=Count("id", filter=issued),
        )
    }
    return [
        KindYear(
            kind,
            held.get(kind, (0, 0))[0],
            persons=cases.get(kind, {}).get("persons", 0),
            positive=cases.get(kind, {}).get("positive", 0),
            certificates=cases.get(kind, {}).get("certificates", 0),
            questions=held.get(kind, (0, 0))[1],
        )
        for kind in Kind.values
    ]
