"""The employment centre's lists: search, filters and sort order (komek.common.lists, ADR 0034)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from komek.accounts import policy
from komek.common.lists import ListFilters, TerritoryFilter, date_filter, territory_choices
from komek.employment.choices import (
    ACTIVE_STATUSES,
    EmployerSize,
    JobKind,
    JobseekerStatus,
    Schedule,
    VacancyStatus,
    WorkKind,
)
from komek.employment.models import (
    Employer,
    JobCreation,
    Jobseeker,
    MicrofinanceOrganisation,
    PrivateAgency,
    RoadMapProject,
    Vacancy,
)
from komek.employment.sources import source_choices
from komek.registry.selectors import person_match_q

ACTIVE = "active"
TARGET_GROUPS = (
    ("tg_youth", _("youth")),
    ("tg_women", _("women")),
    ("tg_disability", _("disability")),
    ("tg_released", _("released from prison or on probation")),
    ("tg_low_income", _("low-income")),
    ("tg_pre_retirement", _("pre-retirement age")),
    ("tg_large_family", _("large family")),
)


class _Territorial(ListFilters):
    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["territory"].extra["choices"] = territory_choices(policy.prefixes(user))


class JobseekerFilters(_Territorial):
    """Jobseekers and the unemployed: found by IIN or name; by status (the registered ones by
    default), territory, target group, registration and re-registration dates."""

    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(ACTIVE, _("Registered (jobseekers and unemployed)")), *JobseekerStatus.choices],
        method="_status",
        empty_label=_("All"),
    )
    territory = TerritoryFilter(field_name="kato__code")
    group = django_filters.ChoiceFilter(
        label=_("Target group"), choices=TARGET_GROUPS, method="_group", empty_label=_("All")
    )
    registered_from = date_filter("registered_on", "gte", _("Registered from"))
    registered_to = date_filter("registered_on", "lte", _("Registered until"))
    due_to = date_filter("reregistration_due", "lte", _("Re-registration due by"))
    sort = django_filters.OrderingFilter(
        fields=(
            ("person__search_key", "name"),
            ("registered_on", "registered"),
            ("reregistration_due", "due"),
            ("status", "status"),
        ),
        label=_("Sort"),
    )

    class Meta:
        model = Jobseeker
        fields: list[str] = []

    def search_q(self, text: str) -> Q:
        return person_match_q(text, "person")

    def _status(self, queryset: QuerySet[Jobseeker], name: str, value: str) -> QuerySet[Jobseeker]:
        return queryset.filter(status__in=ACTIVE_STATUSES if value == ACTIVE else [value])

    def _group(self, queryset: QuerySet[Jobseeker], name: str, value: str) -> QuerySet[Jobseeker]:
        return queryset.filter(**{value: True})


class VacancyFilters(_Territorial):
    """Vacancies: found by position, occupation or employer; by status (open by default), territory,
    schedule, quota places and the lowest wage."""

    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=VacancyStatus.choices, empty_label=_("All")
    )
    territory = TerritoryFilter(field_name="kato__code")
    schedule = django_filters.ChoiceFilter(
        label=_("Schedule"), choices=Schedule.choices, empty_label=_("All")
    )
    quota = django_filters.ChoiceFilter(
        label=_("Quota place"),
        choices=[
            ("disabled", _("for a person with disability")),
            ("released", _("for a person released from prison")),
        ],
        method="_quota",
        empty_label=_("Any"),
    )
    wage_from = django_filters.NumberFilter(
        field_name="wage", lookup_expr="gte", label=_("Wage from, tenge"), min_value=0
    )
    sort = django_filters.OrderingFilter(
        fields=(("opened_on", "opened"), ("wage", "wage"), ("title", "title")), label=_("Sort")
    )

    class Meta:
        model = Vacancy
        fields: list[str] = []

    def search_q(self, text: str) -> Q:
        return (
            Q(title__icontains=text)
            | Q(employer__name__icontains=text)
            | Q(occupation__title_ru__icontains=text)
            | Q(occupation__title_kk__icontains=text)
            | Q(occupation__title_en__icontains=text)
            | Q(occupation__code=text)
        )

    def _quota(self, queryset: QuerySet[Vacancy], name: str, value: str) -> QuerySet[Vacancy]:
        return queryset.filter(**{f"quota_{value}": True})


class EmployerFilters(_Territorial):
    """Employers: found by name or the start of the BIN; by size, territory and whether they have
    open vacancies."""

    size = django_filters.ChoiceFilter(label=_("Size"), choices=EmployerSize.choices, empty_label=_("All"))
    territory = TerritoryFilter(field_name="kato__code")
    hiring = django_filters.ChoiceFilter(
        label=_("Open vacancies"),
        choices=[("yes", _("with open vacancies")), ("no", _("without open vacancies"))],
        method="_hiring",
        empty_label=_("Any"),
    )
    sort = django_filters.OrderingFilter(
        fields=(("name", "name"), ("bin", "bin"), ("open_vacancies", "vacancies")), label=_("Sort")
    )

    class Meta:
        model = Employer
        fields: list[str] = []

    def search_q(self, text: str) -> Q:
        return Q(name__icontains=text) | Q(bin__startswith=text.replace(" ", ""))

    def _hiring(self, queryset: QuerySet[Employer], name: str, value: str) -> QuerySet[Employer]:
        # ``open_vacancies`` is the list's annotation (``employers_listed``), not a field of the model.
        lookup = {"open_vacancies__gt": 0} if value == "yes" else {"open_vacancies": 0}
        return queryset.filter(**lookup)


class ProjectFilters(_Territorial):
    """The employment road map's projects: by object, territory, kind of work, sorted."""

    territory = TerritoryFilter(field_name="kato__code")
    work_kind = django_filters.ChoiceFilter(
        label=_("Kind of work"), choices=WorkKind.choices, empty_label=_("All")
    )
    sort = django_filters.OrderingFilter(
        fields=(("title", "title"), ("allocated", "allocated"), ("jobs_planned", "jobs")), label=_("Sort")
    )

    class Meta:
        model = RoadMapProject
        fields: list[str] = []

    def search_q(self, text: str) -> Q:
        return Q(title__icontains=text)


class JobCreationFilters(_Territorial):
    """The jobs created: by BIN or enterprise, territory, source, permanent or temporary, dates."""

    territory = TerritoryFilter(field_name="kato__code")
    source = django_filters.ChoiceFilter(label=_("Source"), choices=(), empty_label=_("All"))
    kind = django_filters.ChoiceFilter(label=_("Jobs"), choices=JobKind.choices, empty_label=_("All"))
    created_from = date_filter("created_on", "gte", _("Created from"))
    created_to = date_filter("created_on", "lte", _("Created until"))
    sort = django_filters.OrderingFilter(
        fields=(("created_on", "created"), ("jobs", "jobs"), ("enterprise", "enterprise")), label=_("Sort")
    )

    class Meta:
        model = JobCreation
        fields: list[str] = []

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.filters["source"].extra["choices"] = source_choices()

    def search_q(self, text: str) -> Q:
        digits = text.replace(" ", "")
        return Q(bin__startswith=digits) if digits.isdigit() else Q(enterprise__icontains=text)


class AgencyFilters(_Territorial):
    territory = TerritoryFilter(field_name="kato__code")
    sort = django_filters.OrderingFilter(fields=(("name", "name"), ("bin", "bin")), label=_("Sort"))

    class Meta:
        model = PrivateAgency
        fields: list[str] = []

    def search_q(self, text: str) -> Q:
        digits = text.replace(" ", "")
        return Q(bin__startswith=digits) if digits.isdigit() else Q(name__icontains=text)


class MicrofinanceFilters(_Territorial):
    territory = TerritoryFilter(field_name="kato__code")
    sort = django_filters.OrderingFilter(fields=(("name", "name"), ("bin", "bin")), label=_("Sort"))

    class Meta:
        model = MicrofinanceOrganisation
        fields: list[str] = []

    def search_q(self, text: str) -> Q:
        digits = text.replace(" ", "")
        return Q(bin__startswith=digits) if digits.isdigit() else Q(name__icontains=text)
