"""Special social services: home care with visits, placements by profile, social-order projects."""

from __future__ import annotations

import datetime as dt

import pytest

from komek.common.errors import DomainError
from komek.rehabilitation.models import CareVisit, Institution, Placement, QueueEntry
from komek.rehabilitation.selectors.cards import caseloads, placement_queue, projects_visible
from komek.rehabilitation.services.care import (
    care_enrol,
    care_visit_record,
    placement_admit,
    placement_apply,
    placement_depart,
    project_create,
    project_serve,
)
from komek.rehabilitation.services.queues import queue_apply, queue_entry_cancel

from .conftest import YEAR

pytestmark = pytest.mark.django_db


def test_home_care_caseload_and_visits(make_disabled, specialist):
    """A home-care client's visits are recorded and counted in their social worker's caseload."""
    client = make_disabled(group="group_1")
    enrolment = care_enrol(
        actor=specialist,
        person=client,
        setting="home",
        category="disabled",
        provider="ОСП на дому",
        applied_on=dt.date(YEAR - 1, 1, 3),
        started_on=dt.date(YEAR - 1, 1, 10),
        social_worker=specialist,
    )
    care_visit_record(
        actor=specialist,
        enrolment=enrolment,
        visited_on=dt.date(YEAR - 1, 2, 1),
        minutes=60,
        services="Покупка продуктов",
    )
    with pytest.raises(DomainError, match="outside the service period"):
        care_visit_record(
            actor=specialist,
            enrolment=enrolment,
            visited_on=dt.date(YEAR - 2, 2, 1),
            minutes=60,
            services="x",
        )
    with pytest.raises(DomainError, match="already a client"):
        care_enrol(
            actor=specialist,
            person=client,
            setting="home",
            category="disabled",
            provider="x",
            applied_on=dt.date(YEAR - 1, 1, 10),
            social_worker=specialist,
        )
    care_visit_record(
        actor=specialist,
        enrolment=enrolment,
        visited_on=dt.date(YEAR - 1, 2, 8),
        minutes=30,
        services="Уборка",
    )
    assert CareVisit.objects.count() == 2
    assert (caseloads(specialist)[0]["clients"], caseloads(specialist)[0]["visit_count"]) == (1, 2)


def test_placement_queue_admission_and_departure(make_disabled, specialist):
    """Placements queue by date; admission needs the profile applied for and a free bed."""
    a, b = make_disabled(), make_disabled()
    pa = placement_apply(
        actor=specialist, person=a, profile="psychoneurological", applied_on=dt.date(YEAR - 1, 1, 5)
    )
    placement_apply(
        actor=specialist, person=b, profile="psychoneurological", applied_on=dt.date(YEAR - 1, 2, 5)
    )
    assert [p.person_id for p in placement_queue(specialist)] == [a.pk, b.pk]
    small = Institution.objects.create(name="ПНИ", profile="psychoneurological", beds=1, kato="351010000")
    elderly = Institution.objects.create(
        name="Дом престарелых", profile="elderly_disabled", beds=5, kato="351010000"
    )
    with pytest.raises(DomainError, match="profile differs"):
        placement_admit(actor=specialist, placement=pa, institution=elderly, on=dt.date(YEAR - 1, 3, 1))
    placement_admit(actor=specialist, placement=pa, institution=small, on=dt.date(YEAR - 1, 3, 1))
    pb = Placement.objects.get(person=b)
    with pytest.raises(DomainError, match="no free bed"):
        placement_admit(actor=specialist, placement=pb, institution=small, on=dt.date(YEAR - 1, 3, 2))
    placement_depart(actor=specialist, placement=pa, on=dt.date(YEAR - 1, 6, 1), reason="Переведён")
    placement_admit(actor=specialist, placement=pb, institution=small, on=dt.date(YEAR - 1, 6, 2))
    assert list(placement_queue(specialist)) == []


def test_social_order_project(make_disabled, specialist):
    """A social-order project counts each person it serves once."""
    project = project_create(
        actor=specialist,
        title="Раннее вмешательство",
        provider="ООИ «Кенес»",
        provider_bin="050140001234",
        year=YEAR - 1,
        district="351600000",
        planned_people=150,
        planned_amount=24_200_000,
    )
    person = make_disabled()
    project_serve(actor=specialist, project=project, person=person, on=dt.date(YEAR - 1, 5, 1))
    with pytest.raises(DomainError, match="already counted"):
        project_serve(actor=specialist, project=project, person=person, on=dt.date(YEAR - 1, 5, 2))
    assert vars(projects_visible(specialist).get())["served"] == 1  # the selector's annotation


def test_apply_later_and_cancel_with_reason(make_disabled, make_ipr, specialist):
    """A later application is refused for hours services and a second wait; cancelling needs a reason."""
    person = make_disabled()
    ipr = make_ipr(person, kinds=("wheelchair", "sign_language"), applied_on=None)
    assert not QueueEntry.objects.exists()
    wheelchair = ipr.entitlements.get(kind="wheelchair")
    with pytest.raises(DomainError, match="by hours"):
        queue_apply(
            actor=specialist,
            entitlement=ipr.entitlements.get(kind="sign_language"),
            applied_on=dt.date(YEAR - 1, 4, 1),
        )
    entry = queue_apply(actor=specialist, entitlement=wheelchair, applied_on=dt.date(YEAR - 1, 4, 1))
    with pytest.raises(DomainError, match="already in this queue"):
        queue_apply(actor=specialist, entitlement=wheelchair, applied_on=dt.date(YEAR - 1, 4, 2))
    with pytest.raises(DomainError, match="reason"):
        queue_entry_cancel(actor=specialist, entry=entry, reason="")
    queue_entry_cancel(actor=specialist, entry=entry, reason="Отказ от средства")
    assert QueueEntry.objects.get(pk=entry.pk).status == "cancelled"


def test_home_care_queue_then_start(make_disabled, specialist):
    """An applicant waits in the home-care queue by date until taken on with a social worker."""
    from komek.rehabilitation.selectors.cards import care_clients, care_waiting
    from komek.rehabilitation.services.care import care_start

    first, second = make_disabled(), make_disabled()
    for person, day in ((second, 20), (first, 5)):
        care_enrol(
            actor=specialist,
            person=person,
            setting="home",
            category="lonely_elderly",
            provider="ОСП",
            applied_on=dt.date(YEAR - 1, 3, day),
        )
    assert [e.person_id for e in care_waiting(specialist)] == [first.pk, second.pk]
    waiting = care_waiting(specialist)[0]
    with pytest.raises(DomainError, match="needs a social worker"):
        care_start(actor=specialist, enrolment=waiting, started_on=dt.date(YEAR - 1, 4, 1))
    with pytest.raises(DomainError, match="current home-care clients"):
        care_visit_record(
            actor=specialist, enrolment=waiting, visited_on=dt.date(YEAR - 1, 4, 2), minutes=30, services="x"
        )
    care_start(
        actor=specialist, enrolment=waiting, started_on=dt.date(YEAR - 1, 4, 1), social_worker=specialist
    )
    assert [e.person_id for e in care_waiting(specialist)] == [second.pk]
    assert [e.person_id for e in care_clients(specialist, "home")] == [first.pk]
