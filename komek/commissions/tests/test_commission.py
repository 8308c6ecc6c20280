"""Commission meetings: members and quorum, the agenda from waiting cases, votes, amounts within
the programme's limit, the protocol signed by the secretary deciding every case."""

from __future__ import annotations

import pytest

from komek.applications.choices import Status
from komek.applications.models import Application
from komek.applications.services.cases import application_to_commission
from komek.commissions.choices import MeetingStatus, Outcome
from komek.commissions.models import Item, Meeting
from komek.commissions.protocol import protocol_pdf
from komek.commissions.selectors import meeting_detail
from komek.commissions.services.meetings import agenda_build, meeting_create
from komek.commissions.services.signing import protocol_sign
from komek.commissions.services.votes import item_set_amount, vote_cast
from komek.common.errors import DomainError
from komek.common.models import AuditLog

pytestmark = pytest.mark.django_db
BALKHASH = "351600000"


@pytest.fixture
def waiting(household, calculated, caseworker):
    """Two cases of the town's one-time assistance at the commission: a fire, and tuberculosis."""
    fire = calculated(household.head, "local_social_assistance", circumstances=["fire_damage"])
    tb = calculated(household.spouse, "local_social_assistance")
    for app in (fire, tb):
        application_to_commission(actor=caseworker, application_id=app.pk, version=app.version)
    return Application.objects.get(pk=fire.pk), Application.objects.get(pk=tb.pk)


@pytest.fixture
def meeting(secretary, member, waiting, household):
    meeting = meeting_create(
        actor=secretary, kato=BALKHASH, date=household.on, quorum=2, member_ids=[member.pk]
    )
    assert agenda_build(actor=secretary, meeting_id=meeting.pk) == 2
    return meeting


def test_a_meeting_is_convened_with_its_members_and_an_agenda_of_waiting_cases(meeting, secretary, waiting):
    """A meeting is convened with its members and an agenda of the territory's cases waiting for the
    commission."""
    assert meeting.number.endswith("-001") and meeting.secretary == secretary
    roles = sorted(meeting.members.values_list("role", flat=True))
    assert roles == ["member", "secretary"]
    items = list(meeting.items.order_by("order"))
    assert [i.application_id for i in items] == [
        a.pk for a in sorted(waiting, key=lambda a: (a.due_date, a.pk))
    ]
    first = Application.objects.get(pk=items[0].application_id)
    assert items[0].amount == first.calculated_amount
    assert first.limit_in_mci in ("45", "10")  # fire damage: 45 MCI; tuberculosis: 10 MCI
    assert agenda_build(actor=secretary, meeting_id=meeting.pk) == 0  # already on the agenda


def test_a_quorum_larger_than_the_members_is_refused(secretary, household):
    """A quorum larger than the number of members is refused."""
    with pytest.raises(DomainError) as exc:
        meeting_create(actor=secretary, kato=BALKHASH, date=household.on, quorum=3, member_ids=[])
    assert exc.value.field == "quorum" and not Meeting.objects.exists()


def test_only_commission_members_vote(meeting, caseworker, head):
    """Only members of the meeting vote on its agenda."""
    item = meeting.items.first()
    with pytest.raises(DomainError):
        vote_cast(actor=caseworker, item_id=item.pk, choice="for")
    with pytest.raises(DomainError):
        vote_cast(actor=head, item_id=item.pk, choice="for")


def test_an_amount_above_the_limit_is_refused(meeting, secretary):
    """An amount above the programme's limit is refused and only the refusal is audited."""
    item = meeting.items.select_related("application").first()
    limit = item.application.amount_limit
    with pytest.raises(DomainError) as exc:
        item_set_amount(actor=secretary, item_id=item.pk, amount=limit + 1)
    assert exc.value.code == "above_limit"
    assert AuditLog.objects.filter(
        object_type="commissions.meeting", changes__refused__1="amount:above_limit"
    ).exists()
    item.refresh_from_db()
    assert item.amount == limit
    item_set_amount(actor=secretary, item_id=item.pk, amount=limit - 1000)
    item.refresh_from_db()
    assert item.amount == limit - 1000


def test_without_quorum_the_protocol_is_not_signed_and_nothing_is_decided(meeting, secretary, member):
    """The first case has its quorum and would be decided; the second has not: neither is."""
    items = list(meeting.items.order_by("order"))
    vote_cast(actor=secretary, item_id=items[0].pk, choice="for")
    vote_cast(actor=member, item_id=items[0].pk, choice="for")
    vote_cast(actor=secretary, item_id=items[1].pk, choice="for")
    with pytest.raises(DomainError) as exc:
        protocol_sign(actor=secretary, meeting_id=meeting.pk)
    assert exc.value.code == "quorum"
    assert AuditLog.objects.filter(
        object_type="commissions.meeting", changes__refused__1="sign:quorum"
    ).exists()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED
    assert set(Application.objects.values_list("status", flat=True)) == {Status.COMMISSION}
    assert not Application.objects.filter(notifications__isnull=False).exists()


def test_the_signed_protocol_decides_every_case(meeting, secretary, member, waiting):
    """Signing the protocol decides every case of the agenda by the majority of the votes, with quorum."""
    fire, tb = waiting
    items = {i.application_id: i for i in meeting.items.all()}
    item_set_amount(actor=secretary, item_id=items[fire.pk].pk, amount=150_000)
    for actor in (secretary, member):
        vote_cast(actor=actor, item_id=items[fire.pk].pk, choice="for")
    vote_cast(actor=secretary, item_id=items[tb.pk].pk, choice="against")
    vote_cast(actor=member, item_id=items[tb.pk].pk, choice="abstain")
    with pytest.raises(DomainError):
        protocol_sign(actor=member, meeting_id=meeting.pk)  # the secretary signs
    protocol_sign(actor=secretary, meeting_id=meeting.pk)
    fire, tb = Application.objects.get(pk=fire.pk), Application.objects.get(pk=tb.pk)
    assert (fire.status, fire.decided_amount) == (Status.ASSIGNED, 150_000)
    assert tb.refusal_reason is not None
    assert (tb.status, tb.refusal_reason.code) == (Status.REFUSED, "commission_refused")
    assert fire.notifications.count() == tb.notifications.count() == 1
    assert fire.protocol_number == meeting.number
    assert any(meeting.number in line for line in fire.notifications.get().content["lines"])
    assert Item.objects.get(application=fire).outcome == Outcome.APPROVED
    assert AuditLog.objects.filter(object_type="commissions.meeting", object_id=str(meeting.pk)).count() >= 6
    with pytest.raises(DomainError):
        vote_cast(actor=member, item_id=items[tb.pk].pk, choice="for")  # signed: closed
    card = meeting_detail(user=secretary, meeting_id=meeting.pk)
    pdf = protocol_pdf(card, compress=False)
    assert pdf.startswith(b"%PDF") and b"DejaVu" in pdf
    assert card.items[0].votes_for + card.items[0].votes_against + card.items[0].votes_abstain == 2


def test_the_commission_pages(client, meeting, secretary, member, django_assert_max_num_queries):
    """The meeting page renders within its query budget and a member votes through it."""
    client.force_login(member)
    with django_assert_max_num_queries(15):
        page = client.get(f"/commissions/{meeting.pk}/")
    assert page.status_code == 200
    item = meeting.items.first()
    client.post(f"/commissions/{meeting.pk}/items/{item.pk}/vote/", {"choice": "for"})
    assert item.votes.get().choice == "for"
    assert client.get("/commissions/").status_code == 200
    response = client.get(f"/commissions/{meeting.pk}/protocol.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
