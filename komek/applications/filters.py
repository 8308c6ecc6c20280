"""The case list's search, filters and sort order (komek.common.lists, ADR 0034)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from komek.accounts import policy
from komek.applications.choices import Channel, Status
from komek.applications.models import Application, Service
from komek.applications.selectors import VIEWS, Dashboard, today, view_q
from komek.common.lists import ListFilters, TerritoryFilter, date_filter, territory_choices
from komek.registry.selectors import person_match_q

VIEW_LABELS = {
    "mine": _("My open cases"),
    "due_soon": _("Due within 2 working days"),
    "overdue": _("Overdue"),
    "all": _("All cases"),
}


class CaseFilters(ListFilters):
    """A caseworker's list of applications: whose, which status, service, channel, territory and due
    dates; found by the applicant's IIN or name or by the application's number."""

    view = django_filters.ChoiceFilter(
        label=_("List"), choices=[(v, VIEW_LABELS[v]) for v in VIEWS], method="_view", empty_label=None
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices, empty_label=_("All"))
    service = django_filters.ChoiceFilter(label=_("Service"), empty_label=_("All"))
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=Channel.choices, empty_label=_("All"))
    territory = TerritoryFilter(field_name="kato__code")
    due_from = date_filter("due_date", "gte", _("Due from"))
    due_to = date_filter("due_date", "lte", _("Due until"))
    sort = django_filters.OrderingFilter(
        fields=(("due_date", "due"), ("received_at", "received"), ("number", "number"), ("status", "status")),
        label=_("Sort"),
    )

    class Meta:
        model = Application
        fields: list[str] = []

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.filters["service"].extra["choices"] = [
            (str(s.pk), s.name) for s in Service.objects.filter(active=True).order_by("code")
        ]
        self.filters["territory"].extra["choices"] = territory_choices(policy.prefixes(user))

    def search_q(self, text: str) -> Q:
        return person_match_q(text, "applicant") | Q(number__istartswith=text)

    def _view(self, queryset: QuerySet[Application], name: str, value: str) -> QuerySet[Application]:
        return queryset.filter(view_q(self.user, value, today()))


#: Filters the counters of the page count by: a list narrowed by nothing else is their count.
COUNTED_BY = frozenset({"view", "status", "sort"})


def counted_by(board: Dashboard) -> Callable[[dict[str, Any]], int | None]:
    """The number of cases of a list the counters of ``board`` already give (one of the four lists,
    or every case of a status), for ``lists.listing``'s ``known_count``; ``None`` for a list narrowed
    further (a search, a service, dates...), which is counted."""

    def count(values: dict[str, Any]) -> int | None:
        if any(value not in (None, "", []) for name, value in values.items() if name not in COUNTED_BY):
            return None
        view, status = values.get("view") or "", values.get("status") or ""
        if view not in VIEWS or (status and view != "all"):
            return None
        return board.listed(view=view, status=status)

    return count
