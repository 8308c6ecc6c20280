"""The register of services rendered at once: the services whose result is not money (a certificate,
a registration of the employment centre, a referral, a provision under the IPR, the papers of
special social services) received and given their result the same way, a set at a time.

A service that assigns money (TSA, housing assistance, the council's assistance, home schooling)
has a case: its calculation and decision are the case's (``intake``, ``cases``, ``decisions``) and
the register refuses it. Each row of the register becomes an application received through its
channel (the front office, the Government for Citizens' service centre, the portal...) and marked
rendered, with its registration number, its history row and its audit row, in one transaction:
all rows or none, the first bad row named.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter as Tally
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.applications.choices import Channel, Decision, Language, Status
from komek.applications.models import Application, Counter, Event, Service
from komek.applications.services._common import OBJECT_TYPE, now, staff
from komek.common import audit
from komek.common.audit import created
from komek.common.choices import AuditAction
from komek.common.errors import DomainError
from komek.common.workdays import add_working_days
from komek.registry.models import Membership, Person

if TYPE_CHECKING:
    from komek.accounts.policy import Actor


@dataclass(frozen=True)
class Rendered:
    """One service of the register: who applied, through which channel, when it was received and
    when its result was given."""

    applicant_id: int
    channel: str
    received_at: dt.datetime
    rendered_at: dt.datetime


def _service(code: str) -> Service:
    service = Service.objects.filter(code=code, active=True).first()
    if service is None:
        raise DomainError(_("Unknown state service: %(code)s.") % {"code": code}, field="service")
    if service.programmes:
        raise DomainError(
            _("“%(service)s” assigns money: each application is a case, it is not rendered by the register.")
            % {"service": service.name},
            field="service",
        )
    return service


def _check_rows(actor: Actor, service: Service, rows: Sequence[Rendered]) -> dict[int, Person]:
    """The applicants of the rows, each row checked: the first bad one named (rows count from 1)."""
    ids = {r.applicant_id for r in rows}
    persons = Person.objects.only("id", "kato_id", "death_date").in_bulk(ids)
    latest = now()
    for n, row in enumerate(rows, start=1):
        person = persons.get(row.applicant_id)
        problem = ""
        if row.channel not in Channel.values or row.channel not in service.channels:
            problem = _("the service is not received through the channel “%(channel)s”") % {
                "channel": Channel(row.channel).label if row.channel in Channel.values else row.channel
            }
        elif person is None:
            problem = _("no such person")
        elif person.death_date is not None:
            problem = _("the applicant is registered as deceased")
        elif not policy.in_territory(actor, person.kato_id):
            problem = _("the applicant's address is outside your territorial units")
        elif not row.received_at <= row.rendered_at <= latest:
            problem = _("the result must be given after the application is received and not in the future")
        if problem:
            raise DomainError(_("Row %(row)s: %(problem)s.") % {"row": n, "problem": problem}, field="rows")
    return persons


def _numbers(keys: list[str]) -> list[str]:
    """A registration number for each key (``<town prefix>-<year>``), counted on as ``next_number``
    does, each counter moved once for the whole set."""
    wanted = Tally(keys)
    first: dict[str, int] = {}
    for key in sorted(wanted):
        Counter.objects.get_or_create(key=key)
        counter = Counter.objects.select_for_update().get(key=key)
        first[key] = counter.value + 1
        counter.value += wanted[key]
        counter.save(update_fields=["value"])
    numbers = []
    for key in keys:
        numbers.append(f"{key}-{first[key]:06d}")
        first[key] += 1
    return numbers


def services_render(*, actor: Actor, service: str, rows: Sequence[Rendered], language: str = "ru") -> int:
    """Record the register's ``rows`` of ``service`` as applications received and rendered; returns
    how many. Nothing is written if a row is refused (its number and the reason in the error)."""
    policy.require(actor, Capability.APPLICATION_INTAKE, Capability.CASE_PROCESS)
    svc = _service(service)
    if language not in Language.values:
        raise DomainError(_("Unknown language: %(code)s.") % {"code": language}, field="language")
    if not rows:
        return 0
    documents = sorted(d.code for d in svc.documents.all() if d.required)
    with transaction.atomic():
        persons = _check_rows(actor, svc, rows)
        families = dict(
            Membership.objects.filter(person_id__in=persons, valid_to__isnull=True).values_list(
                "person_id", "family_id"
            )
        )
        days = [timezone.localtime(r.received_at).date() for r in rows]
        due: dict[dt.date, dt.date] = {}
        for day in days:
            if day not in due:
                due[day] = add_working_days(day, svc.deadline_working_days)
        keys = [f"{persons[r.applicant_id].kato_id[:4]}-{d.year}" for r, d in zip(rows, days, strict=True)]
        numbers = _numbers(keys)
        worker = staff(actor)
        apps = Application.objects.bulk_create(
            [
                Application(
                    number=number,
                    service=svc,
                    channel=row.channel,
                    applicant_id=row.applicant_id,
                    family_id=families.get(row.applicant_id),
                    kato_id=persons[row.applicant_id].kato_id,
                    language=language,
                    documents=documents,
                    received_at=row.received_at,
                    due_date=due[day],
                    received_by=worker,
                    caseworker=worker,
                    status=Status.RENDERED,
                    decision=Decision.RENDER,
                    decided_by=worker,
                    decided_at=row.rendered_at,
                )  # fmt: skip
                for row, day, number in zip(rows, days, numbers, strict=True)
            ]
        )
        Event.objects.bulk_create(
            Event(
                application=app,
                actor=worker,
                kind="rendered",
                status=Status.RENDERED,
                data={"channel": app.channel, "rendered_at": app.decided_at.isoformat()},
            )  # fmt: skip
            for app in apps
            if app.decided_at is not None
        )
        audit.bulk(
            actor=actor,
            action=AuditAction.CREATE,
            object_type=OBJECT_TYPE,
            entries=(
                audit.Entry(
                    object_id=app.pk,
                    person_id=app.applicant_id,
                    territory=app.kato_id,
                    changes=created(
                        {
                            "number": app.number,
                            "service": svc.code,
                            "channel": app.channel,
                            "received_at": app.received_at.isoformat(),
                            "rendered_at": app.decided_at.isoformat() if app.decided_at else None,
                        }
                    ),
                )  # fmt: skip
                for app in apps
            ),
            reason=_("Register of services rendered"),
        )
    return len(apps)
