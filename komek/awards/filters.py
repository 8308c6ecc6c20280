"""The list of award cases: found by the mother's IIN or name; by pendant, status, territory and the
year the documents were sent (komek.common.lists, ADR 0034)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from komek.accounts import policy
from komek.awards.choices import Grade, Status
from komek.awards.models import AwardCase
from komek.common.lists import ListFilters, TerritoryFilter, territory_choices
from komek.registry.selectors import person_match_q


class CaseFilters(ListFilters):
    grade = django_filters.ChoiceFilter(label=_("Award"), choices=Grade.choices, empty_label=_("All"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices, empty_label=_("All"))
    territory = TerritoryFilter(field_name="kato__code")
    year = django_filters.NumberFilter(
        field_name="sent_on__year", label=_("Year the documents were sent"), min_value=1995, max_value=2100
    )
    sort = django_filters.OrderingFilter(
        fields=(
            ("person__search_key", "name"),
            ("opened_on", "opened"),
            ("sent_on", "sent"),
            ("status", "status"),
        ),
        label=_("Sort"),
    )

    class Meta:
        model = AwardCase
        fields: list[str] = []

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["territory"].extra["choices"] = territory_choices(policy.prefixes(user))

    def search_q(self, text: str) -> Q:
        return person_match_q(text, "person")
