"""The rules of the work with veterans: who may be recorded in which category, one open patronage,
visits within a veteran's recorded life, exemptions within their memorandum. Every refusal is audited
and leaves nothing half-written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from komek.common.errors import DomainError, NotFound, PermissionDenied
from komek.common.models import AuditLog
from komek.registry.models import Person
from komek.veterans.models import Event, Exemption, Patronage, Veteran, Visit
from komek.veterans.services import (
    event_record,
    exemption_grant,
    memorandum_record,
    patronage_assign,
    patronage_end,
    veteran_record,
    visit_record,
)

pytestmark = pytest.mark.django_db
TOWN = "351610000"
RECORDED = dt.date(2018, 1, 9)


@pytest.fixture
def veteran(caseworker: Any, make_person: Callable[..., Any]) -> Veteran:
    person = make_person(surname="Жумабаев", name="Бекет", birth_date=dt.date(1923, 5, 2))
    return veteran_record(actor=caseworker, iin=person.iin, category="wwii_participant", recorded_on=RECORDED)


def _refusals() -> int:
    return AuditLog.objects.filter(action="refuse", object_type__startswith="veterans.").count()


def test_a_veteran_is_recorded_and_the_record_audited(veteran: Veteran) -> None:
    assert veteran.category == "wwii_participant"
    row = AuditLog.objects.get(object_type="veterans.veteran", action="create")
    assert row.person_id == veteran.person_id


@pytest.mark.parametrize("category", ["wwii_participant", "wwii_disabled", "home_front"])
def test_a_person_born_after_the_war_is_refused_for_the_war_categories(
    caseworker: Any, make_person: Callable[..., Any], category: str
) -> None:
    person = make_person(birth_date=dt.date(1945, 5, 10))
    with pytest.raises(DomainError, match="after the end of the war") as refused:
        veteran_record(actor=caseworker, iin=person.iin, category=category, recorded_on=RECORDED)
    assert refused.value.field == "category"
    assert not Veteran.objects.exists()
    assert _refusals() == 1


def test_a_person_born_on_the_last_day_of_the_war_or_after_it_as_equated(
    caseworker: Any, make_person: Callable[..., Any]
) -> None:
    last_day = make_person(birth_date=dt.date(1945, 5, 9))
    veteran_record(actor=caseworker, iin=last_day.iin, category="home_front", recorded_on=RECORDED)
    younger = make_person(birth_date=dt.date(1960, 1, 1))
    assert veteran_record(actor=caseworker, iin=younger.iin, category="afghanistan", recorded_on=RECORDED)


def test_a_dead_person_an_unknown_one_and_a_second_record_are_refused(
    caseworker: Any, make_person: Callable[..., Any], veteran: Veteran
) -> None:
    dead = make_person(birth_date=dt.date(1925, 1, 1))
    Person.objects.filter(pk=dead.pk).update(death_date=dt.date(2017, 3, 1))
    with pytest.raises(DomainError, match="died on 01.03.2017"):
        veteran_record(actor=caseworker, iin=dead.iin, category="wwii_participant", recorded_on=RECORDED)
    with pytest.raises(DomainError, match="No person with this IIN"):
        veteran_record(actor=caseworker, iin="000000000000", category="equated", recorded_on=RECORDED)
    with pytest.raises(DomainError, match="already"):
        veteran_record(actor=caseworker, iin=veteran.person.iin, category="equated", recorded_on=RECORDED)
    assert Veteran.objects.count() == 1
    assert _refusals() == 3


def test_a_person_outside_the_territory_is_not_found(
    almaty_caseworker: Any, veteran: Veteran, make_person: Callable[..., Any]
) -> None:
    person = make_person(birth_date=dt.date(1925, 1, 1))
    with pytest.raises(DomainError, match="No person with this IIN"):
        veteran_record(actor=almaty_caseworker, iin=person.iin, category="equated", recorded_on=RECORDED)
    with pytest.raises(NotFound):
        visit_record(
            actor=almaty_caseworker, veteran_id=veteran.pk, date=RECORDED, occasion="birthday",
            visitors="Akim",
        )  # fmt: skip


def test_the_analyst_may_not_write(analyst_user: Any, make_person: Callable[..., Any]) -> None:
    person = make_person(birth_date=dt.date(1925, 1, 1))
    with pytest.raises(PermissionDenied):
        veteran_record(actor=analyst_user, iin=person.iin, category="equated", recorded_on=RECORDED)


def test_one_open_patronage_per_veteran(caseworker: Any, veteran: Veteran) -> None:
    patronage_assign(actor=caseworker, veteran_id=veteran.pk, patron="Kazakhmys", started=RECORDED)
    with pytest.raises(DomainError, match="under the patronage of Kazakhmys since 09.01.2018") as refused:
        patronage_assign(actor=caseworker, veteran_id=veteran.pk, patron="Balkhash TPP", started=RECORDED)
    assert refused.value.field == "patron"
    assert Patronage.objects.count() == 1
    patronage_end(actor=caseworker, veteran_id=veteran.pk, ended=dt.date(2019, 1, 1))
    patronage_assign(
        actor=caseworker, veteran_id=veteran.pk, patron="Balkhash TPP", patron_bin="123456789012",
        started=dt.date(2019, 1, 2),
    )  # fmt: skip
    assert Patronage.objects.filter(ended__isnull=True).get().patron == "Balkhash TPP"


def test_a_patron_bin_is_twelve_digits(caseworker: Any, veteran: Veteran) -> None:
    with pytest.raises(DomainError) as refused:
        patronage_assign(
            actor=caseworker, veteran_id=veteran.pk, patron="X", patron_bin="12", started=RECORDED
        )
    assert "patron_bin" in refused.value.errors  # type: ignore[attr-defined]
    assert not Patronage.objects.exists()


def test_a_visit_with_its_gift_is_recorded(caseworker: Any, veteran: Veteran) -> None:
    visit = visit_record(
        actor=caseworker, veteran_id=veteran.pk, date=dt.date(2018, 5, 7), occasion="victory_day",
        visitors="Akim of the town", gift="A memorable gift and a grocery basket", gift_value="20 000",
    )  # fmt: skip
    assert visit.gift_value == 20_000
    assert AuditLog.objects.filter(object_type="veterans.visit", action="create").count() == 1


def test_a_visit_before_the_record_after_death_or_in_the_future_is_refused(
    caseworker: Any, veteran: Veteran
) -> None:
    with pytest.raises(DomainError, match="before the veteran was recorded") as refused:
        visit_record(
            actor=caseworker, veteran_id=veteran.pk, date=dt.date(2017, 12, 31), occasion="new_year",
            visitors="Akim",
        )  # fmt: skip
    assert refused.value.field == "date"
    Person.objects.filter(pk=veteran.person_id).update(death_date=dt.date(2019, 2, 1))
    with pytest.raises(DomainError, match="died on 01.02.2019"):
        visit_record(
            actor=caseworker, veteran_id=veteran.pk, date=dt.date(2019, 5, 7), occasion="victory_day",
            visitors="Akim",
        )  # fmt: skip
    with pytest.raises(DomainError, match="in the future"):
        visit_record(
            actor=caseworker, veteran_id=veteran.pk, date=timezone.localdate() + dt.timedelta(days=1),
            occasion="birthday", visitors="Akim",
        )  # fmt: skip
    assert not Visit.objects.exists()
    assert _refusals() == 3


def test_an_exemption_lies_within_its_memorandum(caseworker: Any, veteran: Veteran) -> None:
    memo = memorandum_record(
        actor=caseworker, kato=TOWN, supplier="Municipal enterprises", signed=dt.date(2018, 2, 1),
        valid_from=dt.date(2018, 2, 1), valid_to=dt.date(2018, 12, 31), terms="Free utilities",
    )  # fmt: skip
    with pytest.raises(DomainError, match="outside the memorandum's dates"):
        exemption_grant(actor=caseworker, veteran_id=veteran.pk, memorandum_id=memo.pk, started=RECORDED)
    with pytest.raises(DomainError, match="valid until 31.12.2018"):
        exemption_grant(
            actor=caseworker, veteran_id=veteran.pk, memorandum_id=memo.pk, started=dt.date(2018, 2, 1)
        )
    assert not Exemption.objects.exists()
    exemption_grant(
        actor=caseworker, veteran_id=veteran.pk, memorandum_id=memo.pk, started=dt.date(2018, 2, 1),
        ended=dt.date(2018, 12, 31),
    )  # fmt: skip
    assert Exemption.objects.count() == 1


def test_an_event_covers_at_least_the_veterans_it_names(caseworker: Any, veteran: Veteran) -> None:
    with pytest.raises(DomainError, match="fewer persons than the 2 veterans named"):
        event_record(
            actor=caseworker, kato=TOWN, date=dt.date(2018, 5, 8), title="Meeting", occasion="victory_day",
            covered=1, veterans=[veteran.pk, veteran.pk + 1000],
        )  # fmt: skip
    with pytest.raises(DomainError, match="Name the sponsor"):
        event_record(
            actor=caseworker, kato=TOWN, date=dt.date(2018, 5, 8), title="Meeting", occasion="victory_day",
            covered=40, sponsorship=100_000,
        )  # fmt: skip
    assert not Event.objects.exists()
    event = event_record(
        actor=caseworker, kato=TOWN, date=dt.date(2018, 5, 8), title="Meeting", occasion="victory_day",
        veterans=[veteran.pk], sponsor="Kazakhmys", sponsorship=100_000,
    )  # fmt: skip
    assert event.covered == 1
    assert list(event.veterans.all()) == [veteran]


def test_a_memorandum_and_its_exemptions_may_run_into_the_coming_years(
    caseworker: Any, veteran: Veteran
) -> None:
    today = timezone.localdate()
    ahead = today.replace(year=today.year + 2, day=1)
    memo = memorandum_record(
        actor=caseworker, kato=TOWN, supplier="Balkhash su", signed=RECORDED, valid_from=RECORDED,
        valid_to=ahead.isoformat(), terms="Free water",
    )  # fmt: skip
    assert memo.valid_to == ahead
    done = exemption_grant(
        actor=caseworker,
        veteran_id=veteran.pk,
        memorandum_id=memo.pk,
        started=RECORDED,
        ended=ahead.isoformat(),
    )
    assert done.ended == ahead
    with pytest.raises(DomainError, match="in the future"):
        memorandum_record(
            actor=caseworker, kato=TOWN, supplier="Balkhash su", signed=ahead, valid_from=RECORDED,
            terms="Free water",
        )  # fmt: skip
