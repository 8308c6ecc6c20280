"""The payroll list: by month, programme, status and department, sorted, in pages (ADR 0034)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from komek.accounts import policy
from komek.common.forms import MonthInput
from komek.common.lists import ListFilters, TerritoryFilter, territory_choices
from komek.legislation.titles import programme_titles
from komek.payments.choices import PayrollStatus
from komek.payments.models import Payroll


def _month(lookup: str, label: Any) -> django_filters.DateFilter:
    return django_filters.DateFilter(
        field_name="month", lookup_expr=lookup, label=label, widget=MonthInput, input_formats=["%Y-%m"]
    )


class PayrollFilters(ListFilters):
    """Payrolls found by their programme's title (in any of the three languages) or code; narrowed
    to months, a programme, a status and a department of the user's territory."""

    month_from = _month("gte", _("From month"))
    month_to = _month("lte", _("Until month"))
    programme = django_filters.ChoiceFilter(label=_("Programme"), choices=(), empty_label=_("All"))
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=PayrollStatus.choices, empty_label=_("All")
    )
    territory = TerritoryFilter(field_name="territory")
    sort = django_filters.OrderingFilter(
        fields=(
            ("month", "month"),
            ("programme", "programme"),
            ("total_amount", "total"),
            ("line_count", "lines"),
        ),
        label=_("Sort"),
    )

    class Meta:
        model = Payroll
        fields: list[str] = []

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["territory"].extra["choices"] = territory_choices(policy.prefixes(user))
        titles = sorted(programme_titles().items(), key=lambda item: item[1])
        self.filters["programme"].extra["choices"] = titles

    def search_q(self, text: str) -> Q:
        wanted = text.casefold()
        codes = {
            code
            for language in ("kk", "ru", "en")
            for code, title in programme_titles(language).items()
            if wanted in title.casefold() or wanted in code
        }
        return Q(programme__in=codes)
