"""The state services, the commission and the council's assistance of the current year, from a
meeting whose signed protocol decides two cases and the payroll that pays the approved one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from komek.applications.models import Application
from komek.applications.tests.conftest import (  # noqa: F401
    calculated,
    caseworker,
    fresh_engine,
    head,
    household,
    median_income,
    member,
    receive,
    secretary,
)
from komek.benefits.models import Assignment
from komek.commissions.services.signing import protocol_sign
from komek.commissions.services.votes import item_set_amount, vote_cast
from komek.commissions.tests.conftest import meeting, waiting  # noqa: F401
from komek.reports.selectors import annual_report
from komek.reports.tests.conftest import BALKHASH

pytestmark = pytest.mark.django_db


def test_services_commission_and_council_assistance(
    meeting: Any,  # noqa: F811
    waiting: tuple[Any, Any],  # noqa: F811
    secretary: Any,  # noqa: F811
    member: Any,  # noqa: F811
    head: Any,  # noqa: F811
    pay: Callable[..., None],
) -> None:
    """Two cases at one signed meeting: two services rendered at the front office, two cases
    considered and one approved; once its payroll is approved, the approved one is the council's
    assistance paid (150,000 tenge for the fire)."""
    fire, tb = waiting
    items = {i.application_id: i for i in meeting.items.all()}
    item_set_amount(actor=secretary, item_id=items[fire.pk].pk, amount=150_000)
    for actor in (secretary, member):
        vote_cast(actor=actor, item_id=items[fire.pk].pk, choice="for")
        vote_cast(actor=actor, item_id=items[tb.pk].pk, choice="against")
    protocol_sign(actor=secretary, meeting_id=meeting.pk)
    year = meeting.date.year
    report = annual_report(actor=head, year=year, territory=BALKHASH)
    got = {f["code"]: f["value"] for s in report.as_json()["sections"] for f in s["figures"]}
    assert {code: got[code] for code in got if code.startswith(("services.", "commissions."))} == {
        "services.rendered": 2,
        "services.received": 2,
        "services.channel.office": 2,
        "services.channel.akim": 0,
        "services.channel.portal": 0,
        "services.channel.gov4c": 0,
        "services.service.local_social_assistance": 2,
        "commissions.meetings": 1,
        "commissions.cases": 2,
        "commissions.approved": 1,
        "commissions.local_social_assistance.meetings": 1,
        "commissions.local_social_assistance.cases": 2,
        # The other commissions held no meeting: their figures are there, at nought.
        "commissions.kind.social_assistance.meetings": 1,
        "commissions.kind.work_experience.meetings": 0,
        "commissions.kind.work_experience.persons": 0,
        "commissions.kind.work_experience.positive": 0,
        "commissions.kind.semipalatinsk.meetings": 0,
        "commissions.kind.semipalatinsk.persons": 0,
        "commissions.kind.semipalatinsk.positive": 0,
        "commissions.kind.semipalatinsk.certificates": 0,
        "commissions.kind.disability_council.meetings": 0,
        "commissions.kind.disability_council.questions": 0,
        "commissions.kind.tripartite.meetings": 0,
        "commissions.kind.tripartite.questions": 0,
    }
    assert got["council.amount"] == 0  # assigned, not yet paid
    assignment_id = Application.objects.get(pk=fire.pk).assignment_id
    assert assignment_id is not None
    assignment = Assignment.objects.get(pk=assignment_id)
    pay(assignment.period_start.replace(day=1))
    paid = annual_report(actor=head, year=year, territory=BALKHASH).as_json()
    got = {f["code"]: f["value"] for s in paid["sections"] for f in s["figures"]}
    programme = assignment.programme
    assert (got["council.persons"], got["council.amount"]) == (1, 150_000)
    assert (got[f"council.{programme}.persons"], got[f"council.{programme}.amount"]) == (1, 150_000)
