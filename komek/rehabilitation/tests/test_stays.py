"""Stays in special social services: temporary stay with its beds, crisis centre, NGOs' projects,
early intervention and the independent-living centres (ADR 0040)."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import BALKHASH
from komek.accounts.choices import Role
from komek.common.errors import DomainError
from komek.common.models import AuditLog
from komek.rehabilitation.models import SpecialStay
from komek.rehabilitation.report import special_figures, special_records
from komek.rehabilitation.selectors.stays import centres
from komek.rehabilitation.services.care import project_create, project_serve
from komek.rehabilitation.services.special import centre_create, stay_admit, stay_leave

from .conftest import YEAR

pytestmark = pytest.mark.django_db
LAST = YEAR - 1


def _refusals() -> int:
    return AuditLog.objects.filter(action="refuse", object_type="rehabilitation.specialstay").count()


@pytest.fixture
def centre(specialist):
    return centre_create(
        actor=specialist, name="Центр социальной адаптации", service="temporary_stay", beds=2, kato=BALKHASH
    )


@pytest.fixture
def head(make_user):
    return make_user(Role.DEPARTMENT_HEAD, username="head_of_department")


def test_temporary_stay_beds_are_enforced_on_every_day_of_the_stay(centre, specialist, make_person):
    """Two beds: a third person is refused on a day both are taken, admitted once one has left; an
    earlier admission that would overfill a later day is refused too; nothing is written."""
    a, b, c = (make_person(name=n) for n in ("Асет", "Бахыт", "Вадим"))
    stay_admit(actor=specialist, iin=a.iin, service="temporary_stay", institution=centre,
               admitted_on=dt.date(LAST, 3, 1), left_on=dt.date(LAST, 4, 1))  # fmt: skip
    stay_admit(actor=specialist, iin=b.iin, service="temporary_stay", institution=centre,
               admitted_on=dt.date(LAST, 3, 10))  # fmt: skip
    before = SpecialStay.objects.count()
    with pytest.raises(DomainError, match="No free bed") as caught:
        stay_admit(actor=specialist, iin=c.iin, service="temporary_stay", institution=centre,
                   admitted_on=dt.date(LAST, 3, 20))  # fmt: skip
    assert caught.value.field == "admitted_on"
    with pytest.raises(DomainError, match="No free bed"):  # free on 1 March, full from 10 March
        stay_admit(actor=specialist, iin=c.iin, service="temporary_stay", institution=centre,
                   admitted_on=dt.date(LAST, 2, 25))  # fmt: skip
    assert SpecialStay.objects.count() == before and _refusals() == 2
    stay_admit(actor=specialist, iin=c.iin, service="temporary_stay", institution=centre,
               admitted_on=dt.date(LAST, 4, 1))  # fmt: skip  # the leaving day frees the bed
    taken = {row.centre.pk: row.taken for row in centres(specialist, dt.date(LAST, 4, 2))}
    assert taken[centre.pk] == 2


def test_a_stay_does_not_end_before_it_begins(centre, specialist, make_person):
    """Leaving before the admission is refused on the leaving date, at admission and at leaving."""
    person = make_person()
    with pytest.raises(DomainError, match="cannot end") as caught:
        stay_admit(actor=specialist, iin=person.iin, service="temporary_stay", institution=centre,
                   admitted_on=dt.date(LAST, 5, 1), left_on=dt.date(LAST, 4, 1))  # fmt: skip
    assert caught.value.field == "left_on" and not SpecialStay.objects.exists()
    stay = stay_admit(actor=specialist, iin=person.iin, service="temporary_stay", institution=centre,
                      admitted_on=dt.date(LAST, 5, 1))  # fmt: skip
    with pytest.raises(DomainError, match="cannot end"):
        stay_leave(actor=specialist, stay_id=stay.pk, left_on=dt.date(LAST, 4, 30), reason="completed")
    stay_leave(actor=specialist, stay_id=stay.pk, left_on=dt.date(LAST, 5, 20), reason="completed")
    stay.refresh_from_db()
    assert stay.left_on == dt.date(LAST, 5, 20) and _refusals() == 2


def test_a_person_not_in_the_registry_is_refused_on_the_iin(centre, specialist):
    """An IIN of no registered person: a clear error on ``iin``, audited, nothing written."""
    with pytest.raises(DomainError, match="No person with the IIN 871008401427") as caught:
        stay_admit(actor=specialist, iin="871008401427", service="temporary_stay", institution=centre,
                   admitted_on=dt.date(LAST, 5, 1))  # fmt: skip
    assert caught.value.field == "iin" and _refusals() == 1 and not SpecialStay.objects.exists()


def _project(actor, service, people, amount, title="Проект"):
    return project_create(actor=actor, title=title, provider="ОФ «НПО»", provider_bin="123456789012",
                          year=LAST, district=BALKHASH, planned_people=people, planned_amount=amount,
                          service=service)  # fmt: skip


def test_early_intervention_refuses_a_child_of_three(specialist, make_person):
    """A child who is 3 on the day of admission is refused on the IIN; a child of 2 is admitted."""
    project = _project(specialist, "early_intervention", 150, 24_200_000, "Раннее вмешательство")
    older = make_person(birth_date=dt.date(LAST - 3, 1, 5))
    younger = make_person(birth_date=dt.date(LAST - 2, 6, 1))
    with pytest.raises(DomainError, match="children under 3") as caught:
        stay_admit(actor=specialist, iin=older.iin, service="early_intervention", project=project,
                   admitted_on=dt.date(LAST, 2, 1))  # fmt: skip
    assert caught.value.field == "iin" and _refusals() == 1
    stay_admit(actor=specialist, iin=younger.iin, service="early_intervention", project=project,
               admitted_on=dt.date(LAST, 2, 1), specialist=specialist)  # fmt: skip
    with pytest.raises(DomainError, match="admitted as stays"):
        project_serve(actor=specialist, project=project, person=younger, on=dt.date(LAST, 2, 1))


def test_provider_must_give_the_service(centre, specialist, make_person):
    """A project of another service or a centre of another profile is refused on the provider."""
    project = _project(specialist, "trafficking", 6, 10_000_000)
    person = make_person()
    with pytest.raises(DomainError, match="does not give this service"):
        stay_admit(actor=specialist, iin=person.iin, service="violence", project=project,
                   admitted_on=dt.date(LAST, 2, 1))  # fmt: skip
    with pytest.raises(DomainError, match="does not give this service"):
        stay_admit(actor=specialist, iin=person.iin, service="crisis", institution=centre,
                   admitted_on=dt.date(LAST, 2, 1))  # fmt: skip


def test_the_special_section_counts_the_stays_and_traces_them(centre, specialist, head, make_person):
    """The report's figures per service (persons, plan, amount, beds) come from the stays, and each
    persons figure lists the same persons."""
    violence = _project(specialist, "violence", 17, 22_400_000)
    crisis = centre_create(
        actor=specialist, name="Кризисный центр", service="crisis", beds=None, kato=BALKHASH
    )
    people = [make_person(name=n) for n in ("Айым", "Бота", "Гуля", "Дана")]
    for p in people[:2]:
        stay_admit(actor=specialist, iin=p.iin, service="violence", project=violence,
                   admitted_on=dt.date(LAST, 3, 1), left_on=dt.date(LAST, 5, 1))  # fmt: skip
    stay_admit(actor=specialist, iin=people[2].iin, service="crisis", institution=crisis,
               admitted_on=dt.date(LAST, 3, 1), specialist=specialist)  # fmt: skip
    stay_admit(actor=specialist, iin=people[3].iin, service="temporary_stay", institution=centre,
               admitted_on=dt.date(LAST, 12, 30))  # fmt: skip
    figures = {f.code: f for f in special_figures(actor=head, year=LAST, prefix=BALKHASH[:4])}
    assert figures["special.violence.persons"].value == 2
    assert figures["special.violence.persons"].plan == 17
    assert figures["special.violence.amount"].value == 22_400_000
    assert figures["special.crisis.persons"].value == 1
    assert figures["special.temporary_stay.persons"].value == 1
    assert figures["special.temporary_stay.beds"].value == 2
    assert figures["special.early_intervention.children"].value == 0
    assert figures["special.served"].value == 4
    assert figures["special.social_order.persons"].value == 2
    records = special_records(actor=head, year=LAST, prefix=BALKHASH[:4], code="special.violence.persons")
    assert records is not None and set(records.queryset.values_list("pk", flat=True)) == {
        p.pk for p in people[:2]
    }
    assert special_figures(actor=head, year=LAST - 1, prefix=BALKHASH[:4])[0].value == 0
