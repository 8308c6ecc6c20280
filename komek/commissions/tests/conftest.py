"""The commission's tests use the state services' fixtures (staff, household, applications), and two
cases waiting for a meeting of the town."""

import pytest

from komek.applications.models import Application
from komek.applications.services.cases import application_to_commission
from komek.applications.tests.conftest import (  # noqa: F401
    calculated,
    caseworker,
    head,
    household,
    median_income,
    member,
    receive,
    secretary,
)
from komek.commissions.services.meetings import agenda_build, meeting_create
from komek.legislation.tests.conftest import fresh_engine  # noqa: F401 (each test builds its own engine)

BALKHASH = "351600000"


@pytest.fixture
def waiting(household, calculated, caseworker):  # noqa: F811 (the fixtures imported above)
    """Two cases of the town's one-time assistance at the commission: a fire, and tuberculosis."""
    fire = calculated(household.head, "local_social_assistance", circumstances=["fire_damage"])
    tb = calculated(household.spouse, "local_social_assistance")
    for app in (fire, tb):
        application_to_commission(actor=caseworker, application_id=app.pk, version=app.version)
    return Application.objects.get(pk=fire.pk), Application.objects.get(pk=tb.pk)


@pytest.fixture
def meeting(secretary, member, waiting, household):  # noqa: F811
    """A meeting of the town today (quorum 2: the secretary and a member) with both cases on its agenda."""
    meeting = meeting_create(
        actor=secretary, kato=BALKHASH, date=household.on, quorum=2, member_ids=[member.pk]
    )
    assert agenda_build(actor=secretary, meeting_id=meeting.pk) == 2
    return meeting
