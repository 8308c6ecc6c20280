"""Lists that scale: a list's search box, filters, sort order and pages in one place (ADR 0034).

A list declares a django-filter ``FilterSet`` (its search, the filters its users need and a ``sort``
ordering filter); :func:`listing` binds it to the request, pages the result and keeps the query string
for the pager and the sort links. A page costs a fixed number of queries whatever the number of rows:
one count, one query for the page's rows (with their related rows joined). The pages render
``lists/_controls.html`` (the filter form) and ``includes/pager.html``; a column header sorts through
the ``sort_header`` tag of ``komek`` template tags.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import django_filters
from django.core.paginator import Page, Paginator
from django.db.models import Q
from django.http import HttpRequest, QueryDict
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from komek.common.choices import KatoLevel
from komek.common.forms import DateInput
from komek.common.models import KatoUnit

PAGE_SIZE = 50
EXPORT_LIMIT = 10_000  # rows of one XLSX export from a page; larger exports are a background job


class ListFilters(django_filters.FilterSet):
    """The base of a list's filters: a search box ``q`` (:meth:`search_q` says what the text matches)
    and the ``sort`` a subclass declares."""

    q = django_filters.CharFilter(method="_search", label=_("Search"), max_length=100)

    def _search(self, queryset: Any, name: str, value: str) -> Any:
        text = " ".join(value.split())
        return queryset.filter(self.search_q(text)) if text else queryset

    def search_q(self, text: str) -> Q:  # pragma: no cover - every list says how it searches
        raise NotImplementedError

    def filter_queryset(self, queryset: Any) -> Any:
        # Ties of the sort are broken by the row's key, so that no page repeats or skips a row.
        found = super().filter_queryset(queryset)
        return found.order_by(*found.query.order_by, "pk")


def date_filter(field_name: str, lookup_expr: str, label: Any) -> django_filters.DateFilter:
    """A filter by a date from or until (``gte``/``lte``), picked in the browser's date field."""
    return django_filters.DateFilter(
        field_name=field_name,
        lookup_expr=lookup_expr,
        label=label,
        widget=DateInput,
    )


@dataclass(frozen=True)
class Listing:
    """One page of a list with what the page needs to render its controls."""

    filters: django_filters.FilterSet
    page: Page
    query: str  # the list's query string without the page: the pager's links add theirs
    params: QueryDict  # the list's query string, for the sort links

    @property
    def rows(self) -> Any:
        return self.page.object_list

    @property
    def total(self) -> int:
        return self.page.paginator.count

    @property
    def sort(self) -> str:
        return self.params.get("sort", "")


class _Counted(Paginator):
    """A paginator told its count: the list's page knew it already (its counters), no second count."""

    def __init__(self, object_list: Any, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # Paginator.count is a cached property


def listing(
    request: HttpRequest,
    filterset: type[django_filters.FilterSet],
    queryset: Any,
    *,
    page_size: int = PAGE_SIZE,
    defaults: dict[str, str] | None = None,
    known_count: Callable[[dict[str, Any]], int | None] | None = None,
    **kwargs: Any,
) -> Listing:
    """Filter, sort and page ``queryset`` by the request's query string through ``filterset``.

    A filter given a value it cannot read (a wrong date, an unknown status) is left out and its error
    is shown on its field; the other filters still apply. A filter the query string does not give takes
    its value from ``defaults`` (e.g. ``{"sort": "due"}``); ``kwargs`` go to the filterset.
    ``known_count``, given the filters' values when every one was read, answers the number of rows
    when the page already counted them (its counters), or ``None``: the list is then counted."""
    params = request.GET.copy()
    for name, value in (defaults or {}).items():
        if not params.get(name):
            params[name] = value
    filters = filterset(params, queryset=queryset, request=request, **kwargs)
    rows = filters.qs
    count = known_count(filters.form.cleaned_data) if known_count and filters.is_valid() else None
    paginator = Paginator(rows, page_size) if count is None else _Counted(rows, page_size, count=count)
    page = paginator.get_page(request.GET.get("page"))
    query = params.copy()
    query.pop("page", None)
    query.pop("format", None)
    return Listing(filters=filters, page=page, query=query.urlencode(), params=query)


def wants_xlsx(request: HttpRequest) -> bool:
    """The list's own query string asks for its XLSX export (the same rows, not only one page)."""
    return request.GET.get("format") == "xlsx"


def exported(listing: Listing) -> list[Any] | None:
    """Every row of the filtered list for its XLSX export, or ``None`` when there are more than
    :data:`EXPORT_LIMIT` (the page then says :func:`too_many_to_export`)."""
    if listing.total > EXPORT_LIMIT:
        return None
    return list(listing.filters.qs)


def too_many_to_export(listing: Listing) -> str:
    return gettext(
        "%(found)s rows are found; narrow the list with its filters to at most %(limit)s rows to export it."
    ) % {
        "found": number_format(listing.total, force_grouping=True),
        "limit": number_format(EXPORT_LIMIT, force_grouping=True),
    }


def territory_choices(allowed: list[str] | None) -> list[tuple[str, str]]:
    """The regions, districts and towns a user may narrow a list to (their names, in the order of the
    classifier): the units of the user's territory, ``allowed`` being its KATO prefixes (``None``: all)."""
    units = KatoUnit.objects.filter(level__lte=KatoLevel.DISTRICT)
    if allowed is not None:
        within = Q(pk__in=[])
        for prefix in allowed:
            within |= Q(code__startswith=prefix)
        units = units.filter(within)
    return [(unit.prefix, unit.name) for unit in units.order_by("code")]


class TerritoryFilter(django_filters.ChoiceFilter):
    """A list narrowed to one territorial unit: the rows whose KATO code (``field_name``) lies in it.
    The list's filterset gives the choices (:func:`territory_choices` of the user's territory)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Territory"))
        kwargs.setdefault("empty_label", _("All"))
        super().__init__(*args, **kwargs)

    def filter(self, qs: Any, value: Any) -> Any:
        if not value:
            return qs
        return qs.filter(**{f"{self.field_name}__startswith": value})


def district_names(codes: Iterable[str]) -> dict[str, str]:
    """The names of territorial units by their KATO codes, in the reader's language (one query):
    a list shows a district's name, never its code."""
    return {unit.code: unit.name for unit in KatoUnit.objects.filter(code__in=set(codes))}
