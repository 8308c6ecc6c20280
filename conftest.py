"""Fixtures shared by the whole suite: reference data, one user per role, and factories."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from komek.accounts.choices import Reach, Role
from komek.accounts.policy import system

# A browser assertion waits as long as the pages' own waits (set_default_timeout): only a failing
# one reaches it, so a busy machine slows the suite down but never fails it.
expect.set_options(timeout=120_000)

BALKHASH = "351600000"
BALKHASH_TOWN = "351610000"
GULSHAT = "351633100"
ALMATY_ALMALY = "751110000"
PASSWORD = "correct-horse-battery-9"


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Under ``--dist loadgroup`` (``make test``) the tests of one ``xdist_group`` share a worker:
    the demo year of 2018 is made once, the worker-kill and migration tests keep their database to
    themselves. pytest-xdist marks a grouped test by its node id; pytest 9.2 drops that mark, and
    the groups were silently spread over the workers (the year was made twice, a quarter hour each).
    A grouped test that lost its group now fails before its fixtures are made (ADR 0065)."""
    grouped = getattr(item.config.option, "loadgroup", False) and item.get_closest_marker("xdist_group")
    if grouped and "@" not in item.nodeid:
        pytest.fail(
            "--dist loadgroup did not keep this test in its xdist_group: this pytest and "
            "pytest-xdist do not work together (ADR 0065).",
            pytrace=False,
        )


@pytest.fixture
def schema_restored(transactional_db: None) -> Iterator[None]:
    """For the migration tests: whatever happens in the test, the schema is the current one after."""
    from komek.common.tests import schema

    yield
    schema.migrate_to_latest()


@pytest.fixture
def kato(db: Any) -> None:
    from komek.common.kato import kato_load

    kato_load()


@pytest.fixture
def make_user(kato: None) -> Callable[..., Any]:
    from komek.accounts.services import user_create

    counter = itertools.count()

    def make(
        role: str = Role.REGISTRAR,
        units: tuple[str, ...] = (BALKHASH,),
        reach: str = Reach.UNITS,
        username: str | None = None,
    ) -> Any:
        return user_create(
            actor=system("tests"),
            username=username or f"{role}_{next(counter)}",
            password=PASSWORD,
            role=role,
            units=units,
            reach=reach,
        )

    return make


@pytest.fixture
def registrar(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.REGISTRAR, username="registrar")


@pytest.fixture
def auditor(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.AUDITOR, reach=Reach.REGION, username="auditor")


_serials = itertools.count(1000)


def new_iin(birth_date: dt.date, sex: str) -> str:
    """A valid IIN, different on every call."""
    from komek.registry.iin import make_iin

    while True:
        iin = make_iin(birth_date, sex, next(_serials))  # type: ignore[arg-type]
        if iin is not None:
            return iin


@pytest.fixture
def make_person(registrar: Any) -> Callable[..., Any]:
    from komek.registry.services.persons import person_create

    def make(
        surname: str = "Ахметов",
        name: str = "Нурлан",
        birth_date: dt.date = dt.date(1985, 3, 14),
        sex: str = "male",
        kato: str = BALKHASH_TOWN,
        actor: Any = None,
        **extra: Any,
    ) -> Any:
        return person_create(
            actor=actor or registrar,
            iin=new_iin(birth_date, sex),
            surname=surname,
            name=name,
            kato=kato,
            **extra,
        )

    return make
