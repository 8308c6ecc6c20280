"""Issue 10's defects of /rules/: a parameter value must be plausible for its unit (an MCI of -5 or
5,000,000 refused with the reason) and an identical council decision is not saved twice."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from komek.common.errors import DomainError
from komek.common.models import AuditLog
from komek.legislation.models import ParameterValueRecord, ProgrammeVersion
from komek.legislation.services.decisions import programme_version_add
from komek.legislation.services.parameters import parameter_value_add
from komek.legislation.tests.test_services import spec

pytestmark = pytest.mark.django_db
AHEAD = dt.date(2031, 1, 1)


@pytest.mark.parametrize(
    ("value", "fragment"),
    [("-5", "must be positive: -5 is not"), ("5000000", "differs more than 10 times")],
)
def test_an_implausible_mci_is_refused_with_its_reason(national_administrator, value, fragment):
    """An MCI of -5 or 5,000,000 is refused at the value field with the reason; nothing is saved."""
    with translation.override("en"), pytest.raises(DomainError) as exc:
        parameter_value_add(
            actor=national_administrator, name="mci", value=Decimal(value), valid_from=AHEAD,
            reference="Law on the budget",
        )  # fmt: skip
    assert (exc.value.field, exc.value.code) == ("value", "implausible")
    assert fragment in str(exc.value.message)
    assert not ParameterValueRecord.objects.exists()


def test_the_reason_is_in_the_users_language(national_administrator):
    """The reason of a refused MCI is written in Russian for a Russian-speaking administrator."""
    with translation.override("ru"), pytest.raises(DomainError) as exc:
        parameter_value_add(
            actor=national_administrator, name="mci", value=Decimal(-5), valid_from=AHEAD, reference="x"
        )
    assert "положительным" in str(exc.value.message)


def test_an_implausible_value_from_the_form_is_shown_at_its_field(national_administrator):
    """The parameter page shows the reason beside the value and saves nothing."""
    client = Client()
    client.force_login(national_administrator)
    with translation.override("en"):
        response = client.post(
            reverse("legislation:parameter_add"),
            {
                "name": "mci",
                "value": "5000000",
                "valid_from": AHEAD.isoformat(),
                "reference": "Law",
                "kato": "",
            },
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 200
    assert "differs more than 10 times" in response.content.decode()
    assert not ParameterValueRecord.objects.exists()


def test_an_identical_council_decision_is_refused_the_second_time(administrator):
    """The same decision saved twice: the second is refused naming the first, only one is stored and
    the refusal writes no audit row of a creation; a changed version from the same date is accepted."""
    programme_version_add(actor=administrator, spec=spec())
    with translation.override("en"), pytest.raises(DomainError) as exc:
        programme_version_add(actor=administrator, spec=spec())
    assert exc.value.code == "duplicate" and "5/41" in str(exc.value.message)
    assert ProgrammeVersion.objects.count() == 1
    assert AuditLog.objects.filter(object_type="legislation.programmeversion").count() == 1
    programme_version_add(actor=administrator, spec=spec(amount="6 * mci"))
    assert ProgrammeVersion.objects.count() == 2
