"""The annual report's section of the commissions: "15 meetings of the special commission for the
consideration of applications of persons applying for social assistance in connection with the onset
of a difficult life situation... 94 citizens were given a positive opinion" (the Balkhash report 2018);
and per kind of commission (``commissions.kind.<kind>.*``) its meetings, the persons whose documents
were examined, the positive decisions, the certificates issued, the questions considered: "10
meetings of the commission on establishing work experience..., 15 people whose documents were
examined; 8 meetings of the commission on the Semipalatinsk test site, documents of 11 citizens
reviewed, positive decision for all; 3 meetings of the town tripartite commission; 2 meetings of the
Council for the Disabled"."""

from __future__ import annotations

from typing import Any

from django.db.models import Min, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from komek.commissions.choices import AGENDA_KINDS, CASE_KINDS, CaseDecision, Kind, Outcome
from komek.commissions.models import Case, Item, Meeting, Question
from komek.commissions.selectors import (
    KindYear,
    cases_of_year,
    certificates_of_year,
    commission_year,
    decided_of_year,
    kind_meetings_of_year,
    kinds_year,
    meetings_of_year,
    questions_of_year,
)
from komek.common.annual import Column, Figure, Records, Section, Shown, masked_iin


def commission_figures(*, actor: Any, year: int, prefix: str) -> list[Figure]:
    """Meetings held, cases considered and approved; per state service its meetings and cases."""
    kinds = kinds_year(actor=actor, year=year, prefix=prefix)
    held = next(k.meetings for k in kinds if k.kind == Kind.SOCIAL_ASSISTANCE)
    data = commission_year(actor=actor, year=year, prefix=prefix, held=held)
    figures = [
        Figure("commissions.meetings", _("Commission meetings held"), data.meetings, "meetings"),
        Figure("commissions.cases", _("Cases considered"), data.cases, "cases"),
        Figure("commissions.approved", _("Cases given a positive opinion"), data.approved, "cases"),
    ]
    for code, name, meetings, cases in data.by_service:
        names = {"service": name}
        figures += [
            Figure(f"commissions.{code}.meetings", _("%(service)s: meetings") % names, meetings, "meetings"),
            Figure(f"commissions.{code}.cases", _("%(service)s: cases considered") % names, cases, "cases"),
        ]
    return figures + kind_figures(actor=actor, year=year, prefix=prefix, kinds=kinds)


def kind_figures(*, actor: Any, year: int, prefix: str, kinds: list[KindYear] | None = None) -> list[Figure]:
    """Per kind of commission: meetings; persons examined, positive decisions, certificates; questions."""
    figures = []
    for row in kinds if kinds is not None else kinds_year(actor=actor, year=year, prefix=prefix):
        code, names = f"commissions.kind.{row.kind}", {"kind": Kind(row.kind).label}
        figures.append(Figure(f"{code}.meetings", _("%(kind)s: meetings") % names, row.meetings, "meetings"))
        if row.kind in CASE_KINDS:
            figures += [
                Figure(f"{code}.persons", _("%(kind)s: persons whose documents were examined") % names,
                       row.persons, "persons"),
                Figure(f"{code}.positive", _("%(kind)s: positive decisions") % names, row.positive, "cases"),
            ]  # fmt: skip
        if row.kind == Kind.SEMIPALATINSK:
            figures.append(
                Figure(f"{code}.certificates", _("%(kind)s: certificates issued") % names, row.certificates,
                       "certificates")
            )  # fmt: skip
        if row.kind in AGENDA_KINDS:
            figures.append(
                Figure(
                    f"{code}.questions",
                    _("%(kind)s: questions considered") % names,
                    row.questions,
                    "questions",
                )
            )
    return figures


MEETING_COLUMNS = (
    Column(gettext_lazy("Protocol number")),
    Column(gettext_lazy("Date"), "date"),
    Column(gettext_lazy("Territory")),
)
CASE_COLUMNS = (
    Column(gettext_lazy("Protocol number")),
    Column(gettext_lazy("Date"), "date"),
    Column(gettext_lazy("Registration number")),
    Column(gettext_lazy("State service")),
    Column(gettext_lazy("Applicant")),
    Column(gettext_lazy("IIN")),
    Column(gettext_lazy("Opinion")),
)


def _show_meetings(page: list[Meeting]) -> list[Shown]:
    return [
        Shown((m.number, m.date, m.kato.name), (), reverse("commissions:meeting_detail", args=[m.pk]))
        for m in page
    ]


def _show_cases(page: list[Item]) -> list[Shown]:
    return [
        Shown(
            (
                i.meeting.number,
                i.meeting.date,
                i.application.number,
                i.application.service.name,
                i.application.applicant.full_name,
                masked_iin(i.application.applicant.iin),
                i.get_outcome_display(),
            ),
            (i.application.applicant_id,),
            reverse("applications:case_detail", args=[i.application_id]),
        )
        for i in page
    ]


def _meetings(meetings: QuerySet[Meeting]) -> Records:
    return Records(
        "meetings", meetings.select_related("kato").order_by("date", "id"), MEETING_COLUMNS, _show_meetings
    )


def _cases(items: QuerySet[Item]) -> Records:
    ordered = items.select_related("meeting", "application__service", "application__applicant").order_by(
        "meeting__date", "meeting_id", "order", "id"
    )
    return Records("cases", ordered, CASE_COLUMNS, _show_cases)


KIND_CASE_COLUMNS = (
    Column(gettext_lazy("Case number")),
    Column(gettext_lazy("Full name")),
    Column(gettext_lazy("IIN")),
    Column(gettext_lazy("Protocol number")),
    Column(gettext_lazy("Date"), "date"),
    Column(gettext_lazy("Decision")),
    Column(gettext_lazy("Certificate number")),
)
QUESTION_COLUMNS = (
    Column(gettext_lazy("Protocol number")),
    Column(gettext_lazy("Date"), "date"),
    Column(gettext_lazy("Question")),
    Column(gettext_lazy("Decision taken")),
)


def _show_kind_cases(page: list[Case]) -> list[Shown]:
    return [
        Shown(
            (
                c.number,
                c.person.full_name,
                masked_iin(c.person.iin),
                c.meeting.number if c.meeting else "",
                c.meeting.date if c.meeting else None,
                c.get_decision_display(),
                c.certificate_number,
            ),
            (c.person_id,),
            reverse("commissions:case_detail", args=[c.pk]),
        )  # fmt: skip
        for c in page
    ]


def _kind_cases(cases: QuerySet[Case]) -> Records:
    ordered = cases.select_related("person", "meeting").order_by("number", "id")
    return Records("commission_cases", ordered, KIND_CASE_COLUMNS, _show_kind_cases)


def _show_questions(page: list[Question]) -> list[Shown]:
    return [
        Shown(
            (q.meeting.number, q.meeting.date, q.title, q.decision),
            (),
            reverse("commissions:meeting_detail", args=[q.meeting_id]),
        )  # fmt: skip
        for q in page
    ]


def _kind_records(*, actor: Any, year: int, prefix: str, kind: str, count: str) -> Records | None:
    if kind not in Kind.values:
        return None
    if count == "meetings":
        return _meetings(kind_meetings_of_year(actor=actor, year=year, prefix=prefix, kind=kind))
    if count == "questions" and kind in AGENDA_KINDS:
        questions = questions_of_year(actor=actor, year=year, prefix=prefix, kind=kind)
        ordered = questions.select_related("meeting").order_by("meeting__date", "meeting_id", "order", "id")
        return Records("questions", ordered, QUESTION_COLUMNS, _show_questions)
    if count == "certificates" and kind == Kind.SEMIPALATINSK:
        return _kind_cases(certificates_of_year(actor=actor, year=year, prefix=prefix))
    if kind not in CASE_KINDS:
        return None
    decided = decided_of_year(actor=actor, year=year, prefix=prefix, kind=kind)
    if count == "positive":
        return _kind_cases(decided.filter(decision=CaseDecision.POSITIVE))
    if count == "persons":  # one case a person: the first decided
        return _kind_cases(decided.filter(pk__in=decided.values("person").annotate(m=Min("pk")).values("m")))
    return None


def commission_records(*, actor: Any, year: int, prefix: str, code: str) -> Records | None:
    """``commissions.meetings`` → the signed meetings, ``.cases`` / ``.approved`` → the cases on
    their agendas; per state service its meetings and cases."""
    if not code.startswith("commissions."):
        return None
    what = code.removeprefix("commissions.")
    if what.startswith("kind."):
        kind, _dot, count = what.removeprefix("kind.").rpartition(".")
        return _kind_records(actor=actor, year=year, prefix=prefix, kind=kind, count=count)
    if what == "meetings":
        return _meetings(meetings_of_year(actor=actor, year=year, prefix=prefix))
    items = cases_of_year(actor=actor, year=year, prefix=prefix)
    if what == "cases":
        return _cases(items)
    if what == "approved":
        return _cases(items.filter(outcome=Outcome.APPROVED))
    service, _dot, count = what.rpartition(".")
    if not service or count not in ("meetings", "cases"):
        return None
    of_service = items.filter(application__service__code=service)
    if count == "cases":
        return _cases(of_service)
    return _meetings(Meeting.objects.filter(pk__in=of_service.values("meeting_id")))


SECTIONS = (
    Section(
        "commissions", gettext_lazy("Work of the commissions"), 70, commission_figures, commission_records
    ),
)
