"""The lists of charity: partners, campaigns and a campaign's help lines (komek.common.lists)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from komek.accounts import policy
from komek.charity.choices import CampaignKind, Item, PartnerKind, TargetGroup
from komek.charity.models import Campaign, HelpLine, Partner
from komek.common.lists import ListFilters, TerritoryFilter, territory_choices
from komek.registry.selectors import person_match_q


class PartnerFilters(ListFilters):
    """Partners: found by name, BIN or contact; by kind and territory."""

    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=PartnerKind.choices, empty_label=_("All"))
    territory = TerritoryFilter(field_name="kato__code")
    sort = django_filters.OrderingFilter(
        fields=(("name", "name"), ("registered_on", "registered")), label=_("Sort")
    )

    class Meta:
        model = Partner
        fields: list[str] = []

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["territory"].extra["choices"] = territory_choices(policy.prefixes(user))

    def search_q(self, text: str) -> Q:
        return Q(name__icontains=text) | Q(bin=text.replace(" ", "")) | Q(contact__icontains=text)


class CampaignFilters(ListFilters):
    """Campaigns and social projects: found by title; by kind, target group and territory."""

    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=CampaignKind.choices, empty_label=_("All"))
    target_group = django_filters.ChoiceFilter(
        label=_("Target group"), choices=TargetGroup.choices, empty_label=_("All")
    )
    territory = TerritoryFilter(field_name="kato__code")
    sort = django_filters.OrderingFilter(fields=(("started", "started"), ("title", "title")), label=_("Sort"))

    class Meta:
        model = Campaign
        fields: list[str] = []

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["territory"].extra["choices"] = territory_choices(policy.prefixes(user))

    def search_q(self, text: str) -> Q:
        return Q(title__icontains=text) | Q(description__icontains=text)


class HelpLineFilters(ListFilters):
    """A campaign's help in kind: found by the recipient's IIN or name; by what was given."""

    item = django_filters.ChoiceFilter(label=_("What was given"), choices=Item.choices, empty_label=_("All"))
    sort = django_filters.OrderingFilter(
        fields=(("date", "date"), ("person__search_key", "name"), ("value", "value")), label=_("Sort")
    )

    class Meta:
        model = HelpLine
        fields: list[str] = []

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

    def search_q(self, text: str) -> Q:
        return person_match_q(text, "person")
