"""The annual report from the records: figures equal a hand count, one more decision changes only
its figures, scoping to the reader's territory, refusals audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from komek.accounts.choices import Reach, Role
from komek.common import annual
from komek.common.errors import DomainError, PermissionDenied
from komek.common.models import AuditLog
from komek.reports.selectors import annual_report
from komek.reports.tests.conftest import ALMALY, BALKHASH, YEAR, Year

pytestmark = pytest.mark.django_db


def values(report: Any) -> dict[str, Any]:
    """``{figure code: value}`` of every section of the report's JSON."""
    return {f["code"]: f["value"] for s in report.as_json()["sections"] for f in s["figures"]}


def test_every_context_registers_its_section() -> None:
    """The contexts' sections are registered when Django starts, in the report's order."""
    codes = [s.code for s in annual.sections()]
    assert codes == [
        "services",
        "employment",
        "programme_people",
        "job_creation",
        "tsa",
        "housing",
        "council",
        "home_schooling",
        "categories",
        "veterans",
        "rehabilitation",
        "special",
        "barrier_free",
        "veterans_work",
        "proactive",
        "awards",
        "centres",
        "charity",
        "commissions",
        "labour_market",
        "labour_relations",
        "migration",
        "budget",
        "plan",
    ]


def test_figures_equal_a_hand_count(year: Year, analyst: Any) -> None:
    """TSA, housing, the council's assistance and the measure are what was paid and enrolled."""
    report = annual_report(actor=analyst, year=YEAR, territory=BALKHASH)
    got = values(report)
    expected = {
        "tsa.families": 1, "tsa.recipients": 3, "tsa.amount": 60_000,
        "tsa.average": 1_667,  # 60,000 tenge ÷ 3 recipients ÷ 12 months
        "tsa.unconditional.families": 1, "tsa.unconditional.recipients": 3,
        "tsa.unconditional.amount": 60_000,
        "tsa.conditional.families": 0, "tsa.conditional.recipients": 0, "tsa.conditional.amount": 0,
        "housing.families": 1, "housing.persons": 1, "housing.amount": 15_000,
        "council.persons": 1, "council.amount": 24_050,
        "council.balkhash.hiv.persons": 1, "council.balkhash.hiv.amount": 24_050,
        "employment.social_job": 1, "employment.applied": 1, "employment.captured": 1,
        "categories.persons": 0, "commissions.meetings": 0, "services.rendered": 0,
    }  # fmt: skip
    assert {code: got[code] for code in expected} == expected
    social_job = next(
        f for s in report.as_json()["sections"] for f in s["figures"] if f["code"] == "employment.social_job"
    )
    assert (social_job["plan"], social_job["previous"], social_job["unit"]) == (2, 0, "persons")
    assert report.territory == BALKHASH and report.year == YEAR


def test_the_year_before_is_counted_by_the_same_query(year: Year, analyst: Any) -> None:
    """The report of the next year shows this year's figures as its "previous" values."""
    this = values(annual_report(actor=analyst, year=YEAR, territory=BALKHASH))
    following = annual_report(actor=analyst, year=YEAR + 1, territory=BALKHASH).as_json()
    previous = {f["code"]: f["previous"] for s in following["sections"] for f in s["figures"]}
    assert {c: previous[c] for c in this} == this


def test_one_more_decision_changes_exactly_its_figures(
    year: Year,
    analyst: Any,
    household: Callable[..., Any],
    assign: Callable[..., Any],
    pay: Callable[..., Any],
) -> None:
    """A conditional TSA decision for a family of two, paid in April, changes the TSA totals and the
    conditional figures, and nothing else."""
    before = values(annual_report(actor=analyst, year=YEAR, territory=BALKHASH))
    assign(
        "tsa", family=household(2), kind="tsa_conditional", monthly_amount=12_000,
        social_contract_ref="SK-3516-9",
        period_start=dt.date(YEAR, 4, 1), period_end=dt.date(YEAR, 6, 30),
    )  # fmt: skip
    pay(dt.date(YEAR, 4, 1))
    after = values(annual_report(actor=analyst, year=YEAR, territory=BALKHASH))
    changed = {code: (before.get(code), after[code]) for code in after if before.get(code) != after[code]}
    assert changed == {
        "tsa.families": (1, 2),
        "tsa.recipients": (3, 5),
        "tsa.amount": (60_000, 72_000),
        "tsa.average": (1_667, 1_200),  # 72,000 ÷ 5 ÷ 12
        "tsa.conditional.families": (0, 1),
        "tsa.conditional.recipients": (0, 2),
        "tsa.conditional.amount": (0, 12_000),
        # The same 12,000 is budget money spent: Balkhash's TSA is 12.52 % republican (1,502), the
        # rest local (10,498); the other spending of the year (housing, council, the measure) stays.
        "budget.spent": (99_050, 111_050),
        "budget.republican.spent": (7_512, 9_014),
        "budget.local.spent": (91_538, 102_036),
    }


def test_another_district_sees_nothing_of_this_one(year: Year, make_user: Callable[..., Any]) -> None:
    """An analyst of Almaty is refused Balkhash's report (audited) and Almaty's holds none of its figures."""
    almaty = make_user(Role.ANALYST, units=(ALMALY,), username="analyst_almaty")
    with pytest.raises(PermissionDenied) as exc:
        annual_report(actor=almaty, year=YEAR, territory=BALKHASH)
    assert exc.value.field == "territory"
    refusal = AuditLog.objects.get(action="refuse", object_type="reports.annual")
    assert refusal.actor_id == almaty.pk and refusal.object_id == f"{YEAR}:{BALKHASH}"
    own = values(annual_report(actor=almaty, year=YEAR, territory=ALMALY))
    assert own["tsa.families"] == own["housing.families"] == own["council.persons"] == 0
    assert own["tsa.amount"] == own["employment.social_job"] == 0


def test_a_role_without_the_report_and_a_bad_year_are_refused(make_user: Callable[..., Any]) -> None:
    """A caseworker may not read the report; a year in the future, an unknown territory and any text
    typed name their field; every refusal is audited."""
    caseworker = make_user(Role.CASEWORKER, username="cw")
    with pytest.raises(PermissionDenied):
        annual_report(actor=caseworker, year=YEAR, territory=BALKHASH)
    head = make_user(Role.DEPARTMENT_HEAD, username="dh", reach=Reach.REGION)
    with pytest.raises(DomainError) as exc:
        annual_report(actor=head, year=3000, territory=BALKHASH)
    assert exc.value.field == "year" and "3000" not in str(exc.value)
    with pytest.raises(DomainError) as unknown:
        annual_report(actor=head, year=YEAR, territory="999999999")
    assert unknown.value.field == "territory"
    with pytest.raises(DomainError) as long:
        annual_report(actor=head, year="2020" * 20, territory="9" * 40)
    assert long.value.field == "year"
    assert AuditLog.objects.filter(action="refuse", object_type="reports.annual").count() == 4


def test_reading_the_report_is_audited(analyst: Any) -> None:
    """Each read leaves one audit row naming the year, the territory and the form read."""
    annual_report(actor=analyst, year=YEAR, territory=BALKHASH, export="pdf")
    row = AuditLog.objects.get(object_type="reports.annual")
    assert (row.action, row.object_id, row.territory) == ("export", f"{YEAR}:{BALKHASH}", BALKHASH)
    assert row.changes["format"] == [None, "pdf"]


def test_the_queries_do_not_grow_with_the_records(
    year: Year,
    analyst: Any,
    household: Callable[..., Any],
    assign: Callable[..., Any],
    pay: Callable[..., Any],
) -> None:
    """Set-based: three more families paid leave the number of queries of the report unchanged."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    annual_report(actor=analyst, year=YEAR, territory=BALKHASH)  # the engine and the units cached
    with CaptureQueriesContext(connection) as before:
        annual_report(actor=analyst, year=YEAR, territory=BALKHASH)
    for _ in range(3):
        assign(
            "housing", family=household(2), kind="regular", monthly_amount=4_000,
            period_start=dt.date(YEAR, 5, 1), period_end=dt.date(YEAR, 5, 31),
        )  # fmt: skip
    pay(dt.date(YEAR, 5, 1))
    with CaptureQueriesContext(connection) as after:
        report = annual_report(actor=analyst, year=YEAR, territory=BALKHASH)
    assert values(report)["housing.families"] == 4
    # At most ten queries a section (its figures for the year, the year before and the plan),
    # whatever the records: the count stays put as families are added, and stays within a bound
    # per section.
    sections = len(report.as_json()["sections"])
    assert len(after.captured_queries) == len(before.captured_queries) <= 10 * sections, (
        len(before.captured_queries),
        sections,
    )


def test_each_section_takes_at_most_ten_queries_a_year(year: Year, analyst: Any) -> None:
    """Set-based, section by section: the figures of a year in at most ten queries (a section asking
    its tables one by one, as the special services once took eleven, would pass the bound)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from komek.common.models import KatoUnit

    prefix = KatoUnit.objects.get(code=BALKHASH).prefix
    annual_report(actor=analyst, year=YEAR, territory=BALKHASH)  # the engine and the units cached
    counts = {}
    for section in annual.sections():
        with CaptureQueriesContext(connection) as queries:
            section.figures(actor=analyst, year=YEAR, prefix=prefix)
        counts[section.code] = len(queries.captured_queries)
    assert {code: n for code, n in counts.items() if n > 10} == {}, counts
    # The sections this bound brought back within it: each reads its tables in one statement.
    assert counts["programme_people"] == counts["job_creation"] == 1, counts
    assert counts["special"] <= 3, counts
