"""The annual report's section of the commissions: "15 meetings of the special commission for the
consideration of applications of persons applying for social assistance in connection with the onset
of a difficult life situation... 94 citizens were given a positive opinion" (the Balkhash report 2018)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from komek.commissions.selectors import commission_year
from komek.common.annual import Figure, Section


def commission_figures(*, actor: Any, year: int, prefix: str) -> list[Figure]:
    """Meetings held, cases considered and approved; per state service its meetings and cases."""
    data = commission_year(actor=actor, year=year, prefix=prefix)
    figures = [
        Figure("commissions.meetings", _("Commission meetings held"), data.meetings, "meetings"),
        Figure("commissions.cases", _("Cases considered"), data.cases, "cases"),
        Figure("commissions.approved", _("Cases given a positive opinion"), data.approved, "cases"),
    ]
    for code, name, meetings, cases in data.by_service:
        names = {"service": name}
        figures += [
            Figure(f"commissions.{code}.meetings", _("%(service)s: meetings") % names, meetings, "meetings"),
            Figure(f"commissions.{code}.cases", _("%(service)s: cases considered") % names, cases, "cases"),
        ]
    return figures


SECTIONS = (Section("commissions", gettext_lazy("Work of the commissions"), 70, commission_figures),)
