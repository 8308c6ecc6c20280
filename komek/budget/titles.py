"""Words instead of codes: a budget programme's name with its code, a source's name."""

from __future__ import annotations

from django.utils.translation import get_language

from komek.budget.choices import BudgetSource
from komek.budget.reference import reference
from komek.common.money import format_tenge


def language() -> str:
    return (get_language() or "ru")[:2]


def programme_title(code: str) -> str:
    """``451.007 Social assistance to ...`` in the user's language (the code alone if unknown)."""
    line = reference().line(code)
    return line.title(language()) if line is not None else code


def source_label(source: str) -> str:
    return str(dict(BudgetSource.choices).get(source, source))


def programme_choices() -> list[tuple[str, str]]:
    return list(reference().titles(language()).items())


def money(value: int) -> str:
    """An amount as staff write it in their language (``1 234 567 ₸``)."""
    return format_tenge(value, language=language())
