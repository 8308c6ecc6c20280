"""The list of a centre's registered persons: search by IIN or name, the state of the registration,
the dates, the sort order (komek.common.lists, ADR 0034)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from komek.centres.models import Registration
from komek.common.lists import ListFilters, date_filter
from komek.registry.selectors import person_match_q


class RegistrationFilters(ListFilters):
    state = django_filters.ChoiceFilter(
        label=_("Registration"),
        choices=[("open", _("Registered now")), ("ended", _("Ended"))],
        method="_state",
        empty_label=_("All"),
    )
    registered_from = date_filter("registered_on", "gte", _("Registered from"))
    registered_to = date_filter("registered_on", "lte", _("Registered until"))
    sort = django_filters.OrderingFilter(
        fields=(
            ("person__search_key", "name"),
            ("registered_on", "registered"),
            ("services_count", "services"),
        ),
        label=_("Sort"),
    )

    class Meta:
        model = Registration
        fields: list[str] = []

    def search_q(self, text: str) -> Q:
        return person_match_q(text, "person")

    def _state(self, queryset: QuerySet[Registration], name: str, value: Any) -> QuerySet[Registration]:
        return queryset.filter(ended_on__isnull=value == "open")
