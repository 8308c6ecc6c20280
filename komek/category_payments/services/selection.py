"""A payment list selected by the rules engine from the registry, set-based.

The registry of the territory is read column-wise on the payment date (as ``komek simulate``
does), the engine evaluates the programme over every person at once, and the eligible persons go
into the list in one statement, each with the amount of the programme's rule on that date.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import polars as pl
from django.db import transaction
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.category_payments.choices import RowOrigin
from komek.category_payments.models import PaymentList
from komek.category_payments.services._common import PREPARERS, programme_terms, territory_unit
from komek.category_payments.services._lookup import recipients
from komek.category_payments.services._rows import list_create
from komek.common.choices import AuditAction
from komek.common.errors import DomainError
from komek.legislation.population import registry_population
from komek.legislation.rule_errors import rules_error
from komek.rules.errors import RulesError


def payment_list_create(
    *,
    actor: Any,
    programme: str,
    event_date: dt.date,
    territory: str,
    timings: dict[str, float] | None = None,
) -> PaymentList:
    """A new list of the programme for the event, filled with the persons the rules select."""
    policy.require_any(actor, *PREPARERS)
    unit = territory_unit(actor, territory)
    terms = programme_terms(code=programme, on=event_date, territory=unit.code)
    timings = timings if timings is not None else {}
    started = time.perf_counter()
    # Only what the programme's rule needs: no incomes without an income test, only the statuses it
    # tests, and only their holders when nobody else can be eligible (legislation.population_reads).
    population = registry_population(on=event_date, prefix=unit.prefix, programmes=terms.versions(event_date))
    timings["registry"] = time.perf_counter() - started
    started = time.perf_counter()
    try:
        result = terms.engine.run(population, event_date, [programme], recipients_only=True).results[
            programme
        ]
    except RulesError as exc:
        raise DomainError(rules_error(exc), field="programme") from None
    timings["rules"] = time.perf_counter() - started
    eligible = recipients(result.filter(pl.col("eligible")), terms, on=event_date, prefix=unit.prefix)
    frame = eligible.select(
        "person_id",
        pl.col("region").alias("kato_code"),
        "amount",
        pl.col("amount").alias("rule_amount"),
        pl.lit(None, pl.String).alias("bank_id"),
        pl.lit(None, pl.String).alias("iban"),
    )
    above = frame.filter(pl.col("amount") > terms.limit)
    if above.height:
        raise DomainError(_("The rule gives an amount above the programme's limit."), field="programme")
    started = time.perf_counter()
    with transaction.atomic():
        payment_list = list_create(
            actor=actor,
            terms=terms,
            programme=programme,
            event_date=event_date,
            unit=unit,
            frame=frame,
            origin=RowOrigin.SELECTED,
            action=AuditAction.CREATE,
            reason=_("Selected by the rules from the registry"),
        )
    timings["write"] = time.perf_counter() - started
    return payment_list
