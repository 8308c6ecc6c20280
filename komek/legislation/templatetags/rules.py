"""Template filters of the rules pages: texts in the user's language, periodicities, results."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def in_language(texts: Any) -> str:
    """A text given in kk, ru and en, in the user's language."""
    if isinstance(texts, Mapping):
        language = (get_language() or "ru")[:2]
        return str(texts.get(language) or texts.get("en") or next(iter(texts.values()), ""))
    return str(texts or "")


@register.filter
def programme(code: Any) -> str:
    """A programme's code in words: its title in the reader's language (komek.legislation.titles)."""
    from komek.legislation.titles import programme_title

    return programme_title(str(code or "")) if code else "—"


@register.filter
def periodicity(code: Any) -> str:
    labels = {
        "month": _("monthly"),
        "quarter": _("quarterly"),
        "half-year": _("twice a year"),
        "once": _("once"),
    }
    return labels.get(str(code), str(code or "—"))


@register.filter
def entity(code: Any) -> str:
    return {"family": _("family"), "person": _("person")}.get(str(code), str(code or ""))


@register.filter
def territory(prefix: Any) -> str:
    return str(prefix) if prefix else _("whole country")


@register.filter
def plain(value: Any) -> str:
    """A number of an explanation as people write it: 30 385, 0.5."""
    if isinstance(value, bool) or value is None:
        return {True: _("yes"), False: _("no"), None: "—"}[value]
    if isinstance(value, int | float):
        if float(value).is_integer():
            return f"{int(value):,}".replace(",", "\u202f")
        return f"{value:.4g}" if abs(value) < 1 else f"{value:,.2f}".replace(",", "\u202f")
    return str(value)


@register.filter
def signed(value: Any) -> str:
    if not isinstance(value, int | float):
        return "—"
    text = plain(abs(value))
    return f"+{text}" if value > 0 else (f"−{text}" if value < 0 else "0")
