"""The access policy at the door of a page: who is signed in, and whether their role opens it.

Views of every context wrap themselves in :func:`staff_view`; the capability is asked of
``komek.accounts.policy`` like every other check, and the domain refusals that services raise later
become 403 and 404 pages. The rest of the web glue (errors next to form fields, HTMX) is
``komek.common.web``, which knows nothing of staff.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import cast

from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import Http404, HttpRequest, HttpResponseBase

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.accounts.models import User
from komek.common.errors import NotFound, PermissionDenied

View = Callable[..., HttpResponseBase]


def staff_view(capability: str | None = None) -> Callable[[View], View]:
    """Require ``capability`` (when given) and turn domain refusals into 403 and 404 pages.

    Services check the capability again on every write; checking it here as well means a user who
    may not act never even sees the form.
    """

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponseBase:
            try:
                if capability is not None:
                    policy.require(actor(request), capability)
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


def person_viewer(request: HttpRequest) -> User:
    """The signed-in member of staff on a page that shows persons: they must also see persons' data
    (a context's own capability lets them open its records, not the registry's people)."""
    user = actor(request)
    policy.require(user, Capability.PERSON_VIEW)
    return user
