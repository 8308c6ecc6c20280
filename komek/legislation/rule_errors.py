"""The rules engine's errors in the user's language.

The pure engine speaks English (it has no Django); the forms show its errors to an administrator
who reads Kazakh or Russian. The frequent errors of an expression are translated here by their
form, with the position pointing into the expression; any other keeps the engine's sentence.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from komek.rules.errors import ExpressionError, MissingParameter, RulesError

_WHERE = re.compile(r" \(at position \d+: .*\)$", re.DOTALL)


def _kind(name: str) -> str:
    return {"number": _("a number"), "bool": _("a yes/no condition"), "str": _("a text")}.get(name, name)


def _translated(message: str) -> str:
    patterns: list[tuple[str, object]] = [
        (r"^Unknown variable or parameter '(?P<name>.+)'$",
         lambda m: _("Unknown variable or parameter “%(name)s”") % m.groupdict()),
        (r"^Syntax error: (?P<detail>.+?)\.?$", lambda m: _("Syntax error: %(detail)s") % m.groupdict()),
        (r"^The expression is empty\.$", lambda m: _("The expression is empty.")),
        (r"^Division by zero$", lambda m: _("Division by zero")),
        (r"^The expression gives a (?P<got>\w+), a (?P<want>\w+) is needed here\.$",
         lambda m: _("The expression gives %(got)s where %(want)s is needed")
         % {"got": _kind(m["got"]), "want": _kind(m["want"])}),
        (r"^(?P<role>.+) must be a (?P<want>\w+), but '(?P<text>.+)' is a (?P<got>\w+)$",
         lambda m: _("“%(text)s” is %(got)s where %(want)s is needed")
         % {"text": m["text"], "got": _kind(m["got"]), "want": _kind(m["want"])}),
        (r"^Cannot compare a (?P<a>\w+) with a (?P<b>\w+)$",
         lambda m: _("Cannot compare %(a)s with %(b)s") % {"a": _kind(m["a"]), "b": _kind(m["b"])}),
        (r"^Unknown function; allowed: (?P<names>.+)$",
         lambda m: _("Unknown function; allowed: %(names)s") % m.groupdict()),
    ]  # fmt: skip
    for pattern, translate in patterns:
        match = re.match(pattern, message)
        if match:
            return translate(match)  # type: ignore[operator, no-any-return]
    return message


def expression_error(exc: ExpressionError) -> str:
    """The error with its position: ``Unknown variable … (position 14: per_capita_⟶incme <= …)``."""
    message = _translated(_WHERE.sub("", str(exc)))
    text = exc.expression
    if not text.strip():
        return message
    # An error of the whole expression (it gives a number where a condition is needed) is at its start.
    position = exc.position or 0
    return _("%(message)s (position %(position)s: %(before)s⟶%(after)s)") % {
        "message": message,
        "position": position + 1,
        "before": text[:position],
        "after": text[position:],
    }


def rules_error(exc: RulesError) -> str:
    if isinstance(exc, ExpressionError):
        return expression_error(exc)
    if isinstance(exc, MissingParameter):
        name = f"{exc.name} ({exc.purpose})" if exc.purpose else exc.name
        return _("The parameter %(name)s has no value on %(date)s for the region %(region)s.") % {
            "name": name,
            "date": exc.on.strftime("%d.%m.%Y"),
            "region": exc.region or _("the whole country"),
        }
    return str(exc)
