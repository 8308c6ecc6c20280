"""The annual report's section of proactive support: the families the registry showed entitled to
support they did not receive, how many were offered it, consented and were assigned it in the year
(the Social Code of the Republic of Kazakhstan, art. 24: support assigned proactively)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from komek.common.annual import Column, Figure, Records, Section, Shown
from komek.proactive.models import Item
from komek.proactive.selectors import in_year

WHAT = ("found", "offered", "consented", "assigned")


def proactive_figures(*, actor: Any, year: int, prefix: str) -> list[Figure]:
    found = in_year(actor=actor, year=year, prefix=prefix)
    labels = {
        "found": _("Entitled to support they did not receive, found in the registry"),
        "offered": _("Offered support without an application"),
        "consented": _("Consented to the offer"),
        "assigned": _("Assigned support on their consent"),
    }
    return [Figure(f"proactive.{what}", labels[what], found[what].count(), "beneficiaries") for what in WHAT]


COLUMNS = (
    Column(gettext_lazy("Programme")),
    Column(gettext_lazy("Family or person")),
    Column(gettext_lazy("KATO")),
    Column(gettext_lazy("Amount, tenge"), "tenge"),
    Column(gettext_lazy("Status")),
)


def _show(page: list[Item]) -> list[Shown]:
    return [
        Shown(
            (
                i.programme,
                i.contact.full_name if i.contact else "",
                i.kato_code,
                i.amount,
                i.get_status_display(),
            ),
            (i.contact_id,) if i.contact_id else (),
            reverse("proactive:item", args=[i.pk]),
        )
        for i in page
    ]


def proactive_records(*, actor: Any, year: int, prefix: str, code: str) -> Records | None:
    what = code.removeprefix("proactive.") if code.startswith("proactive.") else ""
    if what not in WHAT:
        return None
    found = in_year(actor=actor, year=year, prefix=prefix)[what]
    return Records("worklist", found.select_related("contact").order_by("programme", "id"), COLUMNS, _show)


SECTIONS = (
    Section("proactive", gettext_lazy("Proactive support"), 66, proactive_figures, proactive_records),
)
