"""The card's panels of assignments and payments: shown to the roles that read them, scoped to the
territory, bounded in queries whatever the number of records, named in the card's one read row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from komek.accounts.choices import Reach, Role
from komek.common.choices import AuditAction
from komek.common.models import AuditLog
from komek.payments.services import payroll_run

pytestmark = pytest.mark.django_db

ALMATY = "751110000"


def head_of(family: Any) -> Any:
    return family.memberships.get(relation="head").person


def test_the_caseworker_sees_the_assignment_and_opens_it(
    make_assignment: Any, caseworker: Any, client_for: Callable[[Any], Client]
) -> None:
    """The person's card lists the assignment in words (programme, amount, period, status) with a link
    to its page, and the family's card too."""
    a = make_assignment()
    client = client_for(caseworker)
    page = client.get(reverse("registry:person_detail", args=[a.recipient_id])).content.decode()
    assert 'id="panel-assignments"' in page
    assert reverse("benefits:assignment_detail", args=[a.pk]) in page
    assert "26,510" in page and "01.01.2020 – 30.06.2020" in page and "Active" in page
    assert ">tsa<" not in page  # the programme in words, not its code
    family_page = client.get(reverse("registry:family_detail", args=[a.family_id])).content.decode()
    assert reverse("benefits:assignment_detail", args=[a.pk]) in family_page


def test_a_role_without_the_capability_sees_no_assignment(
    make_assignment: Any, make_user: Any, client_for: Callable[[Any], Client]
) -> None:
    """A registrar (no assignment capability) opens the card without the assignments or payments."""
    a = make_assignment()
    page = client_for(make_user(Role.REGISTRAR)).get(reverse("registry:person_detail", args=[a.recipient_id]))
    assert page.status_code == 200
    text = page.content.decode()
    assert 'id="panel-assignments"' not in text and 'id="panel-payments"' not in text
    assert reverse("benefits:assignment_detail", args=[a.pk]) not in text


def test_a_foreign_territory_is_refused(
    make_assignment: Any, make_user: Any, client_for: Callable[[Any], Client]
) -> None:
    """A caseworker of Almaty cannot open the Balkhash recipient's card, nor its panels."""
    a = make_assignment()
    almaty = make_user(Role.CASEWORKER, units=(ALMATY,))
    page = client_for(almaty).get(reverse("registry:person_detail", args=[a.recipient_id]))
    assert page.status_code == 404
    assert reverse("benefits:assignment_detail", args=[a.pk]) not in page.content.decode()


def test_the_panels_scope_their_rows_to_the_territory(make_assignment: Any, make_user: Any) -> None:
    """An assignment recorded in another territory (the family moved) is not shown by the panel
    even to a viewer who sees the person."""
    from komek.benefits.card import assignments_panel
    from komek.common.card import Subject

    a = make_assignment()
    here = make_user(Role.CASEWORKER)
    subject = Subject(kind="person", person_ids=(a.recipient_id,), family_ids=(a.family_id,))
    assert [r.pk for r in assignments_panel(actor=here, subject=subject).rows] == [a.pk]
    type(a).objects.filter(pk=a.pk).update(kato_code=ALMATY)
    assert assignments_panel(actor=here, subject=subject).rows == []


def test_the_payments_show_month_amount_and_bank(
    make_assignment: Any, accountant: Any, caseworker: Any, client_for: Callable[[Any], Client]
) -> None:
    """The payment lines of the person's assignments: the month, the amount and the bank's name."""
    a = make_assignment()
    payroll_run(actor=accountant, month=dt.date(2020, 2, 1))
    for user in (caseworker, accountant):
        page = client_for(user).get(reverse("registry:person_detail", args=[a.recipient_id])).content.decode()
        assert 'id="panel-payments"' in page
        panel = page.split('id="panel-payments"')[1].split("</section>")[0]
        assert "26,510" in panel and "02.2020" in panel
        assert a.bank.name in panel


def test_the_card_is_bounded_in_queries_and_read_once(
    make_assignment: Any,
    make_family: Any,
    accountant: Any,
    caseworker: Any,
    client_for: Callable[[Any], Client],
) -> None:
    """Twenty-five assignments with their payments take the queries of one (and a count per full
    panel); the card writes one read row naming every recipient shown."""
    family = make_family()
    make_assignment(family)
    payroll_run(actor=accountant, month=dt.date(2020, 2, 1))
    client = client_for(caseworker)
    url = reverse("registry:person_detail", args=[head_of(family).pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(24):  # one-month assignments of 2018 and 2019
        start = dt.date(2018 + i // 12, i % 12 + 1, 1)
        end = (start + dt.timedelta(days=31)).replace(day=1) - dt.timedelta(days=1)
        make_assignment(family, monthly_amount=1000 + i, period_start=start, period_end=end)
    for year, month in [(2019, m) for m in range(5, 13)] + [(2020, m) for m in (3, 4, 5)]:
        payroll_run(actor=accountant, month=dt.date(year, month, 1))
    before = AuditLog.objects.count()
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    # The same queries, and one count for each of the two panels that have more rows than they show.
    assert len(many) <= len(few) + 2, [q["sql"] for q in many.captured_queries]
    assert "And 15 earlier records." in page and "And 2 earlier records." in page
    reads = AuditLog.objects.filter(pk__gt=0).order_by("-pk")[: AuditLog.objects.count() - before]
    assert [r.action for r in reads] == [AuditAction.READ]
    assert head_of(family).pk in reads[0].changes["persons"]


def test_the_regional_head_sees_the_panels(
    make_assignment: Any, make_user: Any, client_for: Callable[[Any], Client]
) -> None:
    """A department head of the region reads the assignments but gets no link to act beyond its page."""
    a = make_assignment()
    head = make_user(Role.DEPARTMENT_HEAD, reach=Reach.REGION)
    page = client_for(head).get(reverse("registry:person_detail", args=[a.recipient_id])).content.decode()
    assert reverse("benefits:assignment_detail", args=[a.pk]) in page
