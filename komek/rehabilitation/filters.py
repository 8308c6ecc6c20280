"""The vouchers' list: search, filters and sort order (komek.common.lists, ADR 0034)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from komek.accounts import policy
from komek.common.lists import ListFilters, TerritoryFilter, date_filter, territory_choices
from komek.registry.selectors import person_match_q
from komek.rehabilitation.choices import VoucherStatus
from komek.rehabilitation.models import Voucher


class VoucherFilters(ListFilters):
    """Sanatorium vouchers: found by number or by the person's IIN or name; by status, district and
    the dates of the stay."""

    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=VoucherStatus.choices, empty_label=_("All")
    )
    territory = TerritoryFilter(field_name="district", label=_("District"))
    stay_from = date_filter("starts_on", "gte", _("Stay from"))
    stay_to = date_filter("starts_on", "lte", _("Stay starts by"))
    sort = django_filters.OrderingFilter(
        fields=(("starts_on", "stay"), ("number", "number"), ("price", "price"), ("status", "status")),
        label=_("Sort"),
    )

    class Meta:
        model = Voucher
        fields: list[str] = []

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["territory"].extra["choices"] = territory_choices(policy.prefixes(user))

    def search_q(self, text: str) -> Q:
        return Q(number__istartswith=text) | person_match_q(text, "person")
