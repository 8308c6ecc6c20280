"""Fixtures of the end-to-end journeys: a clock the walk moves, and the walk itself."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.utils import translation

from komek.reports.tests.journey import Clock, Walk, install


@pytest.fixture(autouse=True)
def _fresh_engine() -> Iterator[None]:
    """Each journey reads the legislation as shipped (no parameter another test entered)."""
    from komek.legislation import loader

    loader.invalidate()
    with translation.override("en"):
        yield
    loader.invalidate()


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """The services' today, fixed and moved by the walk: nothing depends on the day the tests run."""
    clock = Clock()
    install(clock, monkeypatch)
    return clock


@pytest.fixture
def walk(make_user: Callable[..., Any], make_person: Callable[..., Any], clock: Clock) -> Walk:
    """The department's staff of each place, created on first use, and the steps they take."""
    from komek.benefits.banks import banks_load

    banks_load()
    return Walk(make_user, make_person, clock)
