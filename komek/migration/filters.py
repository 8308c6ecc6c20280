"""The lists of kandas and of permits: search, filters and sort order (komek.common.lists, ADR 0034)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from komek.accounts import policy
from komek.common.lists import ListFilters, TerritoryFilter, date_filter, territory_choices
from komek.migration.choices import LabourCategory
from komek.migration.countries import country_choices
from komek.migration.models import KandasStatus, Permit
from komek.registry.selectors import person_match_q


class _Countries(ListFilters):
    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["territory"].extra["choices"] = territory_choices(policy.prefixes(user))
        self.filters["country"].extra["choices"] = country_choices(without=("KZ",))


class KandasFilters(_Countries):
    """Kandas: found by IIN or name; by country of origin, region of settlement and date assigned."""

    country = django_filters.ChoiceFilter(label=_("Country of origin"), choices=(), empty_label=_("All"))
    territory = TerritoryFilter(field_name="kato__code")
    assigned_from = date_filter("assigned_on", "gte", _("Assigned from"))
    assigned_to = date_filter("assigned_on", "lte", _("Assigned until"))
    sort = django_filters.OrderingFilter(
        fields=(("person__search_key", "name"), ("assigned_on", "assigned")), label=_("Sort")
    )

    class Meta:
        model = KandasStatus
        fields: list[str] = []

    def search_q(self, text: str) -> Q:
        return person_match_q(text, "person")


class PermitFilters(_Countries):
    """Permits: found by employer or BIN; by category, country, territory and date issued."""

    category = django_filters.ChoiceFilter(
        label=_("Category"), choices=LabourCategory.choices, empty_label=_("All")
    )
    country = django_filters.ChoiceFilter(label=_("Country of origin"), choices=(), empty_label=_("All"))
    territory = TerritoryFilter(field_name="kato__code")
    issued_from = date_filter("issued", "gte", _("Issued from"))
    issued_to = date_filter("issued", "lte", _("Issued until"))
    sort = django_filters.OrderingFilter(
        fields=(("issued", "issued"), ("employer", "employer"), ("workers", "workers")), label=_("Sort")
    )

    class Meta:
        model = Permit
        fields: list[str] = []

    def search_q(self, text: str) -> Q:
        return Q(employer__icontains=text) | Q(employer_bin__startswith=text)
