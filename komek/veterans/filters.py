"""The list of veterans: search, filters and sort order (komek.common.lists, ADR 0034)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from komek.accounts import policy
from komek.common.lists import ListFilters, TerritoryFilter, territory_choices
from komek.registry.selectors import person_match_q
from komek.veterans.choices import Category
from komek.veterans.models import Veteran


class VeteranFilters(ListFilters):
    """Veterans: found by IIN or name; by category, territory and whether under a patron."""

    category = django_filters.ChoiceFilter(
        label=_("Category"), choices=Category.choices, empty_label=_("All")
    )
    territory = TerritoryFilter(field_name="person__kato__code")
    patron = django_filters.ChoiceFilter(
        label=_("Patron"),
        choices=[("yes", _("Under patronage")), ("no", _("Without a patron"))],
        method="_patron",
        empty_label=_("All"),
    )
    sort = django_filters.OrderingFilter(
        fields=(("person__search_key", "name"), ("person__birth_date", "born"), ("recorded_on", "recorded")),
        label=_("Sort"),
    )

    class Meta:
        model = Veteran
        fields: list[str] = []

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["territory"].extra["choices"] = territory_choices(policy.prefixes(user))

    def search_q(self, text: str) -> Q:
        return person_match_q(text, "person")

    def _patron(self, queryset: QuerySet[Veteran], name: str, value: str) -> QuerySet[Veteran]:
        return queryset.filter(Q(has_patron=value == "yes"))  # annotated by veterans_listed
