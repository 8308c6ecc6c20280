"""The annual report's section of one-time payments to categories: "14 categories of citizens in the
amount of 11372 people ... for a total amount of 65,225.0 thousand tenge" (the Balkhash report 2018)."""

from __future__ import annotations

from typing import Any

from django.db.models import Min
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from komek.category_payments.models import PaymentListRow
from komek.category_payments.selectors import (
    category_payments_year,
    category_rows_of_year,
    first_row_of_each_person,
    programme_title,
    veteran_rows_of_year,
    veterans_year,
)
from komek.common.annual import Column, Figure, Records, Section, Shown, masked_iin
from komek.registry.choices import VeteranCategory


def category_figures(*, actor: Any, year: int, prefix: str) -> list[Figure]:
    """Persons and money of the approved payment lists of the year, in total and per programme."""
    by_programme = category_payments_year(actor=actor, year=year, prefix=prefix)
    figures = [
        Figure(
            "categories.persons",
            _("Persons who received one-time payments to categories"),
            sum(persons for persons, _amount in by_programme.values()),
            "persons",
        ),
        Figure(
            "categories.amount",
            _("One-time payments to categories"),
            sum(amount for _persons, amount in by_programme.values()),
            "tenge",
        ),
    ]
    language = (get_language() or "ru")[:2]
    for code, (persons, amount) in by_programme.items():
        names = {"programme": programme_title(code, language=language)}
        figures += [
            Figure(f"categories.{code}.persons", _("%(programme)s: persons") % names, persons, "persons"),
            Figure(f"categories.{code}.amount", _("%(programme)s: paid") % names, amount, "tenge"),
        ]
    return figures


ROW_COLUMNS = (
    Column(gettext_lazy("Full name")),
    Column(gettext_lazy("IIN")),
    Column(gettext_lazy("Programme")),
    Column(gettext_lazy("Payment date"), "date"),
    Column(gettext_lazy("Amount, tenge"), "tenge"),
)


def _show_rows(page: list[PaymentListRow]) -> list[Shown]:
    language = (get_language() or "ru")[:2]
    return [
        Shown(
            (
                r.person.full_name,
                masked_iin(r.person.iin),
                programme_title(r.programme, language=language),
                r.event_date,
                r.amount,
            ),
            (r.person_id,),
            reverse("category_payments:list_detail", args=[r.payment_list_id]),
        )
        for r in page
    ]


def category_records(*, actor: Any, year: int, prefix: str, code: str) -> Records | None:
    """``categories.persons`` → one row of the lists per programme and person, ``categories.amount``
    → every approved row; per programme too."""
    head, _dot, what = code.rpartition(".")
    if what not in ("persons", "amount") or not (head == "categories" or head.startswith("categories.")):
        return None
    rows = category_rows_of_year(actor=actor, year=year, prefix=prefix)
    if head != "categories":
        rows = rows.filter(programme=head.removeprefix("categories."))
    if what == "persons":
        rows = first_row_of_each_person(rows)
    ordered = rows.select_related("person").order_by("event_date", "person__surname", "person__name", "id")
    return Records("rows", ordered, ROW_COLUMNS, _show_rows, amount="amount" if what == "amount" else "")


def veteran_figures(*, actor: Any, year: int, prefix: str) -> list[Figure]:
    """Veterans: "participants, disabled veterans of the Great Patriotic War – 203 persons for 203
    million tenge; persons equated to them – 3,994 persons for 399.4 million tenge; home-front
    workers – 14,118 persons for 705.9 million tenge" (the report of the Almaty Social Welfare
    Department for 2020) — the persons paid from the lists of the year who were veterans on the
    payment date and their money, in all and per category of veterans (those paid)."""
    (persons, amount), by_category = veterans_year(actor=actor, year=year, prefix=prefix)
    figures = [
        Figure("veterans.persons", _("Veterans and persons equated to them paid"), persons, "persons"),
        Figure("veterans.amount", _("Paid to veterans and persons equated to them"), amount, "tenge"),
    ]
    names = dict(VeteranCategory.choices)
    for category, (n, paid) in by_category.items():
        of = {"category": names.get(category, category)}
        figures += [
            Figure(f"veterans.{category}.persons", _("%(category)s: persons") % of, n, "persons"),
            Figure(f"veterans.{category}.amount", _("%(category)s: paid") % of, paid, "tenge"),
        ]
    return figures


def veteran_records(*, actor: Any, year: int, prefix: str, code: str) -> Records | None:
    """``veterans.persons`` → one row of the lists per person (the first), ``veterans.amount`` →
    every row of a veteran; per category too."""
    head, _dot, what = code.rpartition(".")
    if what not in ("persons", "amount") or not (head == "veterans" or head.startswith("veterans.")):
        return None
    category = head.removeprefix("veterans").removeprefix(".")
    if category and category not in VeteranCategory.values:
        return None
    rows = veteran_rows_of_year(actor=actor, year=year, prefix=prefix, category=category)
    if what == "persons":
        firsts = rows.values("person_id").annotate(first=Min("id")).values("first").order_by()
        rows = rows.filter(pk__in=firsts)
    ordered = rows.select_related("person").order_by("event_date", "person__surname", "person__name", "id")
    return Records("rows", ordered, ROW_COLUMNS, _show_rows, amount="amount" if what == "amount" else "")


SECTIONS = (
    Section(
        "categories",
        gettext_lazy("One-time payments to categories of citizens"),
        55,
        category_figures,
        category_records,
    ),
    Section("veterans", gettext_lazy("Social support of veterans"), 57, veteran_figures, veteran_records),
)
