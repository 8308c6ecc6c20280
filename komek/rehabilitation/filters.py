"""The lists of vouchers and of stays in special social services: search, filters and sort order
(komek.common.lists, ADR 0034)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from komek.accounts import policy
from komek.common.lists import ListFilters, TerritoryFilter, date_filter, territory_choices
from komek.registry.selectors import person_match_q
from komek.rehabilitation.choices import SpecialService, StayStatus, VoucherStatus
from komek.rehabilitation.models import SpecialStay, Voucher


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


class StayFilters(ListFilters):
    """Stays in special social services: found by the person's IIN or name or the provider; by
    service, district, whether still served, and the admission dates."""

    service = django_filters.ChoiceFilter(
        label=_("Service"), choices=SpecialService.choices, empty_label=_("All")
    )
    territory = TerritoryFilter(field_name="district", label=_("District"))
    current = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[("yes", _("Served now")), ("no", _("Left"))],
        method="_current",
        empty_label=_("All"),
    )
    admitted_from = date_filter("admitted_on", "gte", _("Admitted from"))
    admitted_to = date_filter("admitted_on", "lte", _("Admitted by"))
    sort = django_filters.OrderingFilter(
        fields=(("admitted_on", "admitted"), ("left_on", "left"), ("person__search_key", "name")),
        label=_("Sort"),
    )

    class Meta:
        model = SpecialStay
        fields: list[str] = []

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["territory"].extra["choices"] = territory_choices(policy.prefixes(user))

    def search_q(self, text: str) -> Q:
        return (
            person_match_q(text, "person")
            | Q(institution__name__icontains=text)
            | Q(project__provider__icontains=text)
        )

    def _current(self, queryset: Any, name: str, value: str) -> Any:
        return queryset.filter(left_on__isnull=value == "yes")


class QueueFilters(ListFilters):
    """The queues of the special services: found by the person's IIN or name or the provider; by
    service, district and status (waiting by default: the queue; admitted from it; cancelled)."""

    service = django_filters.ChoiceFilter(
        label=_("Service"), choices=SpecialService.choices, empty_label=_("All")
    )
    territory = TerritoryFilter(field_name="district", label=_("District"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=StayStatus.choices, empty_label=_("All"))
    applied_from = date_filter("applied_on", "gte", _("Applied from"))
    applied_to = date_filter("applied_on", "lte", _("Applied by"))
    sort = django_filters.OrderingFilter(
        fields=(("priority", "priority"), ("applied_on", "applied"), ("person__search_key", "name")),
        label=_("Sort"),
    )

    class Meta:
        model = SpecialStay
        fields: list[str] = []

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["territory"].extra["choices"] = territory_choices(policy.prefixes(user))

    def search_q(self, text: str) -> Q:
        return (
            person_match_q(text, "person")
            | Q(institution__name__icontains=text)
            | Q(project__provider__icontains=text)
        )
