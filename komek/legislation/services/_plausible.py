"""A parameter's value refused when it is not plausible for its unit (``komek.rules.plausibility``),
with the reason in the user's language: positive where the unit needs it, within the unit's bounds,
and not ten times off the value in force next to it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from komek.common.errors import DomainError
from komek.rules.parameters import ParameterTable
from komek.rules.plausibility import implausible


def _number(value: Decimal) -> str:
    """A value as users read it: 4 325, 0.7, 5 000 000."""
    plain = value.normalize()
    if plain == plain.to_integral_value():
        return f"{int(plain):,}".replace(",", "\u00a0")
    return format(plain, "f")


def check_plausible(
    table: ParameterTable, *, name: str, value: Decimal, valid_from: dt.date, region: str, purpose: str
) -> None:
    """Refuse (at the value field) a value that cannot be meant for this parameter."""
    definition = table.definitions.get(name)
    unit = definition.unit if definition else ""
    neighbours = [v for v in table.values(name) if v.purpose == purpose and region.startswith(v.region)]
    problem = implausible(value, unit=unit, valid_from=valid_from, neighbours=neighbours)
    if problem is None:
        return
    limits = problem.bounds
    label = limits.unit_label((get_language() or "ru")[:2])
    args = {"name": name, "value": _number(value), "unit": label}
    if problem.kind == "below" and limits.low == 0 and limits.low_exclusive:
        message = _("%(name)s must be positive: %(value)s is not.") % args
    elif problem.kind == "below":
        message = _("%(name)s cannot be below %(low)s %(unit)s: %(value)s is.") % {
            **args,
            "low": _number(limits.low),
        }
    elif problem.kind == "above":
        message = _("%(name)s cannot plausibly be above %(high)s %(unit)s: %(value)s is surely a typo.") % {
            **args,
            "high": _number(limits.high),
        }
    else:
        near = problem.neighbour
        assert near is not None
        message = _(
            "%(value)s differs more than %(factor)s times from the value of %(name)s in force from "
            "%(date)s (%(near)s): check for a typo."
        ) % {
            **args,
            "factor": _number(problem.factor),
            "date": near.valid_from.strftime("%d.%m.%Y"),
            "near": _number(near.value),
        }
    raise DomainError(message, field="value", code="implausible")
