"""The annual report's section of rehabilitation: "prosthetic and orthopedic products - 116 people
(security 72,5%)" (the Balkhash report 2018), from the coverage table of the year (ADR 0009)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.common.annual import Figure, Records, Section
from komek.registry.selectors import persons_records
from komek.rehabilitation import choices
from komek.rehabilitation.selectors.coverage import coverage
from komek.rehabilitation.selectors.special import (
    INSTITUTION,
    served_persons,
    special_services,
    waiting_persons,
)
from komek.rehabilitation.selectors.stay_queue import (
    admitted_from_queue,
    persons_of,
    queue_figures,
    waiting_at_end,
)
from komek.rehabilitation.selectors.stays import served_persons as stay_persons
from komek.rehabilitation.selectors.stays import service_figures
from komek.rehabilitation.selectors.traces import aid_records

#: The unit each special service counts its persons in: early intervention counts children.
STAY_COUNTS: dict[str, str] = {choices.SpecialService.EARLY_INTERVENTION: "children"}


def rehabilitation_figures(*, actor: Any, year: int, prefix: str) -> list[Figure]:
    """Per aid kind: persons provided, the "security %" and the persons waiting at the year's end;
    then the money spent on provision."""
    policy.require(actor, Capability.REPORT_VIEW)
    table = coverage(user=actor, year=year, prefix=prefix)
    figures: list[Figure] = []
    for row in table.rows:
        names = {"aid": row.label}
        figures += [
            Figure(
                f"rehab.{row.kind}.provided", _("%(aid)s: persons provided") % names, row.provided, "persons"
            ),
            Figure(f"rehab.{row.kind}.security", _("%(aid)s: security") % names, row.security, "percent"),
            Figure(
                f"rehab.{row.kind}.queue",
                _("%(aid)s: waiting at the end of the year") % names,
                row.in_queue,
                "persons",
            ),
        ]
    figures.append(Figure("rehab.spent", _("Spent on provision under the IPRs"), table.total_spent, "tenge"))
    return figures


def rehabilitation_records(*, actor: Any, year: int, prefix: str, code: str) -> Records | None:
    """``rehab.<aid>.provided`` → the persons provided, ``rehab.<aid>.queue`` → those waiting."""
    parts = code.split(".")
    if len(parts) != 3 or parts[0] != "rehab" or parts[2] not in ("provided", "queue"):
        return None
    return aid_records(actor=actor, year=year, prefix=prefix, kind=parts[1], waiting=parts[2] == "queue")


def special_figures(*, actor: Any, year: int, prefix: str) -> list[Figure]:
    """Special social services: the persons served (at home, in day care, in institutions, by the
    social order's projects) and the persons waiting at the end of the year."""
    counts = special_services(actor=actor, year=year, prefix=prefix)
    served = {
        choices.CareSetting.HOME: _("Persons who received special social services at home"),
        choices.CareSetting.DAY: _("Persons who received special social services in day care"),
        INSTITUTION: _("Persons in medical-social institutions (inpatient care)"),
    }
    waiting = {
        choices.CareSetting.HOME: _("Waiting for social services at home at the end of the year"),
        choices.CareSetting.DAY: _("Waiting for day care at the end of the year"),
        INSTITUTION: _("In the queue for medical-social institutions at the end of the year"),
    }
    figures = [
        Figure("special.served", _("Persons who received special social services"), counts.served, "persons"),
    ]
    for setting, label in served.items():
        figures.append(
            Figure(f"special.{setting}.served", label, counts.served_in.get(setting, 0), "persons")
        )
        if setting == choices.CareSetting.HOME:
            for category, name in choices.CareCategory.choices:
                figures.append(
                    Figure(
                        f"special.home.{category}.served",
                        _("At home, of them: %(category)s") % {"category": name},
                        counts.home_by_category.get(category, 0),
                        "persons",
                    )
                )
    figures.append(
        Figure(
            "special.queue",
            _("In the queue for special social services at the end of the year"),
            counts.waiting,
            "persons",
        )
    )
    figures += [
        Figure(f"special.{setting}.queue", label, counts.waiting_for.get(setting, 0), "persons")
        for setting, label in waiting.items()
    ]
    figures += [
        Figure(
            "special.social_order.persons",
            _("Persons who received services within projects of the state social order"),
            counts.project_persons,
            "persons",
            plan=counts.project_persons_planned if counts.projects else None,
        ),
        Figure(
            "special.social_order.amount",
            _("Spent on projects of the state social order"),
            counts.project_spent,
            "tenge",
            plan=counts.project_planned if counts.projects else None,
        ),
    ]
    return figures + stay_figures(
        actor=actor,
        year=year,
        prefix=prefix,
        plans=counts.plans_by_service,
        counted=(counts.stay_persons, counts.beds),
    )


def stay_figures(
    *,
    actor: Any,
    year: int,
    prefix: str,
    plans: dict[str, tuple[int, int]] | None = None,
    counted: tuple[dict[str, int], dict[str, int | None]] | None = None,
) -> list[Figure]:
    """The special services given by stays (ADR 0040): per service the persons served (plan: the
    NGOs' projects' persons), the beds of its state centres and their occupancy, the amount of its
    projects; its queue (ADR 0045): waiting at the year's end, admitted from the queue, their
    average wait."""
    figures = []
    rows = service_figures(actor=actor, year=year, prefix=prefix, plans=plans, counted=counted)
    queues = queue_figures(actor=actor, year=year, prefix=prefix, beds={r.service: r.beds for r in rows})
    for row in rows:
        queue = queues[row.service]
        names = {"service": row.label}
        count = STAY_COUNTS.get(row.service, "persons")
        label = _("%(service)s: children served") if count == "children" else _("%(service)s: persons served")
        figures.append(
            Figure(
                f"special.{row.service}.{count}",
                label % names,
                row.persons,
                "persons",
                plan=row.planned_people,
            )
        )
        if row.beds is not None:
            figures.append(
                Figure(f"special.{row.service}.beds", _("%(service)s: beds") % names, row.beds, "beds")
            )
            if queue.occupancy is not None:
                figures.append(
                    Figure(
                        f"special.{row.service}.occupancy",
                        _("%(service)s: occupancy of the beds") % names,
                        queue.occupancy,
                        "percent",
                    )
                )
        if row.planned_amount is not None:
            figures.append(
                Figure(
                    f"special.{row.service}.amount",
                    _("%(service)s: amount of the state social order") % names,
                    row.planned_amount,
                    "tenge",
                )
            )
        figures += [
            Figure(
                f"special.{row.service}.waiting",
                _("%(service)s: waiting at the end of the year") % names,
                queue.waiting,
                "persons",
            ),
            Figure(
                f"special.{row.service}.from_queue",
                _("%(service)s: admitted from the queue") % names,
                queue.from_queue,
                "persons",
            ),
        ]
        if queue.average_wait is not None:
            figures.append(
                Figure(
                    f"special.{row.service}.wait_days",
                    _("%(service)s: average wait in the queue") % names,
                    queue.average_wait,
                    "days",
                )
            )
    return figures


def special_records(*, actor: Any, year: int, prefix: str, code: str) -> Records | None:
    """``special.served`` / ``special.<setting>.served`` / ``special.home.<category>.served`` → the
    persons served; ``special.queue`` / ``special.<setting>.queue`` → those waiting at the year's
    end; ``special.social_order.persons`` → the persons the projects served;
    ``special.<service>.persons`` (early intervention: ``.children``) → the persons its stays served;
    ``special.<service>.waiting`` / ``.from_queue`` → the persons of its queue (ADR 0045)."""
    parts = code.split(".")
    if parts[0] != "special" or len(parts) not in (2, 3, 4):
        return None
    settings = {"", *choices.CareSetting.values, INSTITUTION}
    if len(parts) == 3 and parts[1] in choices.SpecialService.values and parts[2] in QUEUE_RECORDS:
        stays = QUEUE_RECORDS[parts[2]](actor=actor, year=year, prefix=prefix, service=parts[1])
        persons = persons_of(stays)
    elif len(parts) == 3 and parts[1] in choices.SpecialService.values:
        if parts[2] != STAY_COUNTS.get(parts[1], "persons"):
            return None
        persons = stay_persons(actor=actor, year=year, prefix=prefix, service=parts[1])
    elif code == "special.social_order.persons":
        persons = served_persons(actor=actor, year=year, prefix=prefix, setting="social_order")
    elif len(parts) == 4 and parts[1] == choices.CareSetting.HOME and parts[3] == "served":
        if parts[2] not in choices.CareCategory.values:
            return None
        persons = served_persons(
            actor=actor, year=year, prefix=prefix, setting=choices.CareSetting.HOME, category=parts[2]
        )
    elif len(parts) in (2, 3) and parts[-1] in ("served", "queue"):
        setting = parts[1] if len(parts) == 3 else ""
        if setting not in settings:
            return None
        which = served_persons if parts[-1] == "served" else waiting_persons
        persons = which(actor=actor, year=year, prefix=prefix, setting=setting)
    else:
        return None
    return persons_records(persons)


#: The queue's figures of a service and the stays that are their records (ADR 0045).
QUEUE_RECORDS = {"waiting": waiting_at_end, "from_queue": admitted_from_queue}


SECTIONS = (
    Section(
        "rehabilitation",
        gettext_lazy("Persons with disabilities: provision and rehabilitation"),
        60,
        rehabilitation_figures,
        rehabilitation_records,
    ),
    Section("special", gettext_lazy("Special social services"), 62, special_figures, special_records),
)
