"""The queue and the caseloads of the stays in special social services (ADR 0045): a full centre
queues the person, the queue is admitted in its order when a bed frees, a waiting entry is
cancelled with its reason, a stay is corrected with its reason (audited), a caseload service needs
its specialist; the year's figures of the queue and the beds come from the records."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from conftest import BALKHASH
from komek.accounts.choices import Role
from komek.common.errors import DomainError
from komek.common.models import AuditLog
from komek.rehabilitation.models import SpecialStay
from komek.rehabilitation.report import special_figures, special_records
from komek.rehabilitation.selectors.stay_queue import caseload, next_in_queues
from komek.rehabilitation.services.care import project_create
from komek.rehabilitation.services.special import centre_create, stay_admit, stay_leave
from komek.rehabilitation.services.stay_queue import stay_admit_waiting, stay_apply, stay_cancel, stay_correct

from .conftest import TODAY

pytestmark = pytest.mark.django_db
DAY = TODAY - dt.timedelta(days=40)


def _refusals() -> int:
    return AuditLog.objects.filter(action="refuse", object_type="rehabilitation.specialstay").count()


def _updates(stay: SpecialStay) -> list[AuditLog]:
    return list(
        AuditLog.objects.filter(
            action="update", object_type="rehabilitation.specialstay", object_id=str(stay.pk)
        )
    )


@pytest.fixture
def centre(specialist):
    return centre_create(
        actor=specialist, name="Центр социальной адаптации", service="temporary_stay", beds=1, kato=BALKHASH
    )


@pytest.fixture
def head(make_user):
    return make_user(Role.DEPARTMENT_HEAD, username="head_of_department")


def _admit(actor, person, centre, on=DAY, **kw):
    return stay_admit(
        actor=actor, iin=person.iin, service="temporary_stay", institution=centre, admitted_on=on, **kw
    )


def test_a_full_centre_queues_the_person_and_the_queue_is_admitted_in_order(centre, specialist, make_person):
    """One bed: the second and third persons wait; while the bed is taken no one is admitted; when
    it frees, the first of the queue is admitted and the one behind is refused with the name of who
    waits ahead."""
    a, b, c = (make_person(name=n) for n in ("Асет", "Бахыт", "Вадим"))
    _admit(specialist, a, centre)
    second = _admit(specialist, b, centre, DAY + dt.timedelta(days=1))
    third = _admit(specialist, c, centre, DAY + dt.timedelta(days=2))
    assert (second.status, second.applied_on, second.admitted_on) == (
        "waiting",
        DAY + dt.timedelta(days=1),
        None,
    )
    assert third.status == "waiting"
    assert [n.stay.pk for n in next_in_queues(specialist, TODAY)] == [second.pk]
    with pytest.raises(DomainError, match="No free bed"):
        stay_admit_waiting(actor=specialist, stay_id=second.pk, admitted_on=TODAY)
    with pytest.raises(DomainError, match="Бахыт") as caught:
        stay_admit_waiting(actor=specialist, stay_id=third.pk, admitted_on=TODAY)
    assert caught.value.field == "stay" and _refusals() == 2
    first = SpecialStay.objects.get(person=a)
    stay_leave(actor=specialist, stay_id=first.pk, left_on=TODAY - dt.timedelta(days=5), reason="housed")
    nxt = next_in_queues(specialist, TODAY)
    assert [(n.stay.pk, n.waiting, n.free) for n in nxt] == [(second.pk, 2, 1)]
    with pytest.raises(DomainError, match="cannot come before the application"):
        stay_admit_waiting(actor=specialist, stay_id=second.pk, admitted_on=DAY)
    admitted = stay_admit_waiting(
        actor=specialist, stay_id=second.pk, admitted_on=TODAY - dt.timedelta(days=5)
    )
    assert (admitted.status, admitted.from_queue) == ("admitted", True)
    assert [n.stay.pk for n in next_in_queues(specialist, TODAY)] == [third.pk]
    load = caseload(specialist, centre_id=centre.pk, on=TODAY)
    assert [s.pk for s in load.open_stays] == [second.pk] and [s.pk for s in load.waiting] == [third.pk]
    assert load.occupancy is not None and load.occupancy.free == 0


def test_cancel_a_waiting_entry_with_its_reason(centre, specialist, make_person):
    a, b = make_person(name="Асет"), make_person(name="Бахыт")
    _admit(specialist, a, centre)
    waiting = _admit(specialist, b, centre)
    with pytest.raises(DomainError) as caught:
        stay_cancel(actor=specialist, stay_id=waiting.pk, reason="  ")
    assert caught.value.field == "reason"
    stay_cancel(actor=specialist, stay_id=waiting.pk, reason="Уехал к родственникам")
    waiting.refresh_from_db()
    assert (waiting.status, waiting.cancelled_on, waiting.reason) == (
        "cancelled",
        TODAY,
        "Уехал к родственникам",
    )
    assert _updates(waiting)[-1].reason == "Уехал к родственникам"
    with pytest.raises(DomainError, match="Only a waiting entry"):
        stay_cancel(actor=specialist, stay_id=waiting.pk, reason="again")
    first = SpecialStay.objects.get(person=a)
    with pytest.raises(DomainError, match="Only a waiting entry"):
        stay_cancel(actor=specialist, stay_id=first.pk, reason="wrong")
    assert _admit(specialist, b, centre).status == "waiting"  # may apply again


def test_correct_a_stay_audited_with_its_reason_every_rule_checked(specialist, make_person):
    centre = centre_create(actor=specialist, name="Центр", service="temporary_stay", beds=2, kato=BALKHASH)
    a, b = make_person(name="Асет"), make_person(name="Бахыт")
    stay = _admit(specialist, a, centre, left_on=DAY + dt.timedelta(days=10))
    _admit(specialist, b, centre, DAY + dt.timedelta(days=20))
    with pytest.raises(DomainError) as caught:
        stay_correct(actor=specialist, stay_id=stay.pk, reason="", admitted_on=DAY - dt.timedelta(days=1))
    assert caught.value.field == "reason"
    with pytest.raises(DomainError, match="cannot end") as caught:
        stay_correct(actor=specialist, stay_id=stay.pk, reason="Ошибка ввода", admitted_on=DAY,
                     left_on=DAY - dt.timedelta(days=3))  # fmt: skip
    assert caught.value.field == "left_on"
    before = _updates(stay)
    corrected = stay_correct(actor=specialist, stay_id=stay.pk, reason="Ошибка ввода",
                             applied_on=DAY - dt.timedelta(days=3), admitted_on=DAY - dt.timedelta(days=2),
                             left_on=DAY + dt.timedelta(days=12))  # fmt: skip
    assert (corrected.admitted_on, corrected.left_on) == (
        DAY - dt.timedelta(days=2),
        DAY + dt.timedelta(days=12),
    )
    row = _updates(stay)[len(before)]
    assert row.reason == "Ошибка ввода"
    assert row.changes["left_on"] == [str(DAY + dt.timedelta(days=10)), str(DAY + dt.timedelta(days=12))]
    stay.refresh_from_db()
    assert stay.admitted_on == DAY - dt.timedelta(days=2)


def test_a_full_centre_refuses_a_correction_overfilling_it(centre, specialist, make_person):
    a, b = make_person(name="Асет"), make_person(name="Бахыт")
    stay = _admit(specialist, a, centre, left_on=DAY + dt.timedelta(days=5))
    _admit(specialist, b, centre, DAY + dt.timedelta(days=5))
    with pytest.raises(DomainError, match="No free bed"):
        stay_correct(actor=specialist, stay_id=stay.pk, reason="Продлено", left_on=DAY + dt.timedelta(days=8))
    stay.refresh_from_db()
    assert stay.left_on == DAY + dt.timedelta(days=5)


def test_caseload_services_need_their_specialist(specialist, make_person, make_user):
    crisis = centre_create(
        actor=specialist, name="Кризисный центр", service="crisis", beds=None, kato=BALKHASH
    )
    person = make_person(name="Айым", sex="female")
    with pytest.raises(DomainError, match="caseload") as caught:
        stay_admit(actor=specialist, iin=person.iin, service="crisis", institution=crisis, admitted_on=DAY)
    assert caught.value.field == "specialist"
    other = make_user(Role.REHABILITATION_SPECIALIST, units=("751110000",), username="almaty_specialist")
    with pytest.raises(DomainError, match="does not work") as caught:
        stay_admit(actor=specialist, iin=person.iin, service="crisis", institution=crisis, admitted_on=DAY,
                   specialist=other)  # fmt: skip
    assert caught.value.field == "specialist" and not SpecialStay.objects.exists()
    stay = stay_admit(actor=specialist, iin=person.iin, service="crisis", institution=crisis, admitted_on=DAY,
                      specialist=specialist)  # fmt: skip
    assert [s.pk for s in caseload(specialist, specialist_id=specialist.pk, on=TODAY).open_stays] == [stay.pk]


def test_an_ngo_project_beyond_its_plan_still_admits(specialist, make_person):
    """The plan of persons is not a limit (the reports show projects beyond their plans): the
    admission is recorded and the page warns (selector)."""
    from komek.rehabilitation.selectors.stays import project_over_plan

    project = project_create(actor=specialist, title="Жертвам насилия", provider="ОФ",
                             provider_bin="070140000011", year=DAY.year, district=BALKHASH, planned_people=1,
                             planned_amount=0, service="violence")  # fmt: skip
    stays = [
        stay_admit(
            actor=specialist,
            iin=make_person(name=n).iin,
            service="violence",
            project=project,
            admitted_on=DAY,
        )  # fmt: skip
        for n in ("Айым", "Бота")
    ]
    assert project_over_plan(specialist, stays[0]) == (2, 1)


def test_the_queue_figures_of_a_year_come_from_the_records(centre, specialist, head, make_person):
    """Waiting at the year's end, admitted from the queue, their average wait and the beds'
    occupancy per service, each persons figure tracing to its persons."""
    year = DAY.year - 1
    start = dt.date(year, 12, 1)
    a, b, c, d = (make_person(name=n) for n in ("Асет", "Бахыт", "Вадим", "Гани"))
    stay_admit(actor=specialist, iin=a.iin, service="temporary_stay", institution=centre, admitted_on=start,
               left_on=dt.date(year, 12, 11), leaving_reason="completed")  # fmt: skip
    queued = stay_apply(actor=specialist, iin=b.iin, service="temporary_stay", institution=centre,
                        applied_on=dt.date(year, 12, 5))  # fmt: skip
    stay_admit_waiting(actor=specialist, stay_id=queued.pk, admitted_on=dt.date(year, 12, 11))
    late = stay_apply(actor=specialist, iin=c.iin, service="temporary_stay", institution=centre,
                      applied_on=dt.date(year, 12, 20))  # fmt: skip
    cancelled = stay_apply(actor=specialist, iin=d.iin, service="temporary_stay", institution=centre,
                           applied_on=dt.date(year, 12, 21))  # fmt: skip
    stay_cancel(
        actor=specialist, stay_id=cancelled.pk, reason="Отказался"
    )  # cancelled today: waited at the end
    figures = {f.code: f.value for f in special_figures(actor=head, year=year, prefix=BALKHASH[:4])}
    days = (dt.date(year, 12, 31) - dt.date(year, 1, 1)).days + 1
    assert figures["special.temporary_stay.waiting"] == 2
    assert figures["special.temporary_stay.from_queue"] == 1
    assert figures["special.temporary_stay.wait_days"] == 6
    assert figures["special.temporary_stay.occupancy"] == (Decimal(100 * (10 + 21)) / days).quantize(
        Decimal("0.1")
    )
    assert figures["special.crisis.waiting"] == 0 and "special.crisis.wait_days" not in figures
    waiting = special_records(
        actor=head, year=year, prefix=BALKHASH[:4], code="special.temporary_stay.waiting"
    )
    assert waiting is not None and set(waiting.queryset.values_list("pk", flat=True)) == {c.pk, d.pk}
    admitted = special_records(
        actor=head, year=year, prefix=BALKHASH[:4], code="special.temporary_stay.from_queue"
    )
    assert admitted is not None and list(admitted.queryset.values_list("pk", flat=True)) == [b.pk]
    assert late.status == "waiting"
