"""The register, the passport and the adaptation of an object: each step checked against the one
before, refusals audited, nothing half-written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from komek.barrier_free.models import Adaptation, Passport, SocialObject, YearPlan
from komek.barrier_free.services import adaptation_record, object_certify, object_register, plan_set
from komek.common.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from komek.common.models import AuditLog

pytestmark = pytest.mark.django_db
TOWN = "351610000"


def _school(actor: Any, n: int = 1, kato: str = TOWN) -> SocialObject:
    return object_register(
        actor=actor,
        kato=kato,
        name=f"School No. {n}",
        kind="education",
        address=f"Lenin st. {n}",
        owner="Akimat",
    )


def test_an_object_is_registered_certified_and_adapted_and_each_step_audited(specialist: Any) -> None:
    school = _school(specialist)
    passport = object_certify(
        actor=specialist,
        object_id=school.pk,
        date=dt.date(2018, 3, 1),
        finding="partial",
        findings="No ramp.",
    )
    assert passport.to_adapt
    done = adaptation_record(
        actor=specialist, object_id=school.pk, works="A ramp", started=dt.date(2018, 5, 1),
        finished=dt.date(2018, 6, 1), cost="1 500 000",
    )  # fmt: skip
    assert done.cost == 1_500_000
    actions = list(
        AuditLog.objects.filter(object_type__startswith="barrier_free.").values_list("action", flat=True)
    )
    assert actions.count("create") == 3


def test_an_object_is_never_adapted_before_it_was_certified(specialist: Any) -> None:
    school = _school(specialist)
    with pytest.raises(DomainError, match="not certified yet"):
        adaptation_record(
            actor=specialist, object_id=school.pk, works="A ramp", started=dt.date(2018, 5, 1),
            finished=dt.date(2018, 6, 1),
        )  # fmt: skip
    object_certify(
        actor=specialist, object_id=school.pk, date=dt.date(2018, 3, 1), finding="partial", findings="x"
    )
    with pytest.raises(DomainError, match="cannot start before the object was certified") as refused:
        adaptation_record(
            actor=specialist, object_id=school.pk, works="A ramp", started=dt.date(2018, 2, 1),
            finished=dt.date(2018, 6, 1),
        )  # fmt: skip
    assert refused.value.field == "started"
    assert not Adaptation.objects.exists()
    refusals = AuditLog.objects.filter(action="refuse", object_type="barrier_free.socialobject")
    assert refusals.count() == 2 and str(school.pk) in set(refusals.values_list("object_id", flat=True))


def test_an_accessible_object_has_nothing_to_adapt(specialist: Any) -> None:
    school = _school(specialist)
    object_certify(actor=specialist, object_id=school.pk, date=dt.date(2018, 3, 1), finding="accessible")
    with pytest.raises(DomainError, match="nothing to adapt"):
        adaptation_record(
            actor=specialist, object_id=school.pk, works="A ramp", started=dt.date(2018, 5, 1),
            finished=dt.date(2018, 6, 1),
        )  # fmt: skip


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"finished": dt.date(2018, 4, 1)}, "finished"),
        ({"cost": "-5"}, "cost"),
        ({"cost": "12.5"}, "cost"),
        ({"works": "  "}, "works"),
        ({"finished": "tomorrow"}, "finished"),
    ],
)
def test_bad_adaptation_input_names_its_field(specialist: Any, change: dict[str, Any], field: str) -> None:
    school = _school(specialist)
    object_certify(
        actor=specialist, object_id=school.pk, date=dt.date(2018, 3, 1), finding="partial", findings="x"
    )
    data = {"works": "A ramp", "started": dt.date(2018, 5, 1), "finished": dt.date(2018, 6, 1), **change}
    with pytest.raises(DomainError) as refused:
        adaptation_record(actor=specialist, object_id=school.pk, **data)
    assert refused.value.field == field
    assert not Adaptation.objects.exists()


def test_a_passport_in_the_future_or_twice_is_refused(specialist: Any) -> None:
    school = _school(specialist)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(DomainError, match="future"):
        object_certify(actor=specialist, object_id=school.pk, date=tomorrow, finding="accessible")
    with pytest.raises(DomainError) as refused:
        object_certify(actor=specialist, object_id=school.pk, date=dt.date(2018, 3, 1), finding="partial")
    assert refused.value.field == "findings"  # a partly accessible object: what was found, required
    object_certify(actor=specialist, object_id=school.pk, date=dt.date(2018, 3, 1), finding="accessible")
    with pytest.raises(DomainError, match="certified on 01.03.2018 already"):
        object_certify(actor=specialist, object_id=school.pk, date=dt.date(2018, 4, 1), finding="accessible")
    assert Passport.objects.count() == 1


def test_the_register_is_kept_per_territory(
    specialist: Any, almaty_specialist: Any, analyst_user: Any
) -> None:
    school = _school(specialist)
    with pytest.raises(PermissionDenied):
        _school(specialist, 2, kato="751110000")
    with pytest.raises(NotFound):
        object_certify(
            actor=almaty_specialist, object_id=school.pk, date=dt.date(2018, 3, 1), finding="accessible"
        )
    with pytest.raises(PermissionDenied):
        _school(analyst_user, 3)
    with pytest.raises(ValidationFailed) as refused:
        object_register(actor=specialist, kato=TOWN, name="", kind="zoo", address="", owner="x")
    assert set(refused.value.errors) == {"name", "kind", "address"}
    with pytest.raises(DomainError, match="already in the register"):
        _school(specialist)


def test_a_plan_entered_again_replaces_the_one_before(specialist: Any) -> None:
    plan_set(actor=specialist, kato="351600000", year=2018, to_certify=0, to_adapt=6, indicator="80")
    plan = plan_set(actor=specialist, kato="351600000", year=2018, to_certify=2, to_adapt=6, indicator="80,5")
    assert YearPlan.objects.count() == 1 and plan.indicator == Decimal("80.5")
    with pytest.raises(DomainError) as refused:
        plan_set(actor=specialist, kato="351600000", year=2018, to_certify=0, to_adapt=6, indicator="180")
    assert refused.value.field == "indicator"
