"""Programmes in words: a programme's title (its latest version's) in the reader's language.

Pages show ``tsa`` as "Targeted social assistance" / «Адресная социальная помощь». The titles come
from the legislation in force in the database (``loader.application_engine``, one query to know it
is current); within one web request they are read once and kept for the request's other rows, so a
list of a thousand assignments asks once. Outside a request (a command, a job) every call reads them
afresh, never a stale copy.
"""

from __future__ import annotations

import threading
from typing import Any

from django.core.signals import request_finished, request_started
from django.utils.translation import get_language

from komek.legislation import loader

_local = threading.local()


def _started(**_kwargs: Any) -> None:
    _local.titles = {}


def _finished(**_kwargs: Any) -> None:
    _local.titles = None


request_started.connect(_started, dispatch_uid="komek.legislation.titles.started")
request_finished.connect(_finished, dispatch_uid="komek.legislation.titles.finished")


def _read(language: str) -> dict[str, str]:
    latest: dict[str, tuple[Any, str]] = {}
    for programme in loader.application_engine().programmes:
        known = latest.get(programme.code)
        if known is None or programme.valid_from >= known[0]:
            title = programme.title.get(language) or programme.title.get("en") or programme.code
            latest[programme.code] = (programme.valid_from, str(title))
    return {code: title for code, (_valid_from, title) in latest.items()}


def programme_titles(language: str | None = None) -> dict[str, str]:
    """Every programme's title by its code, in ``language`` (the active language by default)."""
    language = (language or get_language() or "ru")[:2]
    memo = getattr(_local, "titles", None)
    if memo is None:
        return _read(language)
    if language not in memo:
        memo[language] = _read(language)
    return memo[language]


def programme_title(code: str, language: str | None = None) -> str:
    """The programme's title, or its code when the legislation does not know it."""
    return programme_titles(language).get(code, code)
