"""The plan of the 2018 register and home schooling, as data (no database): the services the cases
and the register render add up to the report's 7,327, 1,190 of them through the Government for
Citizens, each jobseeker registered once; home schooling's quarters make the report's 935.0
thousand tenge from the legislation's amount a quarter."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

import numpy as np

from komek.common.workdays import is_working_day
from komek.demo.year import register, scenario
from komek.demo.year.home_schooling import plan_home_schooling
from komek.demo.year.scenario import Application, Household, Plan


def _plan(spec: dict, homes: list[Household]) -> Plan:
    return Plan(
        year=2018, territory="351600000", address="351610000", registered=dt.date(2017, 9, 1),
        households=homes, persons=None, meetings=[], applied=dt.date(2018, 1, 9),  # type: ignore[arg-type]
    )  # fmt: skip


def test_the_register_and_the_cases_make_the_report_s_services() -> None:
    spec = scenario.load(2018)
    services = spec["services"]
    cases = [
        Household(ref=f"tsa{i}", group="tsa", size=3, applications=[Application(day=dt.date(2018, 3, 1))] * 2)
        for i in range(32)
    ]
    rehab = [Household(ref=f"rehab{i}", group="rehab", size=1, aid="hygiene") for i in range(235)]
    clients = [Household(ref=f"client{i}", group="client", size=1) for i in range(services["clients"])]
    plan = _plan(spec, cases + rehab + clients)
    rows = register.plan_register(services, plan, np.random.default_rng(2018))
    assert register.cases(plan) + len(rows) == 7327
    assert Counter(r.channel for r in rows)["gov4c"] == 1190
    jobseekers = [r.home.ref for r in rows if r.service == "jobseeker_registration"]
    assert len(jobseekers) == len(set(jobseekers)) == 2486
    assert all(r.day.year == 2018 and is_working_day(r.day) for r in rows)  # Saturdays swapped too
    assert len({r.service for r in rows}) == 7  # hygiene and the scenario's six (the last takes the rest)


def test_home_schooling_s_quarters_make_the_report_s_sum() -> None:
    spec = scenario.load(2018)["home_schooling"]
    homes = plan_home_schooling(spec, 2018, lambda _name, _day: Decimal(7083))
    assert len(homes) == 33
    total = sum(app.amount for home in homes for app in home.applications)
    assert (total, round(total / 1000, 1)) == (934_956, 935.0)
    assert {app.day.month for home in homes for app in home.applications} == {1, 4, 7, 10}
    assert all(app.day.weekday() < 5 for home in homes for app in home.applications)
