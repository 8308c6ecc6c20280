"""The annual report's section of the centres: persons registered in the year, services by kind,
online services, events and their participants — each figure the number of its records.

"Всего в центрах зарегистрировано 33 848 чел., оказана информационно-консультативная помощь ... –
78 802 чел., методическая и юридическая помощь – 35 716 чел." and "В ЦАДах зарегистрировано 21 397
чел. ... Всего онлайн услуги получили – 4 706 пенсионеров" (the report of the Almaty Social Welfare
Department for 2020)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from komek.centres.choices import ServiceKind
from komek.centres.models import Event, Registration, Service
from komek.centres.selectors import events_in, registrations_in, services_in
from komek.common.annual import Column, Figure, Records, Section, Shown, masked_iin


def centres_figures(*, actor: Any, year: int, prefix: str) -> list[Figure]:
    registered = registrations_in(actor=actor, year=year, prefix=prefix).count()
    services = services_in(actor=actor, year=year, prefix=prefix)
    counts = services.aggregate(
        n=Count("id"), online=Count("id", filter=Q(online=True)),
        **{k: Count("id", filter=Q(kind=k)) for k in ServiceKind.values},
    )  # fmt: skip
    events = events_in(actor=actor, year=year, prefix=prefix).aggregate(
        n=Count("id"), people=Sum("participants")
    )
    figures = [
        Figure(
            "centres.registered", _("Persons registered at the centres in the year"), registered, "persons"
        ),
        Figure("centres.services", _("Services given to registered persons"), counts["n"], "services"),
    ]
    figures += [
        Figure(f"centres.service.{value}", str(label), counts[value], "services")
        for value, label in ServiceKind.choices
        if counts[value]
    ]
    figures += [
        Figure("centres.online", _("Services given online"), counts["online"], "services"),
        Figure("centres.events", _("Events of the centres"), events["n"], "events"),
    ]
    return figures


def _show_registrations(page: list[Registration]) -> list[Shown]:
    return [
        Shown(
            (masked_iin(r.person.iin), r.person.full_name, r.centre.name, r.registered_on),
            (r.person_id,),
            reverse("centres:centre_detail", args=[r.centre_id]),
        )
        for r in page
    ]


def _show_services(page: list[Service]) -> list[Shown]:
    return [
        Shown(
            (
                masked_iin(s.person.iin),
                s.person.full_name,
                s.centre.name,
                s.date,
                s.get_kind_display() + (f" ({_('online')})" if s.online else ""),
            ),
            (s.person_id,),
            reverse("centres:centre_detail", args=[s.centre_id]),
        )  # fmt: skip
        for s in page
    ]


def _show_events(page: list[Event]) -> list[Shown]:
    return [
        Shown(
            (e.title, e.centre.name, e.date, e.get_kind_display(), str(e.participants)),
            (),
            reverse("centres:centre_detail", args=[e.centre_id]),
        )
        for e in page
    ]


PERSON_COLUMNS = (
    Column(gettext_lazy("IIN")),
    Column(gettext_lazy("Full name")),
    Column(gettext_lazy("Centre")),
    Column(gettext_lazy("Date"), "date"),
)
SERVICE_COLUMNS = (*PERSON_COLUMNS, Column(gettext_lazy("Service")))
EVENT_COLUMNS = (
    Column(gettext_lazy("Title")),
    Column(gettext_lazy("Centre")),
    Column(gettext_lazy("Date"), "date"),
    Column(gettext_lazy("Kind")),
    Column(gettext_lazy("Participants")),
)


def _services(found: QuerySet[Service]) -> Records:
    ordered = found.select_related("person", "centre").order_by("date", "id")
    return Records("centre_services", ordered, SERVICE_COLUMNS, _show_services)


def centres_records(*, actor: Any, year: int, prefix: str, code: str) -> Records | None:
    """The registrations, services or events behind a figure of the section."""
    if code == "centres.registered":
        found = registrations_in(actor=actor, year=year, prefix=prefix)
        ordered = found.select_related("person", "centre").order_by("registered_on", "id")
        return Records("centre_registrations", ordered, PERSON_COLUMNS, _show_registrations)
    services = services_in(actor=actor, year=year, prefix=prefix)
    if code == "centres.services":
        return _services(services)
    if code == "centres.online":
        return _services(services.filter(online=True))
    if code.startswith("centres.service.") and code.removeprefix("centres.service.") in ServiceKind.values:
        return _services(services.filter(kind=code.removeprefix("centres.service.")))
    if code == "centres.events":
        found_events = events_in(actor=actor, year=year, prefix=prefix)
        return Records(
            "centre_events", found_events.select_related("centre").order_by("date", "id"), EVENT_COLUMNS,
            _show_events,
        )  # fmt: skip
    return None


SECTIONS = (
    Section(
        "centres",
        gettext_lazy("Family centres and active longevity centres"),
        68,
        centres_figures,
        centres_records,
    ),
)
