"""The annual report's section of state services: "the total number of the rendered public services
made 7327, 1190 of them through the Government for Citizens" (the Balkhash report 2018)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from komek.applications.choices import Channel
from komek.applications.models import Application
from komek.applications.selectors.report import applications_of_year, services_rendered
from komek.common.annual import Column, Figure, Records, Section, Shown, masked_iin


def services_figures(*, actor: Any, year: int, prefix: str) -> list[Figure]:
    """Services rendered in total, per channel of intake and per service; applications received."""
    data = services_rendered(actor=actor, year=year, prefix=prefix)
    figures = [
        Figure("services.rendered", _("State services rendered"), data.rendered, "services"),
        Figure("services.received", _("Applications received"), data.received, "applications"),
    ]
    for channel in Channel:
        figures.append(
            Figure(
                f"services.channel.{channel.value}",
                _("Rendered through: %(channel)s") % {"channel": channel.label},
                data.by_channel.get(channel.value, 0),
                "services",
            )
        )
    for code, name, count in data.by_service:
        figures.append(Figure(f"services.service.{code}", name, count, "services"))
    return figures


APPLICATION_COLUMNS = (
    Column(gettext_lazy("Registration number")),
    Column(gettext_lazy("State service")),
    Column(gettext_lazy("Channel")),
    Column(gettext_lazy("Applicant")),
    Column(gettext_lazy("IIN")),
    Column(gettext_lazy("Received"), "date"),
    Column(gettext_lazy("Decision")),
)


def _show_applications(page: list[Application]) -> list[Shown]:
    return [
        Shown(
            (
                a.number,
                a.service.name,
                a.get_channel_display(),
                a.applicant.full_name,
                masked_iin(a.applicant.iin),
                a.received_at,
                a.get_decision_display(),
            ),
            (a.applicant_id,),
            reverse("applications:case_detail", args=[a.pk]),
        )
        for a in page
    ]


def applications_records(applications: QuerySet[Application]) -> Records:
    ordered = applications.select_related("service", "applicant").order_by("received_at", "id")
    return Records("applications", ordered, APPLICATION_COLUMNS, _show_applications)


def services_records(*, actor: Any, year: int, prefix: str, code: str) -> Records | None:
    """``services.rendered`` / ``.received`` → the applications; per channel and per service too."""
    if not code.startswith("services."):
        return None
    if code == "services.received":
        return applications_records(
            applications_of_year(actor=actor, year=year, prefix=prefix, rendered=False)
        )
    rendered = applications_of_year(actor=actor, year=year, prefix=prefix)
    if code == "services.rendered":
        return applications_records(rendered)
    if code.startswith("services.channel.") and code.removeprefix("services.channel.") in Channel.values:
        return applications_records(rendered.filter(channel=code.removeprefix("services.channel.")))
    if code.startswith("services.service."):
        return applications_records(rendered.filter(service__code=code.removeprefix("services.service.")))
    return None


SECTIONS = (Section("services", gettext_lazy("State services"), 10, services_figures, services_records),)
