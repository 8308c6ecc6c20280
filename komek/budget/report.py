"""The annual report's section of the budget: "The use of budget funds amounted to 394.6 million
tenge or 99.7%" (the Balkhash report 2018); "4 588,6 млн. тенге (РБ – 1 219,2, МБ – 3 369,4)" (the
report of the Almaty Social Welfare Department for 2020) — allocated, spent and the percentage, in
all and per budget source, from the execution the budget keeps (``selectors.execution``)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.benefits.choices import BudgetSource
from komek.budget.selectors import budget_execution
from komek.budget.selectors.plan import approved_plan_rows
from komek.budget.titles import programme_title
from komek.common.annual import Figure, Section


def _percent(spent: int, allocated: int) -> Decimal | None:
    if allocated <= 0:
        return None
    return (Decimal(spent) * 100 / allocated).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def budget_figures(*, actor: Any, year: int, prefix: str) -> list[Figure]:
    """Allocated, committed, spent and the share spent, in all and per source, of the departments
    under ``prefix``; nothing for a reader who may not see the budget."""
    if not policy.can(actor, Capability.BUDGET_VIEW):
        return []
    rows = [r for r in budget_execution(actor=actor, year=year).rows if r.territory.startswith(prefix)]
    allocated = sum(r.allocated for r in rows)
    spent = sum(r.spent for r in rows)
    figures = [
        Figure("budget.allocated", _("Budget funds allocated"), allocated, "tenge"),
        Figure("budget.spent", _("Budget funds used"), spent, "tenge"),
        Figure(
            "budget.percent", _("Use of the budget funds allocated"), _percent(spent, allocated), "percent"
        ),
        Figure(
            "budget.committed",
            _("Committed for the rest of the year"),
            sum(r.committed for r in rows),
            "tenge",
        ),
    ]
    for source, label in BudgetSource.choices:
        of_source = [r for r in rows if r.source == source]
        names = {"source": label}
        figures += [
            Figure(
                f"budget.{source}.allocated", _("%(source)s: allocated") % names,
                sum(r.allocated for r in of_source), "tenge",
            ),
            Figure(
                f"budget.{source}.spent", _("%(source)s: used") % names,
                sum(r.spent for r in of_source), "tenge",
            ),
        ]  # fmt: skip
    return figures


def next_year_figures(*, actor: Any, year: int, prefix: str) -> list[Figure]:
    """The plan for the next year: "For 2019 it is provided: ... Reimbursement of costs for 40
    disabled children studying at home - 1472.0 thousand tenge" (the Balkhash report 2018) — the
    money and recipients of the approved plans of ``year + 1`` of the departments under ``prefix``,
    in all and per budget programme; nothing for a reader who may not see the budget."""
    if not policy.can(actor, Capability.BUDGET_VIEW):
        return []
    rows = approved_plan_rows(actor=actor, year=year + 1, prefix=prefix)
    names = {"year": year + 1}
    figures = [
        Figure(
            "plan.amount",
            _("Provided for %(year)s") % names,
            sum(r["amount"] for r in rows),
            "tenge",
        ),
        Figure(
            "plan.recipients",
            _("Recipients planned for %(year)s (the sum of the programmes)") % names,
            sum(r["recipients"] for r in rows),
            "persons",
        ),
    ]
    for row in rows:
        title = {"programme": programme_title(row["programme"])}
        figures += [
            Figure(
                f"plan.{row['programme']}.amount",
                _("%(programme)s: provided") % title,
                row["amount"],
                "tenge",
            ),
            Figure(
                f"plan.{row['programme']}.recipients",
                _("%(programme)s: recipients planned") % title,
                row["recipients"],
                "persons",
            ),
        ]
    return figures


SECTIONS = (
    Section("budget", gettext_lazy("Use of budget funds"), 90, budget_figures),
    Section("plan", gettext_lazy("Plan for the next year"), 95, next_year_figures),
)
