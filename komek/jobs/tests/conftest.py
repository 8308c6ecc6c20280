from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.utils import translation

from komek.benefits.tests.fixtures import accountant, caseworker, head, make_assignment, make_family  # noqa: F401
from komek.common import db_triggers


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """The assertions read the English texts (the default language is Russian)."""
    with translation.override("en"):
        yield


@pytest.fixture(scope="module")
def _audit_triggers_restored(django_db_blocker: Any) -> Iterator[None]:
    """Put the append-only triggers back once this module's database flushes are over."""
    yield
    with django_db_blocker.unblock():
        db_triggers.install(connection)


@pytest.fixture
def audit_triggers_flushable(_audit_triggers_restored: None, transactional_db: None) -> Iterator[None]:
    """Let Django flush the audit table after a transactional test (on SQLite the flush is a DELETE,
    which the append-only triggers refuse): removed just before the flush, installed again after."""
    db_triggers.install(connection)
    yield
    db_triggers.uninstall(connection)
