"""Helpers of the rules pages: the page's language and the date a page shows."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import get_language

from komek.legislation.forms import (
    DateForm,
)


def current_language() -> str:
    """The two letters of the page's language (kk, ru, en)."""
    return (get_language() or "ru")[:2]


def date_form(request: HttpRequest) -> tuple[DateForm, dt.date]:
    """The date a page shows (today unless the user chose another) and its form, filled in."""
    today = timezone.localdate()
    form = DateForm(request.GET or None, initial={"on": today})
    on = form.day(today)
    return DateForm({"on": on.isoformat()}), on
