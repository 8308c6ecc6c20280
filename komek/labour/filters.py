"""The list of enterprises: search by BIN or name, the territory, the sort order (komek.common.lists)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from komek.accounts import policy
from komek.common.lists import ListFilters, TerritoryFilter, territory_choices
from komek.labour.models import Enterprise


class EnterpriseFilters(ListFilters):
    territory = TerritoryFilter(field_name="kato__code")
    sort = django_filters.OrderingFilter(
        fields=(("name", "name"), ("staff", "staff"), ("bin", "bin")), label=_("Sort")
    )

    class Meta:
        model = Enterprise
        fields: list[str] = []

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["territory"].extra["choices"] = territory_choices(policy.prefixes(user))

    def search_q(self, text: str) -> Q:
        digits = text.replace(" ", "")
        if digits.isdigit():
            return Q(bin__startswith=digits)
        return Q(name__icontains=text)
