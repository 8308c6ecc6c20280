"""The commission's defects of issue 10: only calculated cases on an agenda, a meeting dated within a
year of today and never signed before its date, the protocol counting the votes recorded."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from komek.applications.choices import Status
from komek.applications.models import Application
from komek.applications.services.cases import application_to_commission
from komek.commissions.choices import MeetingStatus
from komek.commissions.models import Item, Meeting
from komek.commissions.protocol import protocol_lines, protocol_pdf
from komek.commissions.selectors import meeting_detail
from komek.commissions.services.meetings import agenda_build, meeting_create
from komek.commissions.services.signing import protocol_sign
from komek.commissions.services.votes import vote_cast
from komek.common.errors import DomainError
from komek.common.models import AuditLog

pytestmark = pytest.mark.django_db
BALKHASH = "351600000"


def test_a_case_never_calculated_stays_off_the_agenda(receive, calculated, caseworker, secretary, household):
    """A case at the commission without a calculation (as bulk-loaded cases arrive) is not put on
    the agenda; the calculated one is."""
    bare = receive(household.head, "local_social_assistance", circumstances=["fire_damage"])
    Application.objects.filter(pk=bare.pk).update(status=Status.COMMISSION)
    ready = calculated(household.spouse, "local_social_assistance")
    application_to_commission(actor=caseworker, application_id=ready.pk, version=ready.version)
    meeting = meeting_create(actor=secretary, kato=BALKHASH, date=household.on, quorum=1, member_ids=[])
    assert agenda_build(actor=secretary, meeting_id=meeting.pk) == 1
    assert list(meeting.items.values_list("application_id", flat=True)) == [ready.pk]


def test_a_case_received_after_the_meeting_is_left_for_a_later_one(waiting, secretary, household):
    """A meeting dated before a case was received does not take that case on its agenda."""
    meeting = meeting_create(
        actor=secretary, kato=BALKHASH, date=household.on - dt.timedelta(days=1), quorum=1, member_ids=[]
    )
    assert agenda_build(actor=secretary, meeting_id=meeting.pk) == 0


@pytest.mark.parametrize(
    ("shift", "words"), [(dt.timedelta(days=400), "ahead"), (dt.timedelta(days=-6 * 365), "back")]
)
def test_a_meeting_dated_far_from_today_is_refused(secretary, household, shift, words):
    """A meeting dated more than a year ahead, or years back (2020 for a 2026 case), is refused at
    the date field and nothing is written."""
    with translation.override("en"), pytest.raises(DomainError) as exc:
        meeting_create(actor=secretary, kato=BALKHASH, date=household.on + shift, quorum=1, member_ids=[])
    assert exc.value.field == "date" and words in str(exc.value.message)
    assert not Meeting.objects.exists()


def test_a_protocol_is_not_signed_before_the_meeting_date(waiting, secretary, household):
    """A protocol of a meeting dated tomorrow cannot be signed today: the refusal is audited and
    every case stays at the commission."""
    meeting = meeting_create(
        actor=secretary, kato=BALKHASH, date=household.on + dt.timedelta(days=1), quorum=1, member_ids=[]
    )
    assert agenda_build(actor=secretary, meeting_id=meeting.pk) == 2
    for item in meeting.items.all():
        vote_cast(actor=secretary, item_id=item.pk, choice="against")
    with pytest.raises(DomainError) as exc:
        protocol_sign(actor=secretary, meeting_id=meeting.pk)
    assert exc.value.code == "early"
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED
    assert set(Application.objects.values_list("status", flat=True)) == {Status.COMMISSION}
    assert AuditLog.objects.filter(
        object_type="commissions.meeting", changes__refused__1="sign:early"
    ).exists()


def _vote_lines(card) -> list[str]:
    with translation.override("en"):
        return [line.text for line in protocol_lines(card) if line.text.startswith("Votes:")]


def test_the_draft_and_the_signed_protocol_count_the_votes_recorded(meeting, secretary, member):
    """The draft protocol prints the votes already recorded (not zeros), and the signed one the same."""
    first, second = meeting.items.order_by("order")
    vote_cast(actor=secretary, item_id=first.pk, choice="against")
    vote_cast(actor=member, item_id=first.pk, choice="abstain")
    vote_cast(actor=secretary, item_id=second.pk, choice="against")
    vote_cast(actor=member, item_id=second.pk, choice="against")
    draft = meeting_detail(user=secretary, meeting_id=meeting.pk)
    assert _vote_lines(draft) == [
        "Votes: for 0, against 1, abstained 1.",
        "Votes: for 0, against 2, abstained 0.",
    ]
    assert protocol_pdf(draft).startswith(b"%PDF")
    protocol_sign(actor=secretary, meeting_id=meeting.pk)
    signed = meeting_detail(user=secretary, meeting_id=meeting.pk)
    assert _vote_lines(signed) == _vote_lines(draft)
    assert Item.objects.get(pk=second.pk).votes_against == 2
