"""The sources of new jobs (business and the state programmes by name), read from the reference
file ``reference/job_sources.yaml``: names and codes are data, not code."""

from __future__ import annotations

import functools
from pathlib import Path

import yaml
from django.utils.translation import get_language

SOURCES_FILE = Path(__file__).parent / "reference" / "job_sources.yaml"


@functools.cache
def _sources() -> tuple[dict[str, str], ...]:
    data = yaml.safe_load(SOURCES_FILE.read_text(encoding="utf-8"))
    return tuple(dict(s) for s in data["sources"])


def source_codes() -> list[str]:
    return [s["code"] for s in _sources()]


def source_name(code: str) -> str:
    """The source's name in the reader's language (its code when the file no longer has it)."""
    lang = (get_language() or "ru")[:2]
    for s in _sources():
        if s["code"] == code:
            return s.get(lang) or s["ru"]
    return code


def source_choices() -> list[tuple[str, str]]:
    return [(code, source_name(code)) for code in source_codes()]
