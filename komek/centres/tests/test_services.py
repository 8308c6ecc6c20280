"""The centres' writes: a person is registered once at a time, an active longevity centre registers
pensioners only, a service is recorded only for a person registered on its date; every refusal is
audited and nothing is half-written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from komek.centres.models import Centre, Event, Registration, Service
from komek.centres.services import centre_create, event_record, person_register, service_record
from komek.common.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from komek.common.models import AuditLog

pytestmark = pytest.mark.django_db
TOWN = "351610000"
ALMALY = "751110000"


def _centre(actor: Any, kind: str = "family", name: str = "Бақытты отбасы", kato: str = TOWN) -> Centre:
    return centre_create(actor=actor, kato=kato, kind=kind, name=name, address="Lenin st. 1")


def test_a_person_is_registered_served_and_each_step_audited(
    worker: Any, make_person: Callable[..., Any]
) -> None:
    centre = _centre(worker)
    person = make_person()
    registration = person_register(
        actor=worker, centre_id=centre.pk, iin=person.iin, date=dt.date(2020, 2, 1)
    )
    service = service_record(
        actor=worker, centre_id=centre.pk, iin=person.iin, date="2020-03-01", kind="legal", online="on"
    )
    event = event_record(
        actor=worker, centre_id=centre.pk, date=dt.date(2020, 3, 8), title="Master class",
        kind="master_class", participants="12",
    )  # fmt: skip
    assert service.registration == registration and service.online and event.participants == 12
    rows = AuditLog.objects.filter(object_type__startswith="centres.", action="create")
    assert rows.count() == 4
    assert set(rows.exclude(person_id=None).values_list("person_id", flat=True)) == {person.pk}


def test_a_second_open_registration_at_the_same_centre_is_refused(
    worker: Any, make_person: Callable[..., Any]
) -> None:
    centre = _centre(worker)
    person = make_person()
    person_register(actor=worker, centre_id=centre.pk, iin=person.iin, date=dt.date(2020, 2, 1))
    with pytest.raises(DomainError, match="registered at this centre since 01.02.2020 already") as refused:
        person_register(actor=worker, centre_id=centre.pk, iin=person.iin, date=dt.date(2020, 5, 1))
    assert refused.value.field == "iin"
    assert Registration.objects.count() == 1
    other = _centre(worker, name="Crafts", kind="crafts")
    person_register(actor=worker, centre_id=other.pk, iin=person.iin, date=dt.date(2020, 5, 1))
    assert AuditLog.objects.filter(
        action="refuse", object_type="centres.centre", object_id=str(centre.pk)
    ).exists()


def test_a_person_outside_the_territory_is_refused(
    worker: Any, almaty_worker: Any, make_person: Callable[..., Any], make_user: Callable[..., Any]
) -> None:
    centre = _centre(worker)
    from komek.accounts.choices import Reach, Role

    almaty_registrar = make_user(Role.REGISTRAR, units=("750000000",), reach=Reach.UNITS)
    stranger = make_person(kato=ALMALY, actor=almaty_registrar)
    with pytest.raises(DomainError, match="outside your territory"):
        person_register(actor=worker, centre_id=centre.pk, iin=stranger.iin, date=dt.date(2020, 2, 1))
    with pytest.raises(NotFound):
        person_register(actor=almaty_worker, centre_id=centre.pk, iin=stranger.iin, date=dt.date(2020, 2, 1))
    with pytest.raises(DomainError, match="No person with this IIN"):
        person_register(actor=worker, centre_id=centre.pk, iin="000000000000", date=dt.date(2020, 2, 1))
    assert not Registration.objects.exists()
    assert AuditLog.objects.filter(action="refuse", object_type="centres.centre").count() == 3


def test_an_active_longevity_centre_registers_pensioners_only(
    worker: Any, make_person: Callable[..., Any]
) -> None:
    centre = _centre(worker, kind="longevity", name="Active longevity")
    young = make_person(birth_date=dt.date(1985, 3, 14))
    with pytest.raises(DomainError, match="pensioners only"):
        person_register(actor=worker, centre_id=centre.pk, iin=young.iin, date=dt.date(2020, 2, 1))
    # A woman of 59 years and 3 months in 2020 is under the retirement age of that year (59.5) ...
    woman = make_person(surname="Иванова", name="Мария", birth_date=dt.date(1960, 11, 1), sex="female")
    with pytest.raises(DomainError, match="pensioners only"):
        person_register(actor=worker, centre_id=centre.pk, iin=woman.iin, date=dt.date(2020, 2, 1))
    # ... and reaches it at 59 and a half.
    person_register(actor=worker, centre_id=centre.pk, iin=woman.iin, date=dt.date(2020, 5, 1))
    man = make_person(birth_date=dt.date(1957, 1, 1))
    person_register(actor=worker, centre_id=centre.pk, iin=man.iin, date=dt.date(2020, 2, 1))
    assert Registration.objects.count() == 2


def test_a_service_to_a_person_not_registered_on_that_date_is_refused(
    worker: Any, make_person: Callable[..., Any]
) -> None:
    centre = _centre(worker)
    person = make_person()
    with pytest.raises(DomainError, match="not registered at this centre on 01.03.2020") as refused:
        service_record(
            actor=worker, centre_id=centre.pk, iin=person.iin, date=dt.date(2020, 3, 1), kind="legal"
        )
    assert refused.value.field == "iin"
    person_register(actor=worker, centre_id=centre.pk, iin=person.iin, date=dt.date(2020, 4, 1))
    with pytest.raises(DomainError, match="not registered at this centre on 01.03.2020"):
        service_record(
            actor=worker, centre_id=centre.pk, iin=person.iin, date=dt.date(2020, 3, 1), kind="legal"
        )
    other = _centre(worker, name="Crafts", kind="crafts")
    with pytest.raises(DomainError, match="not registered at this centre"):
        service_record(
            actor=worker, centre_id=other.pk, iin=person.iin, date=dt.date(2020, 5, 1), kind="legal"
        )
    assert not Service.objects.exists()
    refusals = AuditLog.objects.filter(action="refuse", object_type="centres.centre")
    assert refusals.count() == 3


def test_bad_input_is_refused_at_its_field(worker: Any, make_person: Callable[..., Any]) -> None:
    with pytest.raises(ValidationFailed) as refused:
        centre_create(actor=worker, kato=TOWN, kind="zoo", name="", address="x")
    assert set(refused.value.errors) == {"kind", "name"}
    centre = _centre(worker)
    with pytest.raises(DomainError, match="already in the territory"):
        _centre(worker)
    person = make_person()
    person_register(actor=worker, centre_id=centre.pk, iin=person.iin, date=dt.date(2020, 1, 1))
    with pytest.raises(DomainError, match="Choose the kind of the service"):
        service_record(actor=worker, centre_id=centre.pk, iin=person.iin, date=dt.date(2020, 3, 1), kind="x")
    with pytest.raises(DomainError, match="in the future"):
        service_record(actor=worker, centre_id=centre.pk, iin=person.iin, date="2999-01-01", kind="legal")
    with pytest.raises(DomainError, match="at least one participant"):
        event_record(
            actor=worker,
            centre_id=centre.pk,
            date=dt.date(2020, 3, 1),
            title="x",
            kind="other",
            participants=0,
        )
    assert Centre.objects.count() == 1 and not Service.objects.exists() and not Event.objects.exists()


def test_the_analyst_and_the_head_do_not_write(analyst_user: Any, head: Any) -> None:
    for user in (analyst_user, head):
        with pytest.raises(PermissionDenied):
            _centre(user)
    assert not Centre.objects.exists()
