"""Refused actions are audited too: who tried what, on which object, and why it was refused.

The refusal's audit row is written after the action's transaction rolled back, so nothing of the
action itself is kept, but the attempt is.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from komek.common.audit import audit_record, user_territory
from komek.common.errors import DomainError
from komek.common.models import AuditAction

P = ParamSpec("P")
R = TypeVar("R")


def audited_refusals(
    object_type: str, *, action: str = AuditAction.UPDATE, id_kwarg: str = ""
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    def decorate(func: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(func)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return func(*args, **kwargs)
            except DomainError as exc:
                actor: Any = kwargs.get("actor")
                audit_record(
                    actor=actor, action=action, object_type=object_type,
                    object_id=kwargs.get(id_kwarg, "") if id_kwarg else "",
                    changes={"refused": [exc.code, exc.field or ""]}, reason=f"{func.__name__}: {exc}"[:500],
                    territory=user_territory(actor) if actor is not None else "",
                )  # fmt: skip
                raise

        return wrapper

    return decorate
