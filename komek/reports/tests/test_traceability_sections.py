"""Every figure traceable, on the scenarios of the other sections: the state services and the
commission (a signed meeting), the payments to categories (an approved Victory Day list) and
rehabilitation (a wheelchair issued, another person waiting): each list is its figure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from komek.accounts.choices import Reach, Role
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
from komek.category_payments.models import PaymentListRow
from komek.category_payments.services import payment_list_approve, payment_list_row_exclude
from komek.category_payments.tests.conftest import (  # noqa: F401
    ALMALY,
    PROGRAMME,
    VICTORY_DAY,
    Registry,
    almaty_staff,
    veterans,
)
from komek.category_payments.tests.test_approval import _ready
from komek.commissions.services.signing import protocol_sign
from komek.commissions.services.votes import item_set_amount, vote_cast
from komek.commissions.tests.conftest import meeting, waiting  # noqa: F401
from komek.rehabilitation.services.supply import issue_record
from komek.rehabilitation.tests.conftest import YEAR as REHAB_YEAR
from komek.rehabilitation.tests.conftest import contract, make_disabled, make_ipr, specialist  # noqa: F401
from komek.reports.selectors import figure_records
from komek.reports.tests.conftest import BALKHASH
from komek.reports.tests.tracing import traced_figures

pytestmark = pytest.mark.django_db


def test_services_and_commission(
    meeting: Any,  # noqa: F811
    waiting: tuple[Any, Any],  # noqa: F811
    secretary: Any,  # noqa: F811
    member: Any,  # noqa: F811
    head: Any,  # noqa: F811
) -> None:
    """Two cases decided at one signed meeting: the applications rendered, the meeting, its two
    cases and the approved one are the records of their figures."""
    fire, tb = waiting
    items = {i.application_id: i for i in meeting.items.all()}
    item_set_amount(actor=secretary, item_id=items[fire.pk].pk, amount=150_000)
    for actor in (secretary, member):
        vote_cast(actor=actor, item_id=items[fire.pk].pk, choice="for")
        vote_cast(actor=actor, item_id=items[tb.pk].pk, choice="against")
    protocol_sign(actor=secretary, meeting_id=meeting.pk)
    found = traced_figures(head, meeting.date.year, BALKHASH)
    assert {code: found[code][0] for code in found if code.startswith(("services.", "commissions."))} == {
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
    approved = figure_records(
        actor=head, year=meeting.date.year, territory=BALKHASH, code="commissions.approved"
    )
    assert [r.cells[2] for r in approved.rows] == [fire.number]
    assert approved.rows[0].persons == (fire.applicant_id,)


def test_payments_to_categories(almaty_staff: dict[str, Any], veterans: Registry) -> None:  # noqa: F811
    """An approved list with one person excluded: its three approved rows are both figures' records."""
    payment_list = _ready(almaty_staff)
    chief = almaty_staff["head"]
    excluded = PaymentListRow.objects.get(payment_list=payment_list, person=veterans.persons["home_front"])
    payment_list_row_exclude(actor=chief, list_id=payment_list.pk, row_id=excluded.pk, reason="Moved away")
    payment_list_approve(actor=almaty_staff["head2"], list_id=payment_list.pk)
    found = traced_figures(chief, VICTORY_DAY.year, ALMALY)
    assert {code: found[code] for code in found if code.startswith("categories.")} == {
        "categories.persons": (3, 3, 3),
        "categories.amount": (2_100_000, 3, 3),
        f"categories.{PROGRAMME}.persons": (3, 3, 3),
        f"categories.{PROGRAMME}.amount": (2_100_000, 3, 3),
    }
    listed = figure_records(actor=chief, year=VICTORY_DAY.year, territory=ALMALY, code="categories.persons")
    assert veterans.persons["home_front"].pk not in {pid for r in listed.rows for pid in r.persons}


def test_rehabilitation_provided_and_waiting(
    make_disabled: Callable[..., Any],  # noqa: F811
    make_ipr: Callable[..., Any],  # noqa: F811
    contract: Any,  # noqa: F811
    specialist: Any,  # noqa: F811
    make_user: Callable[..., Any],
) -> None:
    """One wheelchair issued in the year, another person still waiting at its end."""
    provided, waiting_person = make_disabled(), make_disabled()
    make_ipr(provided, kinds=("wheelchair",), number="IPR-1")
    make_ipr(waiting_person, kinds=("wheelchair",), number="IPR-2")
    issue_record(
        actor=specialist, person=provided, line=contract.lines.get(kind="wheelchair"),
        issued_on=dt.date(REHAB_YEAR - 1, 4, 10), quantity=1, receipt_signed=True,
    )  # fmt: skip
    analyst = make_user(Role.ANALYST, reach=Reach.UNITS, username="rehab_analyst")
    found = traced_figures(analyst, REHAB_YEAR - 1, BALKHASH)
    assert (found["rehab.wheelchair.provided"], found["rehab.wheelchair.queue"]) == ((1, 1, 1), (1, 1, 1))
    listed = figure_records(
        actor=analyst, year=REHAB_YEAR - 1, territory=BALKHASH, code="rehab.wheelchair.queue"
    )
    assert listed.rows[0].persons == (waiting_person.pk,)
