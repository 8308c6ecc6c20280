"""The demo's Almaty 2020 gives back every job-creation figure its report prints, from records."""

from __future__ import annotations

import io
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings

from komek.accounts.choices import Role
from komek.accounts.policy import system
from komek.demo.job_creation import demo_job_creation
from komek.employment.creation_report import figures_of
from komek.employment.selectors.creation import creation_figures

pytestmark = pytest.mark.django_db


def test_almaty_2020_as_its_report_prints_it(make_user: Callable[..., Any]) -> None:
    """ "планировалось создание 48 282 новых рабочих мест, в т.ч. 28 тыс. – постоянных ... создано 76 301
    ..., в т.ч. 35 406 постоянных ... 228 инфраструктурных проектов ... 26 тыс. новых рабочих мест, где
    50% найма ... через Центр занятости ... Выделено 104 млрд. тенге ... создано 21 818 ... (84% от
    плана), через Центр занятости населения трудоустроено 10 958 чел. (84,3% от плана). Средний размер
    заработной платы ... 92 тыс. тенге. Доля трудоустроенной молодежи составила 37%" ... "3 631 чел., из
    которых трудоустроено 17" ... "3 ярмарки вакансий ... 96 работодателей, ... 630 вакансий. Обратилось
    635 чел., выдано направлений на работу – 45 чел."."""
    out = io.StringIO()
    with override_settings(DEMO=True):
        call_command("demo_job_creation", stdout=out)  # `komek demo-job-creation`
    assert "228 road map projects" in out.getvalue()
    assert demo_job_creation(system("tests")) == 0  # idempotent
    almaty = make_user(Role.EMPLOYMENT_COUNSELLOR, units=("750000000",), username="almaty")
    f = {x.code: x for x in figures_of(creation_figures(actor=almaty, year=2020, prefix="75"))}
    assert (f["job_creation.jobs"].value, f["job_creation.jobs"].plan) == (76_301, 48_282)
    assert (f["job_creation.permanent"].value, f["job_creation.permanent"].plan) == (35_406, 28_000)
    by_source = {
        "business": 30_032, "enbek": 18_648, "regions": 824, "dkb2020": 3_540, "dkz": 21_863,
        "nurly_zher": 455, "education": 70, "gpiir": 869,
    }  # fmt: skip
    for source, n in by_source.items():
        assert f[f"job_creation.source.{source}"].value == n, source
    assert f["job_creation.roadmap_projects"].value == 228
    assert f["job_creation.roadmap_allocated"].value == 104_000_000_000
    assert (f["job_creation.roadmap_jobs"].value, f["job_creation.roadmap_jobs"].plan) == (21_818, 26_000)
    assert round(Decimal(f["job_creation.roadmap_jobs_percent"].value or 0)) == 84
    assert (f["job_creation.roadmap_hired"].value, f["job_creation.roadmap_hired"].plan) == (10_958, 13_000)
    assert f["job_creation.roadmap_hired_percent"].value == Decimal("84.3")
    assert f["job_creation.roadmap_wage"].value == 92_000
    assert round(Decimal(f["job_creation.roadmap_youth_percent"].value or 0)) == 37
    assert f["job_creation.agencies"].value == 2
    assert (f["job_creation.agency_applied"].value, f["job_creation.agency_employed"].value) == (3_631, 17)
    fairs = [f[f"job_creation.{c}"].value for c in ("fairs", "fair_employers", "fair_vacancies")]
    assert fairs == [3, 96, 630]
    assert (f["job_creation.fair_visitors"].value, f["job_creation.fair_referrals"].value) == (635, 45)
    # A user of another territory sees none of it; the year after has none of its jobs.
    balkhash = make_user(Role.EMPLOYMENT_COUNSELLOR, username="balkhash")
    other = {x.code: x.value for x in figures_of(creation_figures(actor=balkhash, year=2020, prefix=""))}
    assert other["job_creation.jobs"] == 0 and other["job_creation.roadmap_projects"] == 0
    after = {x.code: x.value for x in figures_of(creation_figures(actor=almaty, year=2021, prefix="75"))}
    assert after["job_creation.jobs"] == 0 and after["job_creation.roadmap_projects"] == 228
