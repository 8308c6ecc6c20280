"""Fixtures of the persons import tests: the system actor, reasons in English, the report read back."""

from __future__ import annotations

import polars as pl
import pytest
from django.utils import translation

from komek.accounts.policy import system

IMPORT = system("import-persons")


@pytest.fixture(autouse=True)
def english():
    """Reasons are compared in English; the language test switches on purpose."""
    with translation.override("en"):
        yield


def report(result) -> list[tuple[int, str, str]]:
    frame = pl.read_csv(result.report_path, infer_schema=False)
    return [(int(line), column or "", reason) for line, column, reason in frame.iter_rows()]


def codes_by_line(result) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for line, column, _ in report(result):
        out.setdefault(line, set()).add(column)
    return out
