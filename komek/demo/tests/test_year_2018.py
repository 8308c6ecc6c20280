"""Issue 13's "done when": the demo's 2018, made through the services (``komek demo-year 2018``),
gives back in ``komek report annual --year 2018 --territory 351600000 --format json`` the figures
the Balkhash report 2018 prints; and one more decision with its payroll changes the figures it
should and no others.

The year is made once for the module (inside a transaction rolled back at its end): it is several
thousand service calls and takes minutes (about four to six on SQLite on a loaded machine), so its
tests are one pytest-xdist group, kept on one worker by ``--dist loadgroup`` (``make test`` runs
with it); under another distribution each worker that gets one of them makes the year once.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import translation

BALKHASH = "351600000"
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("balkhash-2018")]

# The figures of the Balkhash report 2018 ("Report PI 'Department of Employment and Social Programs
# of town Balkhash' for 2018 and about plans for 2019"), as printed. Counts are compared exactly;
# amounts the report prints in thousands of tenge with one decimal are compared at that precision
# (the report's 168.4 thousand for HIV is 7 × 24,050 = 168,350 tenge, rounded by the report).
PRINTED_COUNTS = {
    # "The total number of the rendered public services made 7327, 1190 of them through non-profit
    # joint-stock company 'The Government corporation', 'The Government for Citizens'."
    "services.rendered": 7327,
    "services.channel.gov4c": 1190,
    # "The address social help is rendered to 133 receivers from 32 needy families ... with an
    # average size of 3060 tenges."
    "tsa.families": 32,
    "tsa.recipients": 133,
    "tsa.average": 3060,
    # "Housing assistance was provided to 385 families in the amount of 595 people"
    "housing.families": 385,
    "housing.persons": 595,
    # "The social help at approach of a difficult life situation was received 94 people"
    "council.persons": 94,
    "council.balkhash.fire_damage.persons": 1,  # "owing to the fire ... - 1 people"
    "council.balkhash.tb_outpatient.persons": 18,  # "tuberculosis ... - 18 people."
    "council.balkhash.cancer_postoperative.persons": 68,  # "malignant neoplasms ... - 68 people."
    "council.balkhash.hiv.persons": 7,  # "human immunodeficiency virus ... - 7 people."
    # "15 meetings of the special commission ... 94 citizens were given a positive opinion"
    "commissions.local_social_assistance.meetings": 15,
    "commissions.approved": 94,
    "commissions.kind.social_assistance.meetings": 15,
    # "prosthetic and orthopedic products- 116 people. (security 72,5%); audiotechnical means- 32
    # people. (security 71%); typhlo-technical means - 64 people. (security 44%); ... wheelchair 18
    # people (security 47%)"; "235 persons with disabilities are provided with personal hygiene"
    "rehab.prosthetic.provided": 116,
    "rehab.hearing.provided": 32,
    "rehab.typhlo.provided": 64,
    "rehab.wheelchair.provided": 18,
    "rehab.hygiene.provided": 235,
    # "Compensation of costs of training at home of children of disabled people - 33 applicants"
    "home_schooling.families": 33,
    "home_schooling.children": 33,
    "rehab.sanatorium.provided": 79,  # "79 vouchers for sanatorium treatment were issued (provision of 48%)"
}
# The "security %" as printed: one decimal for the prosthetic products, whole percents else.
PRINTED_SECURITY = {
    "rehab.prosthetic.security": "72.5",
    "rehab.hearing.security": "71",
    "rehab.typhlo.security": "44",
    "rehab.wheelchair.security": "47",
    "rehab.hygiene.security": "100",
    "rehab.sanatorium.security": "48",
}
PRINTED_THOUSANDS = {
    "tsa.amount": "4884.0",  # "on total amount of 4884.0 thousand tenges"
    "housing.amount": "10500.0",  # "for a total amount of 10,500.0 thousand tenge"
    "council.amount": "2344.9",  # "for the total amount of 2344.9 thousand tenges"
    "council.balkhash.fire_damage.amount": "108.2",  # "for the sum of 108.2 thousand tenges"
    "council.balkhash.tb_outpatient.amount": "432.9",  # "in the amount of 432.9 thousand tenge"
    "council.balkhash.cancer_postoperative.amount": "1635.4",  # "in the amount of 1,635.4 thousand tenge"
    "council.balkhash.hiv.amount": "168.4",  # "in the amount of 168.4 thousand tenge"
    "home_schooling.amount": "935.0",  # "for the sum of 935.0 thousand tenges"
}

# Printed but not yet made by the scenario (docs/report-figures.md, "Not reproduced yet"):
# - employment by measure ("captured by measures of employment of 2971 people or 118% (the annual
#   plan 2520 people)"; "2486 people ... 2044 people are employed"; "social jobs for 51 jobless
#   citizens, ... youth practice of 65 graduates ..., public works the 525th persons"; "238 people
#   ... directed to short-term vocational education"): the employment centre's registrations and
#   enrolments are one service call each (some 5,000 for the year), too slow for the demo's year
#   without a bulk path of the employment centre; the year renders the 2,486 registrations and 879
#   referrals as services (the register) but makes no jobseekers or participations yet;
# - special social services ("389 people received social services at home"; "461 people received
#   additional services ... 17.5 million tenge" in 6 projects of the social order): the scenario
#   makes no care enrolments or social-order projects yet;
# - categories ("14 categories of citizens in the amount of 11372 people one-time financial
#   assistance was provided for public holidays and memorable dates for a total amount of 65,225.0
#   thousand tenge"): `categories.persons` counts the approved rows of the lists of categories
#   (the legislation's balkhash.holiday_payment, whose amount is an illustrative average); the
#   scenario does not yet register the 11,372 persons and their lists.


def report_2018() -> dict[str, Any]:
    """``komek report annual --year 2018 --territory 351600000 --format json``, figures by code."""
    out = io.StringIO()
    with translation.override("en"):
        call_command("report_annual", year=2018, territory=BALKHASH, fmt="json", language="en", stdout=out)
    doc = json.loads(out.getvalue())
    return {f["code"]: f["value"] for s in doc["sections"] for f in s["figures"]}


@pytest.fixture(scope="module")
def year_2018(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    """The reference data, then ``komek demo-year 2018`` as a demo installation runs it; rolled back
    when the module's tests are done."""
    from komek.legislation import loader

    with django_db_blocker.unblock(), override_settings(DEMO=True):
        with transaction.atomic():
            loader.invalidate()
            call_command("load_reference", stdout=io.StringIO())
            out = io.StringIO()
            call_command("demo_year", 2018, stdout=out)
            assert "The year 2018:" in out.getvalue()
            yield report_2018()
            transaction.set_rollback(True)
        loader.invalidate()


def thousands(value: int) -> str:
    return str((Decimal(value) / 1000).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def test_the_report_of_2018_gives_back_the_printed_figures(year_2018: dict[str, Any]) -> None:
    counts = {code: year_2018.get(code) for code in PRINTED_COUNTS}
    amounts = {code: thousands(year_2018[code]) if code in year_2018 else None for code in PRINTED_THOUSANDS}
    security = {
        code: str(Decimal(str(year_2018[code])).quantize(Decimal(printed), rounding=ROUND_HALF_UP))
        for code, printed in PRINTED_SECURITY.items()
    }
    assert (counts, amounts, security) == (PRINTED_COUNTS, PRINTED_THOUSANDS, PRINTED_SECURITY)
    # "services were provided to 107 handicapped sign language specialists and individual assistants
    # (100% security)": the report gives the two services together.
    hours = ("rehab.sign_language", "rehab.personal_assistant")
    assert sum(year_2018[f"{aid}.provided"] for aid in hours) == 107
    assert [year_2018[f"{aid}.security"] for aid in hours] == [100, 100]
    # Every TSA family was paid unconditionally (a mother caring for a child under three).
    assert year_2018["tsa.unconditional.families"] == 32
    assert year_2018["tsa.conditional.families"] == 0


def test_the_year_is_made_once(year_2018: dict[str, Any]) -> None:
    out = io.StringIO()
    with override_settings(DEMO=True):
        call_command("demo_year", 2018, stdout=out)
    assert out.getvalue().strip() == "The year 2018 is there already."
    assert report_2018() == year_2018


def test_one_more_decision_and_its_payroll_change_what_they_should_and_nothing_else(
    year_2018: dict[str, Any],
) -> None:
    """A family whose dwelling burnt applies on 3 December 2018; the commission meets on the 12th
    and gives the one-time assistance of 45 MCI (108,225 tenge); December's payroll of that
    programme (the year had its only fire in January) is prepared and approved. The report moves by
    that case, that meeting and that payment only.

    The money of an approved payroll's month is not paid again: a decision for a month whose payroll
    of the programme is approved is not paid by a later run (the payroll's arrears are those of
    recalculated amounts), hence a programme with no payroll in December."""
    import numpy as np

    from komek.accounts.models import User
    from komek.demo.year.clock import YearClock, living_in
    from komek.demo.year.scenario import Application, Household, Plan, persons_frame
    from komek.demo.year.walk import Staff, YearWalk

    users = {u.username: u for u in User.objects.filter(username__startswith="demo_")}
    staff = Staff(
        registrar=users["demo_registrar"], caseworker=users["demo_caseworker"],
        secretary=users["demo_commission_member"], head=users["demo_department_head"],
        accountant=users["demo_accountant"], administrator=users["demo_administrator"],
        rehabilitation=users["demo_rehabilitation_specialist"],
    )  # fmt: skip
    app = Application(
        day=dt.date(2018, 12, 3), programme="balkhash.fire_damage", circumstances=("fire_damage",)
    )
    home = Household(ref="extra0", group="council", size=2, applications=[app])
    registered = dt.date(2018, 11, 1)
    plan = Plan(
        year=2018, territory=BALKHASH, address="351610000", registered=registered, households=[home],
        persons=persons_frame([home], address="351610000", born_by=registered, rng=np.random.default_rng(7)),
        meetings=[dt.date(2018, 12, 12)],
    )  # fmt: skip
    clock = YearClock(registered)
    with living_in(clock):
        walk = YearWalk(plan, staff, clock, say=lambda _: None)
        walk.register()
        case = walk.receive(home, app, "local_social_assistance")
        assert case.calculated_amount == 108_225
        from komek.applications.services.cases import application_to_commission

        application_to_commission(actor=staff.caseworker, application_id=case.pk, version=None)
        assert walk.meeting(dt.date(2018, 12, 12)) == 1
        walk.payrolls(dt.date(2018, 12, 1))
    after = report_2018()
    changed = {
        code: (year_2018.get(code), value) for code, value in after.items() if year_2018.get(code) != value
    }
    one = {
        "services.rendered", "services.received", "services.channel.office",
        "services.service.local_social_assistance",
        "council.persons", "council.amount", "council.balkhash.fire_damage.persons",
        "council.balkhash.fire_damage.amount",
        "commissions.meetings", "commissions.cases", "commissions.approved",
        "commissions.local_social_assistance.meetings", "commissions.local_social_assistance.cases",
        "commissions.kind.social_assistance.meetings",  # the special commission's among the kinds
    }  # fmt: skip
    budget = {code for code in changed if code.startswith("budget.")}
    assert set(changed) == one | budget
    money = {"council.amount", "council.balkhash.fire_damage.amount", "budget.spent"}
    assert {code: new - old for code, (old, new) in changed.items()} == {
        **{code: 1 for code in one - money},
        **{code: 108_225 for code in money},
        **{
            code: new - old
            for code, (old, new) in changed.items()
            if code.startswith("budget.") and code != "budget.spent"
        },
    }
    assert "budget.spent" in budget
