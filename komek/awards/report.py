"""The annual report's section of state awards: "documents were sent to the Administration of the
President of the Republic of Kazakhstan and the akimat of Almaty for 369 mothers of large families, of
them 66 for the pendants «Алтын алқа» ... and 303 for «Күміс алқа»" (the report of the Almaty Social
Welfare Department for 2020). Each figure counts the cases of the year; its records are those cases."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from komek.awards.models import AwardCase
from komek.awards.selectors import FIGURES, awards_year, cases_of
from komek.common.annual import Column, Figure, Records, Section, Shown, masked_iin


def awards_figures(*, actor: Any, year: int, prefix: str) -> list[Figure]:
    data = awards_year(actor=actor, year=year, prefix=prefix)
    labels = {
        "sent": _("Mothers of large families whose award documents were sent"),
        "sent_altyn": _("of them for the «Altyn alqa» pendant (seven or more children)"),
        "sent_kumis": _("of them for the «Kumis alqa» pendant (six children)"),
        "granted": _("Mothers awarded by decree in the year"),
        "refused": _("Awards refused in the year"),
        "presented": _("Awards presented in the year"),
    }
    return [Figure(f"awards.{what}", labels[what], data[what], "persons") for what in FIGURES]


COLUMNS = (
    Column(gettext_lazy("IIN")),
    Column(gettext_lazy("Mother")),
    Column(gettext_lazy("Award")),
    Column(gettext_lazy("Territory")),
    Column(gettext_lazy("Documents sent on"), "date"),
    Column(gettext_lazy("Status")),
)


def _show(page: list[AwardCase]) -> list[Shown]:
    return [
        Shown(
            (
                masked_iin(c.person.iin),
                c.person.full_name,
                c.get_grade_display(),
                c.kato.name,
                c.sent_on,
                c.get_status_display(),
            ),
            (c.person_id,),
            reverse("awards:case_detail", args=[c.pk]),
        )  # fmt: skip
        for c in page
    ]


def awards_records(*, actor: Any, year: int, prefix: str, code: str) -> Records | None:
    """The cases behind each figure of the year."""
    what = code.removeprefix("awards.") if code.startswith("awards.") else ""
    if what not in FIGURES:
        return None
    found: QuerySet[AwardCase] = cases_of(actor=actor, year=year, prefix=prefix, what=what)
    return Records("awards", found.select_related("person", "kato").order_by("sent_on", "id"), COLUMNS, _show)


SECTIONS = (
    Section(
        "awards",
        gettext_lazy("State awards to mothers of large families"),
        67,
        awards_figures,
        awards_records,
    ),
)
