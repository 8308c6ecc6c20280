"""Fixtures of the employment centre's tests: a counsellor of Balkhash, employers, vacancies."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from typing import Any

import pytest

from komek.accounts.choices import Role

BALKHASH = "351600000"
BALKHASH_TOWN = "351610000"
GULSHAT = "351633100"
_serial = itertools.count(100)


@pytest.fixture
def occupations(db: Any) -> None:
    from komek.employment.services.occupations import occupations_load

    occupations_load()


@pytest.fixture
def counsellor(make_user: Callable[..., Any], occupations: None) -> Any:
    return make_user(Role.EMPLOYMENT_COUNSELLOR, username="counsellor")


def new_bin() -> str:
    from komek.employment.bin import make_bin

    while True:
        code = make_bin(18, 5, next(_serial))
        if code is not None:
            return code


@pytest.fixture
def make_employer(counsellor: Any) -> Callable[..., Any]:
    from komek.employment.services.employers import employer_create

    def make(
        name: str = "ТОО «Балқаш Жібек жолы»", staff: int = 40, size: str = "small", **extra: Any
    ) -> Any:
        return employer_create(
            actor=counsellor, bin=new_bin(), name=name, kato=BALKHASH_TOWN, size=size, staff=staff, **extra
        )

    return make


@pytest.fixture
def make_vacancy(counsellor: Any, make_employer: Callable[..., Any]) -> Callable[..., Any]:
    from komek.employment.services.vacancies import vacancy_create

    employer = make_employer()

    def make(occupation: str = "7212", wage: int = 180_000, kato: str = BALKHASH_TOWN, **extra: Any) -> Any:
        params: dict[str, Any] = {
            "title": "",
            "schedule": "full_time",
            "opened_on": dt.date(2025, 3, 3),
        } | extra
        return vacancy_create(
            actor=counsellor,
            employer=params.pop("employer", employer),
            occupation=occupation,
            wage=wage,
            kato=kato,
            **params,
        )

    return make


DOCS = ["application", "identity", "education", "employment_record"]


@pytest.fixture
def make_jobseeker(counsellor: Any, make_person: Callable[..., Any]) -> Callable[..., Any]:
    from komek.employment.services.jobseekers import jobseeker_register

    def make(
        professions: tuple[str, ...] = ("7212",),
        on: dt.date = dt.date(2025, 3, 3),
        person: Any = None,
        **extra: Any,
    ) -> Any:
        params: dict[str, Any] = {"education": 2, "experience_years": 3, "desired_wage": 150_000} | extra
        return jobseeker_register(
            actor=counsellor,
            person=person or make_person(),
            on=on,
            documents=DOCS,
            professions=list(professions),
            **params,
        )

    return make


def approve(course: Any, year: int, *, kato: str = BALKHASH, cost: int = 150_000, number: str = "") -> Any:
    """The regional commission's decision of ``year`` for ``kato`` approving the course's centre and
    profession (at ``cost`` a person), so that a person may be sent to it (ADR 0062)."""
    from komek.employment.models import ListedCentre, ListedProfession, TrainingList

    decision = TrainingList.objects.create(
        kato_id=kato, year=year, number=number or f"{year}-{next(_serial)}", decided_on=dt.date(year, 1, 10)
    )
    ListedCentre.objects.create(decision=decision, provider=course.provider)
    ListedProfession.objects.create(decision=decision, occupation=course.occupation, cost=cost)
    return decision
