"""The citizen's own area: the session of a citizen signed in through the identity provider is kept
apart from staff logins (its own session key; ``/my/`` is outside the staff login's door)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponseBase
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers

from komek.accounts.policy import CitizenActor, citizen
from komek.common.errors import NotFound, PermissionDenied

SESSION_KEY = "komek_citizen"
View = Callable[..., HttpResponseBase]


def sign_in_citizen(request: HttpRequest, actor: CitizenActor) -> None:
    request.session.cycle_key()  # a new session id at sign-in
    request.session[SESSION_KEY] = {"person_id": actor.person_id, "iin": actor.iin, "kato": actor.kato}


def citizen_of(request: HttpRequest) -> CitizenActor | None:
    data: Any = request.session.get(SESSION_KEY)
    if not isinstance(data, dict):
        return None
    return citizen(person_id=int(data["person_id"]), iin=str(data["iin"]), kato=str(data["kato"]))


def me(request: HttpRequest) -> CitizenActor:
    """The citizen of a page wrapped in :func:`citizen_view`."""
    actor: CitizenActor = getattr(request, "citizen")  # noqa: B009 (set by citizen_view)
    return actor


def citizen_view(view: View) -> View:
    """A page of a signed-in citizen: otherwise to the sign-in page; never stored by a browser."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponseBase:
        actor = citizen_of(request)
        if actor is None:
            return redirect("portal:sign_in")
        request.citizen = actor  # type: ignore[attr-defined]
        try:
            response = view(request, *args, **kwargs)
        except (NotFound, PermissionDenied) as exc:
            raise Http404(str(exc)) from None
        add_never_cache_headers(response)
        return response

    return wrapper
