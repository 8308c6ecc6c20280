"""The lists of the Enbek programme's pages: enrolments in vocational education, participants of the
youth projects, persons without a social status (komek.common.lists, ADR 0034)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from komek.accounts import policy
from komek.common.lists import ListFilters, TerritoryFilter, territory_choices
from komek.employment.models import StatusCase, TipoEnrolment, YouthParticipation
from komek.employment.programme_choices import TipoCategory, TipoStatus, YouthOutcome, YouthProject
from komek.registry.selectors import person_match_q


class TipoFilters(ListFilters):
    """Enrolments in vocational education: found by the person's IIN or name, the college or the
    speciality; by status, category and territory."""

    status = django_filters.ChoiceFilter(label=_("Status"), choices=TipoStatus.choices, empty_label=_("All"))
    category = django_filters.ChoiceFilter(
        label=_("Target category"), choices=TipoCategory.choices, empty_label=_("All")
    )
    territory = TerritoryFilter(field_name="kato__code")
    sort = django_filters.OrderingFilter(
        fields=(("started", "started"), ("person__search_key", "name"), ("college", "college")),
        label=_("Sort"),
    )

    class Meta:
        model = TipoEnrolment
        fields: list[str] = []

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["territory"].extra["choices"] = territory_choices(policy.prefixes(user))

    def search_q(self, text: str) -> Q:
        return person_match_q(text, "person") | Q(college__icontains=text) | Q(speciality__icontains=text)


class YouthFilters(ListFilters):
    """Participants of the youth projects: by project, outcome and territory."""

    project = django_filters.ChoiceFilter(
        label=_("Project"), choices=YouthProject.choices, empty_label=_("All")
    )
    outcome = django_filters.ChoiceFilter(
        label=_("Outcome"), choices=YouthOutcome.choices, empty_label=_("All")
    )
    territory = TerritoryFilter(field_name="kato__code")
    sort = django_filters.OrderingFilter(
        fields=(("started", "started"), ("person__search_key", "name")), label=_("Sort")
    )

    class Meta:
        model = YouthParticipation
        fields: list[str] = []

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["territory"].extra["choices"] = territory_choices(policy.prefixes(user))

    def search_q(self, text: str) -> Q:
        return person_match_q(text, "person")


class StatusCaseFilters(ListFilters):
    """Persons found without a social status: whether the status is confirmed, by territory."""

    confirmed = django_filters.BooleanFilter(
        label=_("Status confirmed"), field_name="confirmed_on", lookup_expr="isnull", exclude=True
    )
    territory = TerritoryFilter(field_name="kato__code")
    sort = django_filters.OrderingFilter(
        fields=(("listed_on", "listed"), ("confirmed_on", "confirmed"), ("person__search_key", "name")),
        label=_("Sort"),
    )

    class Meta:
        model = StatusCase
        fields: list[str] = []

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["territory"].extra["choices"] = territory_choices(policy.prefixes(user))

    def search_q(self, text: str) -> Q:
        return person_match_q(text, "person")
