"""Errors of the rules engine. Each names what is wrong: the parameter, the field, the position."""

from __future__ import annotations

import datetime as dt


class RulesError(Exception):
    """Base class; ``str(error)`` is a sentence for the administrator or the caller of the CLI."""


class ExpressionError(RulesError):
    """An expression of a programme or a derived variable cannot be used."""

    def __init__(self, message: str, *, expression: str = "", position: int | None = None) -> None:
        self.expression = expression
        self.position = position
        where = (
            f" (at position {position + 1}: {_caret(expression, position)})" if position is not None else ""
        )
        super().__init__(f"{message}{where}")


def _caret(expression: str, position: int) -> str:
    return f"{expression[:position]}⟶{expression[position:]}"


class MissingParameter(RulesError):
    def __init__(self, name: str, on: dt.date, region: str, purpose: str = "") -> None:
        self.name, self.on, self.region, self.purpose = name, on, region, purpose
        what = f"{name} ({purpose})" if purpose else name
        super().__init__(
            f"Parameter {what} has no value on {on.isoformat()} for region {region or 'national'}."
        )


class UnknownName(RulesError):
    pass


class CycleError(RulesError):
    pass


class SituationError(RulesError):
    """A situation (the input of one calculation) is malformed; ``field`` is its JSON path."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(f"{field}: {message}")


class ReformError(RulesError):
    pass
