"""Template filters for how staff read numbers, dates and audit changes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import get_language

from komek.common.money import format_tenge

register = template.Library()


@register.filter
def tenge(value: Any) -> str:
    """Money as staff write it: ``1 234 567 ₸``, tiyn only when there are some (``1 234,50 ₸``)."""
    return format_tenge(value, language=get_language() or "ru")


@register.filter
def dmy(value: Any) -> str:
    """A date as dd.mm.yyyy, a moment as its date in Almaty (Asia/Almaty); empty values as a dash."""
    if value in (None, ""):
        return "—"
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    if isinstance(value, dt.datetime):
        # A moment stored in UTC is shown on the local calendar: 19:30 UTC is already tomorrow.
        value = (timezone.localtime(value) if timezone.is_aware(value) else value).date()
    return value.strftime("%d.%m.%Y") if isinstance(value, dt.date) else str(value)


@register.filter
def ym(value: Any) -> str:
    """A month as mm.yyyy."""
    return value.strftime("%m.%Y") if isinstance(value, dt.date) else str(value or "—")


@register.filter
def audit_changes(changes: Any) -> list[tuple[str, Any, Any, bool]]:
    """Rows ``(field, before, after, is_change)`` of an audit record's ``changes``.

    Services store ``{field: [before, after]}``; a few records (a failed login) store a plain
    value, shown as is.
    """
    rows: list[tuple[str, Any, Any, bool]] = []
    if not isinstance(changes, dict):
        return rows
    for field, value in changes.items():
        if isinstance(value, list | tuple) and len(value) == 2:
            rows.append((str(field), _show(value[0]), _show(value[1]), True))
        else:
            rows.append((str(field), "", _show(value), False))
    return rows


def _show(value: Any) -> str:
    if value is None or value == "":
        return "∅"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


@register.simple_tag
def sort_header(listing: Any, key: str, label: str) -> str:
    """A list's column header that sorts by ``key`` (ascending; again, descending), its state told to
    screen readers by ``aria-sort``; the filters and search of the list are kept, the page is not."""
    current = listing.sort
    if current == key:
        target, state, arrow = f"-{key}", "ascending", " ▲"
    elif current == f"-{key}":
        target, state, arrow = key, "descending", " ▼"
    else:
        target, state, arrow = key, "", ""
    params = listing.params.copy()
    params["sort"] = target
    params.pop("page", None)
    return format_html(
        '<th scope="col"{}><a class="sort" href="?{}">{}{}</a></th>',
        format_html(' aria-sort="{}"', state) if state else "",
        params.urlencode(),
        label,
        arrow,
    )
