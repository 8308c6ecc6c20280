"""Every figure traceable (issue 13): from a figure of the annual report to the records behind it —
the families, the persons, the payment lines, the participations — whose count (or sum, for money)
is the figure; scoped like the report, audited as a read naming the persons shown."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from komek.accounts.choices import Role
from komek.common.annual import masked_iin
from komek.common.errors import NotFound, PermissionDenied
from komek.common.models import AuditLog
from komek.reports import selectors
from komek.reports.selectors import annual_report, figure_records
from komek.reports.tests.conftest import ALMALY, BALKHASH, YEAR, Year
from komek.reports.tests.tracing import traced_figures

pytestmark = pytest.mark.django_db

#: The figures of the year's fixture that have records: each with its value.
EXPECTED = {
    "tsa.families": 1, "tsa.recipients": 3, "tsa.amount": 60_000,
    "tsa.unconditional.families": 1, "tsa.unconditional.recipients": 3, "tsa.unconditional.amount": 60_000,
    "tsa.conditional.families": 0, "tsa.conditional.recipients": 0, "tsa.conditional.amount": 0,
    "housing.families": 1, "housing.persons": 1, "housing.amount": 15_000,
    "council.persons": 1, "council.amount": 24_050,
    "council.balkhash.hiv.persons": 1, "council.balkhash.hiv.amount": 24_050,
    "employment.captured": 1, "employment.applied": 1, "employment.employed": 0,
    "employment.social_job": 1, "employment.public_works": 0,
    "services.rendered": 0, "services.received": 0, "services.channel.portal": 0,
    "categories.persons": 0, "categories.amount": 0,
    "commissions.meetings": 0, "commissions.cases": 0, "commissions.approved": 0,
    "rehab.wheelchair.provided": 0, "rehab.wheelchair.queue": 0,
}  # fmt: skip


def test_every_traced_figure_is_its_records(year: Year, analyst: Any) -> None:
    """Each figure with a list equals the list's count (or its sum of money), and every figure of
    the services, TSA, housing, council, categories, commissions, employment and rehabilitation
    sections that is counted from records has one."""
    found = traced_figures(analyst, YEAR, BALKHASH)
    assert {code: found[code][0] for code in EXPECTED} == EXPECTED
    # A list of money has one line per payment: TSA's quarter is three lines for one family.
    assert found["tsa.amount"][1:] == (3, 3)
    assert found["tsa.recipients"][1:] == (3, 3)
    # Shares, averages and the budget are not lists of records.
    assert "tsa.average" not in found
    assert not any(code.endswith(".security") for code in found)
    assert not any(code.startswith("budget.") for code in found)
    for group in ("youth", "women", "disability", "large_family"):
        assert f"employment.captured.{group}" in found


def test_the_records_name_the_persons_masked_and_the_read_is_audited(year: Year, analyst: Any) -> None:
    """The TSA family's members are listed by name with their IIN masked; the read names them."""
    listed = figure_records(actor=analyst, year=YEAR, territory=BALKHASH, code="tsa.recipients")
    members = {m.person for m in year.tsa_family.memberships.all()}
    assert {row.cells[0] for row in listed.rows} == {p.full_name for p in members}
    assert {row.cells[1] for row in listed.rows} == {masked_iin(p.iin) for p in members}
    assert not {p.iin for p in members} & {str(cell) for row in listed.rows for cell in row.cells}
    read = AuditLog.objects.filter(action="read", object_type="reports.figure").latest("id")
    assert read.object_id == f"{YEAR}:{BALKHASH}:tsa.recipients"
    assert read.changes["persons"] == sorted(p.pk for p in members)
    assert read.actor_username == analyst.username


def test_families_and_lines_are_the_ones_paid(year: Year, analyst: Any) -> None:
    """``tsa.families`` lists the family paid with its head; ``tsa.amount`` its three lines."""
    families = figure_records(actor=analyst, year=YEAR, territory=BALKHASH, code="tsa.families")
    head = year.tsa_family.memberships.get(relation="head").person
    assert [(r.cells[1], r.persons) for r in families.rows] == [(head.full_name, (head.pk,))]
    lines = figure_records(actor=analyst, year=YEAR, territory=BALKHASH, code="tsa.amount")
    assert [r.cells[-1] for r in lines.rows] == [20_000, 20_000, 20_000]
    assert lines.total == 60_000 and lines.records.amount == "amount"


def test_the_list_is_paginated(year: Year, analyst: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two records a page: the three members on two pages, the figure still three."""
    monkeypatch.setattr(selectors, "PAGE_SIZE", 2)
    first = figure_records(actor=analyst, year=YEAR, territory=BALKHASH, code="tsa.recipients")
    second = figure_records(actor=analyst, year=YEAR, territory=BALKHASH, code="tsa.recipients", page=2)
    assert (len(first.rows), len(second.rows), first.total, second.total) == (2, 1, 3, 3)
    assert not {r.persons for r in first.rows} & {r.persons for r in second.rows}


def test_outside_the_territory_is_refused_and_audited(year: Year, analyst: Any) -> None:
    """A Balkhash analyst asking for Almaly's records is refused before any is read; audited."""
    with pytest.raises(PermissionDenied):
        figure_records(actor=analyst, year=YEAR, territory=ALMALY, code="tsa.families")
    refused = AuditLog.objects.filter(action="refuse", object_type="reports.annual").latest("id")
    assert refused.object_id == f"{YEAR}:{ALMALY}"
    assert not AuditLog.objects.filter(object_type="reports.figure").exists()


def test_a_role_without_the_report_may_not_trace(year: Year, make_user: Callable[..., Any]) -> None:
    registrar = make_user(Role.REGISTRAR, username="a_registrar")
    with pytest.raises(PermissionDenied):
        figure_records(actor=registrar, year=YEAR, territory=BALKHASH, code="tsa.families")


def test_a_figure_without_records_is_not_found(year: Year, analyst: Any) -> None:
    for code in ("tsa.average", "rehab.wheelchair.security", "tsa.nothing", "council.unknown.amount"):
        with pytest.raises(NotFound):
            figure_records(actor=analyst, year=YEAR, territory=BALKHASH, code=code)


def test_the_report_page_links_each_traced_figure(year: Year, analyst: Any, client: Client) -> None:
    """The report links the figures with records to their lists; the list page shows them."""
    client.force_login(analyst)
    page = client.get(reverse("annual_report"), {"year": str(YEAR), "territory": BALKHASH})
    assert page.status_code == 200
    html = page.content.decode()
    url = reverse("annual_figure", args=[YEAR, "tsa.families"])
    assert f'href="{url}?territory={BALKHASH}"' in html
    assert reverse("annual_figure", args=[YEAR, "tsa.average"]) not in html
    linked = set(re.findall(rf"/reports/annual/{YEAR}/([^/]+)/\?territory", html))
    report = annual_report(actor=analyst, year=YEAR, territory=BALKHASH)
    traced = {line.figure.code for s in report.sections for line in s.lines if line.traced}
    assert linked == traced and "tsa.amount" in linked
    listed = client.get(url, {"territory": BALKHASH})
    assert listed.status_code == 200
    head = year.tsa_family.memberships.get(relation="head").person
    assert head.full_name in listed.content.decode() and head.iin not in listed.content.decode()
    assert client.get(url, {"territory": ALMALY}).status_code == 403
    missing = reverse("annual_figure", args=[YEAR, "tsa.average"])
    assert client.get(missing, {"territory": BALKHASH}).status_code == 404
    assert client.get(reverse("annual_figure", args=[1900, "tsa.families"])).status_code == 400
