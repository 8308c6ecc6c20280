"""Komek's PostgreSQL backend (``komek.common.postgresql``): every connection checks foreign keys on
plans made once (ADR 0071)."""

from __future__ import annotations

import pytest
from django.db import connection

from komek.common.postgresql.base import SESSION, DatabaseWrapper

SETTINGS = {
    "NAME": "komek", "USER": "komek", "PASSWORD": "", "HOST": "127.0.0.1", "PORT": "5432",
    "CONN_MAX_AGE": 0, "CONN_HEALTH_CHECKS": False, "AUTOCOMMIT": True, "ATOMIC_REQUESTS": False,
    "TIME_ZONE": None,
}  # fmt: skip


def _params(**options: str) -> dict:
    return DatabaseWrapper({**SETTINGS, "OPTIONS": options}).get_connection_params()


def test_a_connection_asks_for_plans_made_once():
    assert _params()["options"] == SESSION


def test_an_operator_s_own_session_options_are_kept():
    assert _params(options="-c search_path=komek")["options"] == f"-c search_path=komek {SESSION}"


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plan cache")
def test_the_database_uses_them():
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone() == ("force_generic_plan",)
