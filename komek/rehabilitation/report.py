"""The annual report's section of rehabilitation: "prosthetic and orthopedic products - 116 people
(security 72,5%)" (the Balkhash report 2018), from the coverage table of the year (ADR 0009)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.common.annual import Figure, Records, Section
from komek.rehabilitation.selectors.coverage import coverage
from komek.rehabilitation.selectors.traces import aid_records


def rehabilitation_figures(*, actor: Any, year: int, prefix: str) -> list[Figure]:
    """Per aid kind: persons provided, the "security %" and the persons waiting at the year's end;
    then the money spent on provision."""
    policy.require(actor, Capability.REPORT_VIEW)
    table = coverage(user=actor, year=year, prefix=prefix)
    figures: list[Figure] = []
    for row in table.rows:
        names = {"aid": row.label}
        figures += [
            Figure(
                f"rehab.{row.kind}.provided", _("%(aid)s: persons provided") % names, row.provided, "persons"
            ),
            Figure(f"rehab.{row.kind}.security", _("%(aid)s: security") % names, row.security, "percent"),
            Figure(
                f"rehab.{row.kind}.queue",
                _("%(aid)s: waiting at the end of the year") % names,
                row.in_queue,
                "persons",
            ),
        ]
    figures.append(Figure("rehab.spent", _("Spent on provision under the IPRs"), table.total_spent, "tenge"))
    return figures


def rehabilitation_records(*, actor: Any, year: int, prefix: str, code: str) -> Records | None:
    """``rehab.<aid>.provided`` → the persons provided, ``rehab.<aid>.queue`` → those waiting."""
    parts = code.split(".")
    if len(parts) != 3 or parts[0] != "rehab" or parts[2] not in ("provided", "queue"):
        return None
    return aid_records(actor=actor, year=year, prefix=prefix, kind=parts[1], waiting=parts[2] == "queue")


SECTIONS = (
    Section(
        "rehabilitation",
        gettext_lazy("Persons with disabilities: provision and rehabilitation"),
        60,
        rehabilitation_figures,
        rehabilitation_records,
    ),
)
