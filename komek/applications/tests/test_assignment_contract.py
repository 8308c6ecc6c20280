"""An assign decision creates the assignment through the benefits contract (``komek.benefits.services``).

The benefits context is built on its own branch: until it is merged these tests are skipped, and
the decision is recorded on the case alone (amount, period, bank details)."""

from __future__ import annotations

import pytest

from komek.applications.choices import Status
from komek.applications.models import Application, Notification
from komek.applications.services.decisions import (
    application_decide,
    assignment_kind,
    default_period,
)
from komek.common.errors import DomainError

pytestmark = pytest.mark.django_db


def _assign(app, caseworker, **extra):
    start, end = default_period(app)
    return application_decide(
        actor=caseworker, application_id=app.pk, version=app.version, decision="assign",
        amount=app.calculated_amount, period_start=start, period_end=end, social_contract_ref="SK-3516-7",
        **extra,
    )  # fmt: skip


def test_the_assignment_kind_follows_the_programme(household, calculated):
    """TSA is assigned as conditional or unconditional TSA after the engine's kind; a one-time programme as
    one-time."""
    app = calculated(household.head)
    assert app.programme == "tsa" and app.programme_kind in ("conditional", "unconditional")
    assert assignment_kind(app) == f"tsa_{app.programme_kind}"
    app.programme, app.periodicity = "balkhash.fire_damage", "once"
    assert assignment_kind(app) == "one_time"


@pytest.mark.usefixtures("social_contract")
def test_an_assign_decision_creates_the_assignment(household, calculated, caseworker):
    """An assign decision creates the benefits assignment of the programme and amount, paid to the applicant,
    and keeps its id on the case."""
    from komek.benefits.selectors import assignments_for_application

    app = _assign(calculated(household.head), caseworker)
    assert app.assignment_id is not None
    assignment = assignments_for_application(user=caseworker, application_id=app.pk).get()
    assert assignment.pk == app.assignment_id
    assert (assignment.programme, assignment.monthly_amount) == ("tsa", app.decided_amount)
    assert assignment.recipient_id == household.head.pk and assignment.family_id == household.family.pk


def test_a_refused_assignment_leaves_the_decision_unwritten(household, calculated, caseworker):
    """When the benefits context refuses the assignment (a wrong IBAN), the decision is not written either."""
    app = calculated(household.head)
    with pytest.raises(DomainError) as exc:
        _assign(app, caseworker, iban="KZ00601KZT5004100100")  # wrong check digits
    assert exc.value.field == "iban"
    row = Application.objects.get(pk=app.pk)
    assert (row.status, row.version, row.assignment_id) == (Status.IN_REVIEW, app.version, None)
    assert not Notification.objects.exists()
