"""Glue between the domain layer and the web views.

Services and selectors raise :mod:`komek.common.errors`; staff must see those errors where they can
act on them: next to the form field they concern, or as a message on the page. Views stay thin by
delegating that mapping here. Who is signed in and whether their role opens a page is the access
policy's question, asked at the door by ``komek.accounts.web.staff_view``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from komek.common.errors import DomainError, NotFound, PermissionDenied, ValidationFailed

T = TypeVar("T")


def is_htmx(request: HttpRequest) -> bool:
    """Whether HTMX sent the request (django-htmx's middleware sets ``request.htmx``)."""
    return bool(getattr(request, "htmx", False))


def add_domain_error(
    form: forms.BaseForm, exc: DomainError, *, aliases: dict[str, str] | None = None
) -> None:
    """Attach a domain error to the form field it names, or to the form as a whole."""
    aliases = aliases or {}

    def target(field: str | None) -> str | None:
        field = aliases.get(field or "", field)
        return field if field in form.fields else None

    if isinstance(exc, ValidationFailed):
        for field, messages in exc.errors.items():
            form.add_error(target(field), [str(m) for m in messages])
    else:
        form.add_error(target(exc.field), str(exc.message))


def submit(
    form: forms.BaseForm, action: Callable[[], T], *, aliases: dict[str, str] | None = None
) -> tuple[bool, T | None]:
    """Run a service call for a valid form; on a domain error, show it on the form.

    Returns ``(True, result)`` on success and ``(False, None)`` when the form now carries the error.
    A refusal that names no field of the form (wrong role, object outside the user's territory)
    propagates and becomes a 403 or 404 page.
    """
    try:
        return True, action()
    except (PermissionDenied, NotFound) as exc:
        field = (aliases or {}).get(exc.field or "", exc.field)
        if field and field in form.fields:
            add_domain_error(form, exc, aliases=aliases)
            return False, None
        raise
    except DomainError as exc:
        add_domain_error(form, exc, aliases=aliases)
        return False, None


def step(request: HttpRequest, action: Callable[[], Any], *, done: str, to: str) -> HttpResponse:
    """A one-button step of a page (a case's, a meeting's): run the service call, show ``done`` or
    the domain error as a message, and go back to ``to``. A refusal (wrong role, another
    territory) propagates and becomes a 403 or 404 page."""
    try:
        action()
    except (PermissionDenied, NotFound):
        raise
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, done)
    return redirect(to)
