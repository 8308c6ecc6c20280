"""The annual report's section of the commissions: "15 meetings of the special commission for the
consideration of applications of persons applying for social assistance in connection with the onset
of a difficult life situation... 94 citizens were given a positive opinion" (the Balkhash report 2018)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from komek.commissions.choices import Outcome
from komek.commissions.models import Item, Meeting
from komek.commissions.selectors import cases_of_year, commission_year, meetings_of_year
from komek.common.annual import Column, Figure, Records, Section, Shown, masked_iin


def commission_figures(*, actor: Any, year: int, prefix: str) -> list[Figure]:
    """Meetings held, cases considered and approved; per state service its meetings and cases."""
    data = commission_year(actor=actor, year=year, prefix=prefix)
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


def commission_records(*, actor: Any, year: int, prefix: str, code: str) -> Records | None:
    """``commissions.meetings`` → the signed meetings, ``.cases`` / ``.approved`` → the cases on
    their agendas; per state service its meetings and cases."""
    if not code.startswith("commissions."):
        return None
    what = code.removeprefix("commissions.")
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
