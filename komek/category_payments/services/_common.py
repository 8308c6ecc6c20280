"""What every service of payment lists shares: who may act, the programme's facts, the limit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import polars as pl
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.benefits.models import BudgetSource
from komek.common.errors import DomainError, NotFound
from komek.common.models import KatoUnit
from komek.legislation import loader
from komek.legislation.rule_errors import rules_error
from komek.rules.computed import COMPUTED
from komek.rules.engine import Engine
from komek.rules.errors import RulesError
from komek.rules.programmes import Programme

LIST = "category_payments.paymentlist"
ROW = "category_payments.paymentlistrow"
# Who prepares and corrects a list: the caseworker or the department head; the head approves.
PREPARERS = (Capability.ASSIGNMENT_MANAGE, Capability.PAYROLL_APPROVE)


@dataclass(frozen=True)
class Terms:
    """The programme in force on the payment date in the territory, and what a list of it pays."""

    programme: Programme
    engine: Engine
    limit: int
    budget_source: str

    def versions(self, on: dt.date) -> list[Programme]:
        """The versions of the programme's code the engine runs on the date: what the registry's
        read is for (``registry_population(programmes=...)``), nothing more."""
        return self.engine.in_force(on, [self.programme.code])


def territory_unit(actor: Any, kato: str) -> KatoUnit:
    unit = KatoUnit.objects.filter(code=(kato or "").strip()).first()
    if unit is None:
        raise DomainError(_("Unknown KATO code: %(code)s.") % {"code": kato}, field="territory")
    policy.require_territory(actor, unit.code, field="territory")
    return unit


def programme_terms(*, code: str, on: dt.date, territory: str) -> Terms:
    """The programme's version for a category list, its limit and its budget source on the date.

    Refused unless its legislation makes it a category payment (``category_payment: true``), in
    force on the date in the territory. A list names persons: for a programme of families, each
    family's head (``_lookup.recipients``)."""
    engine = loader.application_engine()
    versions = [p for p in engine.programmes if p.code == code]
    if not versions:
        raise DomainError(_("Unknown programme: %(code)s.") % {"code": code}, field="programme")
    in_force = [p for p in versions if p.in_force(on, territory)]
    if not in_force:
        raise DomainError(
            _("The programme %(code)s is not in force on %(date)s in this territory.")
            % {"code": code, "date": f"{on:%d.%m.%Y}"},
            field="programme",
        )
    programme = in_force[0]
    if not programme.facts.category_payment:
        raise DomainError(
            _("The programme %(code)s is paid on application, not from lists of categories.")
            % {"code": code},
            field="programme",
        )
    sources = programme.facts.budget_split(territory)
    source = max(sources, key=lambda row: row.share).source if sources else ""
    if source not in BudgetSource.values:
        raise DomainError(
            _("The programme names no budget source this department pays from."), field="programme"
        )
    return Terms(
        programme=programme,
        engine=engine,
        limit=_limit(engine, programme, on, territory),
        budget_source=source,
    )


def _limit(engine: Engine, programme: Programme, on: dt.date, territory: str) -> int:
    """The highest amount the programme pays one person: its ``limit``, or an amount that depends on
    parameters only; a rule whose amount depends on the person must state its limit."""
    rule = programme.limit or programme.amount
    needs = {n for n in rule.names if n not in engine.parameters.names}
    if needs - set(COMPUTED):
        raise DomainError(
            _("The legislation of %(code)s states no limit for one person.") % {"code": programme.code},
            field="programme",
        )
    try:
        frame, _used, missing = engine.parameter_frame(on, [territory], rule.names)
    except RulesError as exc:
        raise DomainError(rules_error(exc), field="programme") from None
    if missing:
        raise DomainError(rules_error(next(iter(missing.values()))), field="programme")
    value = frame.select(rule.expr.alias("limit")).item()
    return int(round(float(value))) if value is not None else 0


def limit_error(amount: int, limit: int, *, field: str = "amount") -> DomainError:
    return DomainError(
        _("The amount %(amount)s tenge is above the programme's limit of %(limit)s tenge.")
        % {"amount": f"{amount:,}".replace(",", " "), "limit": f"{limit:,}".replace(",", " ")},
        field=field,
        code="above_limit",
    )


def locked_list(model: Any, list_id: int, actor: Any) -> Any:
    """The list, locked for the transaction, in the actor's territory."""
    found = model.objects.select_for_update().filter(pk=list_id).first()
    if found is None:
        raise NotFound(_("No such payment list."), field="list")
    policy.require_territory(actor, found.territory, field="list")
    return found


def frame_or_empty(rows: list[dict[str, Any]], schema: dict[str, Any]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=schema) if rows else pl.DataFrame(schema=schema)
