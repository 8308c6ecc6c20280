"""The annual report's section of the Enbek programme's people (``programme_people``): vocational
education (ТиПО), the youth projects Жас маман and Жас кәсіпкер, the contests Еңбек жолы and Парыз,
and the determination of social status, as section VII of the report of the Almaty Social Welfare
Department for 2020 tells them. Every figure is counted from the records behind it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from komek.common.annual import Column, Figure, Records, Section, Shown, masked_iin
from komek.employment.microfinance_report import microfinance_lines
from komek.employment.models import (
    ContestEntry,
    Involvement,
    StatusCase,
    TipoEnrolment,
    TipoEvent,
    TipoPlan,
    YouthParticipation,
)
from komek.employment.programme_choices import ContestKind, Measure, TipoStatus, YouthProject
from komek.employment.selectors import programme as q


def programme_figures(*, actor: Any, year: int, prefix: str) -> list[Figure]:
    d = q.programme_year(actor=actor, year=year, prefix=prefix)
    figures = [
        Figure(
            "programme.tipo.plan", _("Vocational education: persons to enrol by the plan"), d.plan, "persons"
        ),
        Figure(
            "programme.tipo.enrolled",
            _("Vocational education: enrolled in the year"),
            d.enrolled,
            "persons",
            plan=d.plan or None,
        ),
        Figure("programme.tipo.vacant_place", _("of them onto vacant places"), d.vacant_place, "persons"),
        Figure(
            "programme.tipo.studying",
            _("Vocational education: continuing to study at the end of the year"),
            d.studying,
            "persons",
        ),
        Figure("programme.tipo.expelled", _("Vocational education: expelled"), d.expelled, "persons"),
        Figure("programme.tipo.finished", _("Vocational education: finished"), d.finished, "persons"),
        Figure(
            "programme.tipo.employed",
            _("Vocational education: employed after finishing"),
            d.employed,
            "persons",
        ),
        Figure("programme.tipo.allocated", _("Vocational education: money allocated"), d.allocated, "tenge"),
        Figure("programme.tipo.spent", _("Vocational education: money spent"), d.spent, "tenge"),
        Figure(
            "programme.tipo.spent_percent",
            _("Vocational education: share of the money spent"),
            d.spent_percent,
            "percent",
        ),
    ]
    for project in YouthProject:
        figures.append(
            Figure(f"programme.youth.{project.value}", str(project.label), d.youth[project.value], "persons")
        )
    figures.append(
        Figure(
            "programme.youth.employed",
            _("Youth projects: ended employed or with a business of their own"),
            d.youth_employed,
            "persons",
        )
    )
    for kind in ContestKind:
        figures += [
            Figure(
                f"programme.contest.{kind.value}",
                _("%(contest)s: participants and applications") % {"contest": kind.label},
                d.entries[kind.value],
                "participants",
            ),
            Figure(
                f"programme.contest.{kind.value}.winners",
                _("%(contest)s: winners") % {"contest": kind.label},
                d.winners[kind.value],
                "participants",
            ),
        ]
    figures += [
        Figure(
            "programme.status.start",
            _("Persons without a social status at the start of the year"),
            d.without_start,
            "persons",
        ),
        Figure(
            "programme.status.end",
            _("Persons without a social status at the end of the year"),
            d.without_end,
            "persons",
        ),
        Figure(
            "programme.status.confirmed", _("Social statuses confirmed in the year"), d.confirmed, "persons"
        ),
        Figure(
            "programme.status.confirmed_total",
            _("Social statuses confirmed since the lists began"),
            d.confirmed_total,
            "persons",
        ),
        Figure(
            "programme.status.confirmed_percent",
            _("Share of the persons listed whose status is confirmed"),
            d.confirmed_percent,
            "percent",
        ),
        Figure(
            "programme.involved",
            _("Persons without a status involved in the programme in the year"),
            sum(d.involved.values()),
            "persons",
        ),
    ]
    for measure in Measure:
        figures.append(
            Figure(
                f"programme.involved.{measure.value}",
                _("Involved: %(measure)s") % {"measure": measure.label},
                d.involved[measure.value],
                "persons",
            )
        )
    return figures + microfinance_lines(d.microfinance, section="programme")


PLAN_COLUMNS = (
    Column(gettext_lazy("Territory")),
    Column(gettext_lazy("Persons to enrol")),
    Column(gettext_lazy("Money allocated"), "tenge"),
    Column(gettext_lazy("Money spent"), "tenge"),
)
ENROLMENT_COLUMNS = (
    Column(gettext_lazy("Full name")),
    Column(gettext_lazy("IIN")),
    Column(gettext_lazy("College")),
    Column(gettext_lazy("Speciality")),
    Column(gettext_lazy("Studying from"), "date"),
    Column(gettext_lazy("Status")),
)
STEP_COLUMNS = (
    Column(gettext_lazy("Full name")),
    Column(gettext_lazy("IIN")),
    Column(gettext_lazy("College")),
    Column(gettext_lazy("Status")),
    Column(gettext_lazy("Date"), "date"),
)
YOUTH_COLUMNS = (
    Column(gettext_lazy("Full name")),
    Column(gettext_lazy("IIN")),
    Column(gettext_lazy("Project")),
    Column(gettext_lazy("From"), "date"),
    Column(gettext_lazy("Until"), "date"),
    Column(gettext_lazy("Outcome")),
)
ENTRY_COLUMNS = (
    Column(gettext_lazy("Participant")),
    Column(gettext_lazy("IIN or BIN")),
    Column(gettext_lazy("Nomination")),
    Column(gettext_lazy("Applied on"), "date"),
    Column(gettext_lazy("Winner")),
)
CASE_COLUMNS = (
    Column(gettext_lazy("Full name")),
    Column(gettext_lazy("IIN")),
    Column(gettext_lazy("Listed without a status on"), "date"),
    Column(gettext_lazy("Status confirmed on"), "date"),
)
INVOLVEMENT_COLUMNS = (
    Column(gettext_lazy("Full name")),
    Column(gettext_lazy("IIN")),
    Column(gettext_lazy("Measure")),
    Column(gettext_lazy("Date"), "date"),
)


def _show_plans(page: list[TipoPlan]) -> list[Shown]:
    url = reverse("employment:tipo_list")
    return [Shown((p.kato.name, p.persons, p.allocated, p.spent), (), url) for p in page]


def _show_enrolments(page: list[TipoEnrolment]) -> list[Shown]:
    url = reverse("employment:tipo_list")
    return [
        Shown(
            (
                e.person.full_name,
                masked_iin(e.person.iin),
                e.college,
                e.speciality,
                e.started,
                e.get_status_display(),
            ),
            (e.person_id,),
            url,
        )
        for e in page
    ]


def _show_steps(page: list[TipoEvent]) -> list[Shown]:
    url = reverse("employment:tipo_list")
    return [
        Shown(
            (
                s.enrolment.person.full_name,
                masked_iin(s.enrolment.person.iin),
                s.enrolment.college,
                s.get_status_display(),
                s.date,
            ),
            (s.enrolment.person_id,),
            url,
        )
        for s in page
    ]


def _show_youth(page: list[YouthParticipation]) -> list[Shown]:
    url = reverse("employment:youth_list")
    return [
        Shown(
            (
                y.person.full_name,
                masked_iin(y.person.iin),
                y.get_project_display(),
                y.started,
                y.ended,
                y.get_outcome_display(),
            ),
            (y.person_id,),
            url,
        )
        for y in page
    ]


def _show_entries(page: list[ContestEntry]) -> list[Shown]:
    return [
        Shown(
            (
                e.person.full_name if e.person is not None else e.enterprise,
                masked_iin(e.person.iin) if e.person is not None else e.bin,
                e.nomination.title,
                e.applied,
                _("yes") if e.winner else "",
            ),
            (e.person_id,) if e.person_id else (),
            reverse("employment:contest_detail", args=[e.nomination.contest_id]),
        )
        for e in page
    ]


def _show_cases(page: list[StatusCase]) -> list[Shown]:
    url = reverse("employment:status_list")
    return [
        Shown(
            (c.person.full_name, masked_iin(c.person.iin), c.listed_on, c.confirmed_on), (c.person_id,), url
        )
        for c in page
    ]


def _show_involvements(page: list[Involvement]) -> list[Shown]:
    url = reverse("employment:status_list")
    return [
        Shown(
            (i.case.person.full_name, masked_iin(i.case.person.iin), i.get_measure_display(), i.date),
            (i.case.person_id,),
            url,
        )
        for i in page
    ]


def _cases(found: QuerySet[StatusCase]) -> Records:
    ordered = found.select_related("person").order_by("listed_on", "id")
    return Records("status_cases", ordered, CASE_COLUMNS, _show_cases)


def programme_records(*, actor: Any, year: int, prefix: str, code: str) -> Records | None:  # noqa: C901, PLR0911
    """The records behind each figure of the section (none behind a share)."""
    what = code.removeprefix("programme.") if code.startswith("programme.") else ""
    where = {"actor": actor, "year": year, "prefix": prefix}
    start, end = q._bounds(year)
    if what in ("tipo.plan", "tipo.allocated", "tipo.spent"):
        amount = {"tipo.plan": "persons", "tipo.allocated": "allocated", "tipo.spent": "spent"}[what]
        plans = q.tipo_plans_of(**where).select_related("kato").order_by("kato", "id")
        return Records("tipo_plans", plans, PLAN_COLUMNS, _show_plans, amount=amount)
    if what in ("tipo.enrolled", "tipo.vacant_place", "tipo.studying"):
        found = q.tipo_studying_of(**where) if what == "tipo.studying" else q.tipo_enrolled_of(**where)
        found = found.filter(vacant_place=True) if what == "tipo.vacant_place" else found
        ordered = found.select_related("person").order_by("started", "id")
        return Records("tipo_enrolments", ordered, ENROLMENT_COLUMNS, _show_enrolments)
    steps = {
        "tipo.expelled": TipoStatus.EXPELLED,
        "tipo.finished": TipoStatus.FINISHED,
        "tipo.employed": TipoStatus.EMPLOYED,
    }
    if what in steps:
        events = q.tipo_steps_of(**where, status=steps[what]).select_related("enrolment__person")
        return Records("tipo_steps", events.order_by("date", "id"), STEP_COLUMNS, _show_steps)
    if what.startswith("youth."):
        project = what.removeprefix("youth.")
        if project == "employed":
            found_y = q.youth_employed_of(**where)
        elif project in YouthProject.values:
            found_y = q.youth_of(**where, project=project)
        else:
            return None
        ordered_y = found_y.select_related("person").order_by("started", "id")
        return Records("youth_participants", ordered_y, YOUTH_COLUMNS, _show_youth)
    if what.startswith("contest."):
        kind, _dot, winners = what.removeprefix("contest.").partition(".")
        if kind not in ContestKind.values or winners not in ("", "winners"):
            return None
        entries = q.entries_of(**where, kind=kind, winners=bool(winners)).select_related(
            "person", "nomination"
        )
        return Records("contest_entries", entries.order_by("nomination", "id"), ENTRY_COLUMNS, _show_entries)
    if what == "status.start":
        return _cases(q.without_status_on(actor=actor, day=start - dt.timedelta(days=1), prefix=prefix))
    if what == "status.end":
        return _cases(q.without_status_on(actor=actor, day=end, prefix=prefix))
    if what in ("status.confirmed", "status.confirmed_total"):
        since = start if what == "status.confirmed" else None
        return _cases(q.confirmed_of(actor=actor, prefix=prefix, since=since, until=end))
    if what == "involved" or what.startswith("involved."):
        measure = what.removeprefix("involved").removeprefix(".")
        if measure and measure not in Measure.values:
            return None
        found_i = q.involvements_of(**where, measure=measure).select_related("case__person")
        return Records(
            "involvements", found_i.order_by("date", "id"), INVOLVEMENT_COLUMNS, _show_involvements
        )
    return None


SECTIONS = (
    Section(
        "programme_people",
        gettext_lazy("Technical and vocational education, youth projects and social status"),
        22,
        programme_figures,
        programme_records,
    ),
)
