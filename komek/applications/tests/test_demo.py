"""``komek demo-services`` fills the demo town once: cases in every state, a signed protocol."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from komek.applications.choices import Status
from komek.applications.models import Application
from komek.commissions.choices import MeetingStatus
from komek.commissions.models import Meeting

pytestmark = pytest.mark.django_db


def test_the_demo_is_filled_once(settings, kato):
    """``komek demo-services`` needs the demo registry, then fills the town with cases in every state and a
    signed protocol, once."""
    settings.DEBUG = True
    with pytest.raises(CommandError):
        call_command("demo_services", stdout=io.StringIO())  # no registry yet
    call_command("demo_data", persons=400, region="351600000", seed=3, stdout=io.StringIO())
    call_command("demo_services", cases=60, stdout=io.StringIO())
    count = Application.objects.count()
    assert count == 65
    assert set(Application.objects.values_list("status", flat=True)) >= {
        Status.IN_REVIEW, Status.ASSIGNED, Status.REFUSED, Status.COMMISSION,
    }  # fmt: skip
    meeting = Meeting.objects.get()
    assert meeting.status == MeetingStatus.SIGNED and meeting.items.count() == 3
    assert Application.objects.filter(caseworker__username="demo_caseworker").count() >= 60
    out = io.StringIO()
    call_command("demo_services", cases=60, stdout=out)
    assert Application.objects.count() == count and "already" in out.getvalue()


def test_the_demo_refuses_a_production_installation(settings):
    """``komek demo-services`` refuses to run outside a demo or development installation."""
    settings.DEBUG = settings.DEMO = False
    with pytest.raises(CommandError):
        call_command("demo_services", stdout=io.StringIO())
