"""The writes of charity: partners with a valid BIN, campaigns, help in kind to a person or a family
of the registry within the campaign's dates, sponsorship of an event for veterans; each bad input is
refused on its field, nothing half-written, the refusal audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from komek.charity.models import Campaign, HelpLine, Partner, Sponsorship
from komek.charity.services import campaign_record, help_record, partner_record, sponsorship_record
from komek.common.errors import DomainError, ValidationFailed
from komek.common.models import AuditLog
from komek.employment.bin import make_bin
from komek.registry.choices import Relation
from komek.registry.services.families import MemberSpec, family_create
from komek.veterans.services import event_record

pytestmark = pytest.mark.django_db
TOWN = "351610000"
BIN = make_bin(2010, 5, 123) or ""


@pytest.fixture
def fund(caseworker: Any) -> Partner:
    return partner_record(
        actor=caseworker, kind="fund", name="Фонд «Доброе сердце»", bin=BIN, kato=TOWN,
        registered_on=dt.date(2018, 1, 10), contact="+7 71036 4 00 00",
    )  # fmt: skip


@pytest.fixture
def campaign(caseworker: Any, fund: Partner) -> Campaign:
    return campaign_record(
        actor=caseworker, kind="campaign", title="Дорога в школу", kato=TOWN, started=dt.date(2018, 8, 1),
        ended=dt.date(2018, 8, 31), target_group="low_income", partners=[fund.pk],
    )  # fmt: skip


def _refused(call: Callable[[], Any], field: str) -> DomainError:
    before = AuditLog.objects.filter(action="refuse").count()
    with pytest.raises(DomainError) as caught:
        call()
    exc = caught.value
    fields = set(exc.errors) if isinstance(exc, ValidationFailed) else {exc.field}
    assert field in fields, (field, fields)
    assert AuditLog.objects.filter(action="refuse").count() == before + 1
    return exc


def test_a_partner_needs_a_valid_bin_when_a_legal_entity(caseworker: Any, fund: Partner) -> None:
    """A BIN failing its check digit, a fund without a BIN, a BIN registered twice are refused."""
    bad = BIN[:11] + str((int(BIN[11]) + 1) % 10)
    args = {"actor": caseworker, "kind": "ngo", "name": "ОО «Милосердие»", "kato": TOWN,
            "registered_on": dt.date(2018, 2, 1)}  # fmt: skip
    _refused(lambda: partner_record(**args, bin=bad), "bin")
    _refused(lambda: partner_record(**args), "bin")
    _refused(lambda: partner_record(**args, bin=BIN), "bin")
    assert Partner.objects.count() == 1
    patron = partner_record(**{**args, "kind": "patron", "name": "Меценат Ахметов А."})
    assert patron.bin == ""


def test_help_goes_to_a_person_or_a_family_of_the_registry(
    caseworker: Any, campaign: Campaign, fund: Partner, make_person: Callable[..., Any]
) -> None:
    """A child's help counts the child; help to the family names the person's current family."""
    mother = make_person(surname="Серикова", name="Айгуль", birth_date=dt.date(1985, 4, 2), sex="female")
    son = make_person(surname="Сериков", name="Ерлан", birth_date=dt.date(2010, 6, 1))
    family = family_create(
        actor=caseworker, kato=TOWN, valid_from=dt.date(2015, 1, 1),
        members=[MemberSpec(mother, Relation.HEAD), MemberSpec(son, Relation.CHILD)],
    )  # fmt: skip
    given = help_record(
        actor=caseworker, campaign_id=campaign.pk, iin=son.iin, item="clothes", quantity=2, value="18 000",
        date=dt.date(2018, 8, 20), partner_id=fund.pk, description="Школьная форма",
    )  # fmt: skip
    assert given.child and given.family_id is None and given.value == 18_000
    food = help_record(
        actor=caseworker, campaign_id=campaign.pk, iin=mother.iin, to_family=True, item="food", quantity=1,
        value=12_000, date=dt.date(2018, 8, 21),
    )  # fmt: skip
    assert food.family_id == family.pk and not food.child
    assert AuditLog.objects.filter(action="create", object_type="charity.helpline", person_id=son.pk).exists()


def test_bad_help_is_refused_on_its_field_and_nothing_written(
    caseworker: Any, campaign: Campaign, make_person: Callable[..., Any]
) -> None:
    """A person not in the registry, a negative value, a date outside the campaign, a lone person
    given help "to the family"."""
    person = make_person(birth_date=dt.date(1970, 1, 1))
    line = {"actor": caseworker, "campaign_id": campaign.pk, "iin": person.iin, "item": "food",
            "quantity": 1, "value": 10_000, "date": dt.date(2018, 8, 15)}  # fmt: skip
    _refused(lambda: help_record(**{**line, "iin": "900101300000"}), "iin")
    _refused(lambda: help_record(**{**line, "value": -5}), "value")
    _refused(lambda: help_record(**{**line, "quantity": 0}), "quantity")
    _refused(lambda: help_record(**{**line, "date": dt.date(2018, 9, 1)}), "date")
    _refused(lambda: help_record(**line, to_family=True), "iin")
    exc = _refused(lambda: help_record(**{**line, "item": "other"}), "description")
    assert "required" in str(exc)
    assert HelpLine.objects.count() == 0


def test_a_campaign_counts_participants_only_as_a_social_project(caseworker: Any, fund: Partner) -> None:
    project = campaign_record(
        actor=caseworker, kind="project", title="Шыңға өрлеу", kato=TOWN, started=dt.date(2018, 6, 1),
        ended=dt.date(2018, 12, 31), target_group="children", children_online=10, children_offline=5,
        employed=2, partners=[fund.pk],
    )  # fmt: skip
    assert project.children == 15
    args = {"actor": caseworker, "title": "Акция", "kato": TOWN, "started": dt.date(2018, 6, 1),
            "ended": dt.date(2018, 6, 30), "target_group": "children"}  # fmt: skip
    _refused(lambda: campaign_record(**args, kind="campaign", employed=3), "employed")
    _refused(lambda: campaign_record(**args, kind="project", children_online=-1), "children_online")
    _refused(lambda: campaign_record(**{**args, "ended": dt.date(2018, 5, 1)}, kind="campaign"), "ended")
    assert Campaign.objects.count() == 1


def test_sponsorship_names_a_partner_and_stays_within_the_event(caseworker: Any, fund: Partner) -> None:
    """A sponsorship without a partner is refused; the lines of an event add up to no more than the
    sponsorship the event recorded."""
    event = event_record(
        actor=caseworker, kato=TOWN, date=dt.date(2018, 5, 8), title="Встреча ветеранов",
        occasion="victory_day", covered=40, sponsor=fund.name, sponsorship=100_000,
    )  # fmt: skip
    _refused(
        lambda: sponsorship_record(actor=caseworker, partner_id=None, event_id=event.pk, amount=5),
        "partner_id",
    )
    _refused(
        lambda: sponsorship_record(actor=caseworker, partner_id=fund.pk, event_id=event.pk, amount=-1),
        "amount",
    )
    sponsorship_record(actor=caseworker, partner_id=fund.pk, event_id=event.pk, amount=60_000)
    _refused(
        lambda: sponsorship_record(actor=caseworker, partner_id=fund.pk, event_id=event.pk, amount=50_000),
        "amount",
    )
    assert Sponsorship.objects.count() == 1


def test_another_territory_is_refused(almaty_caseworker: Any, campaign: Campaign, fund: Partner) -> None:
    """An Almaty user neither sees the Balkhash campaign nor names its partner."""
    _refused(
        lambda: help_record(
            actor=almaty_caseworker, campaign_id=campaign.pk, iin="900101300000", item="food", quantity=1,
            value=1, date=dt.date(2018, 8, 15),
        ),
        "campaign",
    )  # fmt: skip
