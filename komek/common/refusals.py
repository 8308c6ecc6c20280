"""Refused actions are audited too: who tried what, on which object, and why it was refused.

The refusal's audit row (action ``refuse``) is written after the action's transaction rolled back,
in a transaction of its own, so nothing of the action itself is kept, but the attempt is.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from django.db import transaction

from komek.common import audit
from komek.common.errors import DomainError

P = ParamSpec("P")
R = TypeVar("R")


def audited_refusals(object_type: str, *, id_kwarg: str = "") -> Callable[[Callable[P, R]], Callable[P, R]]:
    """A service whose ``DomainError`` leaves a ``refuse`` row naming ``object_type``."""

    def decorate(func: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(func)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return func(*args, **kwargs)
            except DomainError as exc:
                actor: Any = kwargs.get("actor")
                if actor is not None:
                    with transaction.atomic():
                        audit.refusal(
                            actor=actor, object_type=object_type,
                            object_id=kwargs.get(id_kwarg, "") if id_kwarg else "",
                            changes={"refused": [exc.code, exc.field or ""]},
                            reason=f"{func.__name__}: {exc}"[:500], territory=audit.user_territory(actor),
                        )  # fmt: skip
                raise

        return wrapper

    return decorate
