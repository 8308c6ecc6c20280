"""The annual report's section of the work with veterans: "There are 5 veterans of the Great Patriotic
War in the city including. - PGPW - 4 people., IGPW –1, workers of the rear and other categories of
citizens, equated to them –742 people ... 14 dates of commemoration ... at home ... 22 events have been
held, attracting sponsorship in the amount of 1.0 million tenge, covering 878 people" (the Balkhash
department's report for 2018). Every figure is counted from the records behind it."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from komek.common.annual import Column, Figure, Records, Section, Shown, masked_iin
from komek.veterans.choices import Category
from komek.veterans.models import Event, Veteran, Visit
from komek.veterans.selectors import (
    events_of,
    exempted_of,
    patronised_of,
    veterans_of,
    veterans_year,
    visited_of,
    visits_of,
)


def veterans_figures(*, actor: Any, year: int, prefix: str) -> list[Figure]:
    data = veterans_year(actor=actor, year=year, prefix=prefix)
    return [
        Figure(
            "veterans_work.total", _("Veterans and persons equated to them, in all"), data.veterans, "persons"
        ),
        *(
            Figure(f"veterans_work.{code}", str(label), data.by_category[code], "persons")
            for code, label in Category.choices
        ),
        Figure(
            "veterans_work.patronised",
            _("Veterans under the patronage of organisations"),
            data.patronised,
            "persons",
        ),
        Figure(
            "veterans_work.visited", _("Veterans visited and congratulated at home"), data.visited, "persons"
        ),
        Figure("veterans_work.visits", _("Visits and congratulations at home"), data.visits, "visits"),
        Figure("veterans_work.gifts", _("Value of the gifts presented at home"), data.gifts, "tenge"),
        Figure(
            "veterans_work.exempted",
            _("Veterans exempted from utility payments under memoranda"),
            data.exempted,
            "persons",
        ),
        Figure("veterans_work.events", _("Events for veterans"), data.events, "events"),
        Figure("veterans_work.covered", _("Persons covered by the events"), data.covered, "persons"),
        Figure(
            "veterans_work.sponsorship", _("Sponsorship attracted for the events"), data.sponsorship, "tenge"
        ),
    ]


VETERAN_COLUMNS = (
    Column(gettext_lazy("IIN")),
    Column(gettext_lazy("Full name")),
    Column(gettext_lazy("Category")),
    Column(gettext_lazy("Territory")),
    Column(gettext_lazy("Recorded on"), "date"),
)
VISIT_COLUMNS = (
    Column(gettext_lazy("Veteran")),
    Column(gettext_lazy("Date"), "date"),
    Column(gettext_lazy("Occasion")),
    Column(gettext_lazy("Gift")),
    Column(gettext_lazy("Gift's value"), "tenge"),
)
EVENT_COLUMNS = (
    Column(gettext_lazy("Event")),
    Column(gettext_lazy("Date"), "date"),
    Column(gettext_lazy("Territory")),
    Column(gettext_lazy("Persons covered")),
    Column(gettext_lazy("Sponsorship"), "tenge"),
)


def _show_veterans(page: list[Veteran]) -> list[Shown]:
    return [
        Shown(
            (
                masked_iin(v.person.iin),
                v.person.full_name,
                v.get_category_display(),
                v.person.kato.name,
                v.recorded_on,
            ),
            (v.person_id,),
            reverse("veterans:veteran_detail", args=[v.pk]),
        )  # fmt: skip
        for v in page
    ]


def _show_visits(page: list[Visit]) -> list[Shown]:
    return [
        Shown(
            (v.veteran.person.full_name, v.date, v.get_occasion_display(), v.gift, v.gift_value),
            (v.veteran.person_id,),
            reverse("veterans:veteran_detail", args=[v.veteran_id]),
        )
        for v in page
    ]


def _show_events(page: list[Event]) -> list[Shown]:
    return [
        Shown((e.title, e.date, e.kato.name, e.covered, e.sponsorship), (), reverse("veterans:events"))
        for e in page
    ]


def _veterans(found: QuerySet[Veteran]) -> Records:
    ordered = found.select_related("person", "person__kato").order_by("person__search_key", "id")
    return Records("veterans", ordered, VETERAN_COLUMNS, _show_veterans)


def veterans_records(*, actor: Any, year: int, prefix: str, code: str) -> Records | None:
    """The veterans behind the counts of persons, the visits behind the gifts, the events behind theirs."""
    what = code.removeprefix("veterans_work.") if code.startswith("veterans_work.") else ""
    where = {"actor": actor, "year": year, "prefix": prefix}
    if what == "total":
        return _veterans(veterans_of(**where))
    if what in Category.values:
        return _veterans(veterans_of(**where).filter(category=what))
    if what == "patronised":
        return _veterans(patronised_of(**where))
    if what == "visited":
        return _veterans(visited_of(**where))
    if what == "exempted":
        return _veterans(exempted_of(**where))
    if what in ("visits", "gifts"):
        visits = visits_of(**where).select_related("veteran__person").order_by("date", "id")
        return Records(
            "visits", visits, VISIT_COLUMNS, _show_visits, amount="gift_value" if what == "gifts" else ""
        )
    if what in ("events", "covered", "sponsorship"):
        events = events_of(**where).select_related("kato").order_by("date", "id")
        amount = {"covered": "covered", "sponsorship": "sponsorship"}.get(what, "")
        return Records("events", events, EVENT_COLUMNS, _show_events, amount=amount)
    return None


SECTIONS = (
    Section(
        "veterans_work",
        gettext_lazy("Work with veterans"),
        65,
        veterans_figures,
        veterans_records,
    ),
)
