"""The lists of the commissions: the special commission's meetings and a commission's cases; search,
filters and sort order (komek.common.lists, ADR 0034)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from komek.accounts import policy
from komek.commissions.choices import CaseDecision, MeetingStatus
from komek.commissions.models import Case, Item, Meeting
from komek.common.lists import ListFilters, TerritoryFilter, date_filter, territory_choices
from komek.registry.selectors import person_match_q


class CaseFilters(ListFilters):
    """Cases: found by IIN, name or case number; by decision and territory."""

    decision = django_filters.ChoiceFilter(
        label=_("Decision"), choices=CaseDecision.choices, empty_label=_("All")
    )
    territory = TerritoryFilter(field_name="kato__code")
    sort = django_filters.OrderingFilter(
        fields=(("opened_on", "opened"), ("person__search_key", "name"), ("number", "number")),
        label=_("Sort"),
    )

    class Meta:
        model = Case
        fields: list[str] = []

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["territory"].extra["choices"] = territory_choices(policy.prefixes(user))

    def search_q(self, text: str) -> Q:
        return person_match_q(text, "person") | Q(number__iexact=text)


class MeetingFilters(ListFilters):
    """The special commission's meetings: found by protocol number or the registration number of a
    case on the agenda; by status, date and territory (the newest first by default)."""

    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=MeetingStatus.choices, empty_label=_("All")
    )
    date_from = date_filter("date", "gte", _("Held from"))
    date_to = date_filter("date", "lte", _("Held until"))
    territory = TerritoryFilter(field_name="kato__code")
    sort = django_filters.OrderingFilter(
        fields=(("date", "date"), ("number", "number"), ("n_items", "cases")), label=_("Sort")
    )

    class Meta:
        model = Meeting
        fields: list[str] = []

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["territory"].extra["choices"] = territory_choices(policy.prefixes(user))

    def search_q(self, text: str) -> Q:
        on_agenda = Item.objects.filter(application__number__iexact=text).values("meeting_id")
        return Q(number__icontains=text) | Q(pk__in=on_agenda)
