"""The annual report's section of one-time payments to categories: "14 categories of citizens in the
amount of 11372 people ... for a total amount of 65,225.0 thousand tenge" (the Balkhash report 2018)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from komek.category_payments.selectors import category_payments_year, programme_title
from komek.common.annual import Figure, Section


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


SECTIONS = (
    Section("categories", gettext_lazy("One-time payments to categories of citizens"), 55, category_figures),
)
