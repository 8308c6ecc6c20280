"""The annual report's section of state services: "the total number of the rendered public services
made 7327, 1190 of them through the Government for Citizens" (the Balkhash report 2018)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from komek.applications.choices import Channel
from komek.applications.selectors import services_rendered
from komek.common.annual import Figure, Section


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


SECTIONS = (Section("services", gettext_lazy("State services"), 10, services_figures),)
