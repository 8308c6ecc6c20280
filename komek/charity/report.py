"""The annual report's section of charity. "Продолжена работа по актуализации единой базы данных НПО,
меценатов, благотворителей и фондов ... С 1 августа реализуется проект «Социальный клуб «Шыңға өрлеу»
... В режиме онлайн клуб охватил 510 детей ... обучаются 390 детей. Трудоустроено 72 профессиональных
педагога из числа пенсионеров и людей с инвалидностью. Всего проектом «Шыңға өрлеу» охвачено 900 детей
... в декабре 2020 года 527 малообеспеченных семей, а также 455 детей из социально-уязвимых слоев
обеспечены одеждой, обувью, продуктовыми наборами, бытовой химией, новогодними подарками, играми и др."
(the report of the Almaty Social Welfare Department for 2020); "22 events have been held, attracting
sponsorship in the amount of 1.0 million tenge, covering 878 people" (the Balkhash department's report
for 2018). Every figure is counted from the records behind it."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from komek.charity.choices import CampaignKind
from komek.charity.models import Campaign, HelpLine, Partner, Sponsorship
from komek.charity.selectors import (
    campaigns_of,
    charity_year,
    children_of,
    families_of,
    lines_of,
    partners_of,
    projects_of,
    sponsored_events_of,
    sponsorships_of,
)
from komek.common.annual import Column, Figure, Records, Section, Shown, masked_iin
from komek.registry.selectors import families_records, persons_records
from komek.veterans.models import Event


def charity_figures(*, actor: Any, year: int, prefix: str) -> list[Figure]:
    d = charity_year(actor=actor, year=year, prefix=prefix)
    return [
        Figure("charity.campaigns", _("Charity campaigns"), d.campaigns, "campaigns"),
        Figure("charity.projects", _("Social projects"), d.projects, "campaigns"),
        Figure(
            "charity.partners",
            _("Partners taking part (NGOs, patrons, donors, funds)"),
            d.partners,
            "partners",
        ),
        Figure("charity.families", _("Families given help in kind"), d.families, "families"),
        Figure("charity.children", _("Children given help in kind"), d.children, "persons"),
        Figure("charity.help.lines", _("Help in kind given"), d.lines, "deliveries"),
        Figure("charity.help.value", _("Estimated value of the help in kind"), d.value, "tenge"),
        Figure(
            "charity.projects.children",
            _("Children covered by social projects"),
            d.children_online + d.children_offline,
            "persons",
        ),
        Figure("charity.projects.online", _("of them online"), d.children_online, "persons"),
        Figure("charity.projects.offline", _("of them in person"), d.children_offline, "persons"),
        Figure(
            "charity.projects.employed",
            _("Persons employed by social projects (pensioners, persons with disability)"),
            d.employed,
            "persons",
        ),
        Figure(
            "charity.sponsorship.amount",
            _("Sponsorship attracted for events for veterans"),
            d.sponsorship,
            "tenge",
        ),
        Figure("charity.sponsorship.events", _("Sponsored events for veterans"), d.events, "events"),
        Figure(
            "charity.sponsorship.persons", _("Persons covered by the sponsored events"), d.persons, "persons"
        ),
    ]


CAMPAIGN_COLUMNS = (
    Column(gettext_lazy("Title")),
    Column(gettext_lazy("Kind")),
    Column(gettext_lazy("Territory")),
    Column(gettext_lazy("From"), "date"),
    Column(gettext_lazy("Until"), "date"),
    Column(gettext_lazy("Children covered")),
    Column(gettext_lazy("Persons employed")),
)
PARTNER_COLUMNS = (
    Column(gettext_lazy("Name")),
    Column(gettext_lazy("Kind")),
    Column(gettext_lazy("BIN")),
    Column(gettext_lazy("Territory")),
)
LINE_COLUMNS = (
    Column(gettext_lazy("Recipient")),
    Column(gettext_lazy("IIN")),
    Column(gettext_lazy("What was given")),
    Column(gettext_lazy("Quantity")),
    Column(gettext_lazy("Estimated value"), "tenge"),
    Column(gettext_lazy("Date"), "date"),
)
SPONSORSHIP_COLUMNS = (
    Column(gettext_lazy("Partner")),
    Column(gettext_lazy("Event")),
    Column(gettext_lazy("Date"), "date"),
    Column(gettext_lazy("Amount"), "tenge"),
)
EVENT_COLUMNS = (
    Column(gettext_lazy("Event")),
    Column(gettext_lazy("Date"), "date"),
    Column(gettext_lazy("Territory")),
    Column(gettext_lazy("Persons covered")),
)


def _show_campaigns(page: list[Campaign]) -> list[Shown]:
    return [
        Shown(
            (c.title, c.get_kind_display(), c.kato.name, c.started, c.ended, c.children, c.employed),
            (),
            reverse("charity:campaign_detail", args=[c.pk]),
        )
        for c in page
    ]


def _show_partners(page: list[Partner]) -> list[Shown]:
    return [
        Shown(
            (p.name, p.get_kind_display(), p.bin, p.kato.name),
            (),
            reverse("charity:partner_detail", args=[p.pk]),
        )
        for p in page
    ]


def _show_lines(page: list[HelpLine]) -> list[Shown]:
    return [
        Shown(
            (
                str(line.family) if line.family_id else line.person.full_name,
                masked_iin(line.person.iin),
                line.get_item_display(),
                line.quantity,
                line.value,
                line.date,
            ),
            (line.person_id,),
            reverse("charity:campaign_detail", args=[line.campaign_id]),
        )
        for line in page
    ]


def _show_sponsorships(page: list[Sponsorship]) -> list[Shown]:
    return [
        Shown((s.partner.name, s.event.title, s.event.date, s.amount), (), reverse("charity:sponsorships"))
        for s in page
    ]


def _show_events(page: list[Event]) -> list[Shown]:
    return [
        Shown((e.title, e.date, e.kato.name, e.covered), (), reverse("charity:sponsorships")) for e in page
    ]


def _campaigns(found: QuerySet[Campaign], amount: str = "") -> Records:
    ordered = found.select_related("kato").order_by("started", "id")
    return Records("charity_campaigns", ordered, CAMPAIGN_COLUMNS, _show_campaigns, amount=amount)


def charity_records(*, actor: Any, year: int, prefix: str, code: str) -> Records | None:
    """The records behind each figure: campaigns, partners, families, children, help lines, events."""
    what = code.removeprefix("charity.") if code.startswith("charity.") else ""
    where = {"actor": actor, "year": year, "prefix": prefix}
    projects = {
        "projects": "",
        "projects.children": "children_covered",
        "projects.online": "children_online",
        "projects.offline": "children_offline",
        "projects.employed": "employed",
    }
    if what == "campaigns":
        return _campaigns(campaigns_of(**where, kind=CampaignKind.CAMPAIGN))
    if what in projects:
        return _campaigns(projects_of(**where), projects[what])
    if what == "partners":
        found = partners_of(**where).select_related("kato").order_by("name", "id")
        return Records("charity_partners", found, PARTNER_COLUMNS, _show_partners)
    if what == "families":
        return families_records(families_of(**where))
    if what == "children":
        return persons_records(children_of(**where))
    if what in ("help.lines", "help.value"):
        lines = lines_of(**where).select_related("person", "family").order_by("date", "id")
        return Records(
            "charity_help", lines, LINE_COLUMNS, _show_lines, amount="value" if what == "help.value" else ""
        )
    if what == "sponsorship.amount":
        found_s = sponsorships_of(**where).select_related("partner", "event").order_by("event__date", "id")
        return Records(
            "charity_sponsorships", found_s, SPONSORSHIP_COLUMNS, _show_sponsorships, amount="amount"
        )
    if what in ("sponsorship.events", "sponsorship.persons"):
        events = sponsored_events_of(**where).select_related("kato").order_by("date", "id")
        amount = "covered" if what == "sponsorship.persons" else ""
        return Records("events", events, EVENT_COLUMNS, _show_events, amount=amount)
    return None


SECTIONS = (Section("charity", gettext_lazy("Charity"), 69, charity_figures, charity_records),)
