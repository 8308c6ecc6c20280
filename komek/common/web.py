"""Glue between the domain layer and the web views.

Services and selectors raise :mod:`komek.common.errors`; staff must see those errors where they can
act on them: next to the form field they concern, or as a 403 / 404 page with the reason. Views
stay thin by delegating that mapping here.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django import forms
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import Http404, HttpRequest, HttpResponseBase
from django.utils.translation import gettext as _

from komek.common.errors import DomainError, NotFound, PermissionDenied, ValidationFailed

if TYPE_CHECKING:
    from komek.accounts.models import User

T = TypeVar("T")
View = Callable[..., HttpResponseBase]


def staff_view(capability: str | None = None) -> Callable[[View], View]:
    """Require ``capability`` (when given) and turn domain refusals into 403 and 404 pages.

    Services check the capability again on every write; checking it here as well means a user who
    may not act never even sees the form.
    """

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if capability is not None and not actor(request).can(capability):
                raise HttpForbidden(_("Your role does not allow this action."))
            try:
                return view(request, *args, **kwargs)
            except PermissionDenied as exc:
                raise HttpForbidden(str(exc)) from None
            except NotFound as exc:
                raise Http404(str(exc)) from None

        return wrapper

    return decorator


def actor(request: HttpRequest) -> User:
    """The signed-in member of staff (the login middleware lets no anonymous request through)."""
    return cast("User", request.user)


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
