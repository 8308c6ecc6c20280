"""Domain errors: what a caseworker reads when an action cannot be done.

Services raise these; views turn them into form or page errors; the CLI prints them. There is no
success flag anywhere: an action either returns its result or raises one of these.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """An action was refused for a reason the user can understand and correct."""

    code = "invalid"

    def __init__(self, message: Any, *, field: str | None = None, code: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field
        if code:
            self.code = code

    def __str__(self) -> str:
        return str(self.message)


class ValidationFailed(DomainError):
    """Several fields are wrong at once; ``errors`` maps field name to messages."""

    def __init__(self, errors: dict[str, list[Any]]) -> None:
        first = next(iter(errors.values()))[0] if errors else ""
        super().__init__(first, code="invalid")
        self.errors = errors


class PermissionDenied(DomainError):
    code = "forbidden"


class NotFound(DomainError):
    code = "not_found"
