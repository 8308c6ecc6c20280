"""The state services' demo: cases in bulk for the demo, the benchmark and the query-budget tests
(applications in every state, due dates spread around today, written with ``bulk_create`` in large
batches, the history row of each one more batch), and a few cases walked the real way through
intake, the rules engine and a commission meeting. Bulk cases are not a path of real intake: real
applications go through ``application_receive``."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from komek.applications.choices import Channel, ServiceContext, Status
from komek.applications.models import Application, Counter, Event, RefusalReason, Service
from komek.common import periods
from komek.common.workdays import add_working_days
from komek.registry.models import Person

# Shares of the states in a working department's case load.
STATUS_WEIGHTS = {
    Status.IN_REVIEW: 30,
    Status.REGISTERED: 4,
    Status.COMMISSION: 8,
    Status.RETURNED: 6,
    Status.ASSIGNED: 38,
    Status.REFUSED: 12,
    Status.APPEALED: 2,
}
BIC, IBAN = "HSBKKZKX", "KZ20601KZT5004100100"


def seed_cases(
    *,
    applicants: Sequence[tuple[int, str, int | None]],
    caseworkers: Sequence[Any],
    count: int,
    prefix: str = "SEED",
    seed: int = 1,
    today: dt.date | None = None,
) -> int:
    """``count`` applications of ``applicants`` ((person id, KATO code, family id) triples) spread
    over ``caseworkers``; numbers ``<prefix>-<year>-<serial>``. Returns how many were written."""
    rng = random.Random(seed)  # noqa: S311 (demo data, not secrets)
    on = today or timezone.localdate()
    # The services whose cases this context decides into an assignment (not the certificate, not
    # the employment centre's or rehabilitation's registrations).
    offered = Service.objects.filter(active=True, context=ServiceContext.APPLICATIONS)
    services = [service for service in offered if service.programmes]
    reasons = list(RefusalReason.objects.all())
    statuses = list(STATUS_WEIGHTS)
    weights = list(STATUS_WEIGHTS.values())
    tz = timezone.get_current_timezone()
    rows = []
    # Each application carries its applicant's address beside the key (ADR 0070), read in one query.
    addresses = dict(Person.objects.filter(pk__in={a[0] for a in applicants}).values_list("pk", "kato_id"))
    with transaction.atomic():
        counter, _ = Counter.objects.get_or_create(key=f"{prefix}-{on.year}")
        Counter.objects.filter(pk=counter.pk).update(value=counter.value + count)
        for i in range(count):
            person_id, kato, family_id = applicants[rng.randrange(len(applicants))]
            service = services[rng.randrange(len(services))]
            status = rng.choices(statuses, weights)[0]
            if status == Status.COMMISSION and not service.commission:
                status = Status.IN_REVIEW
            days_ago = (
                rng.randrange(0, 25)
                if status in (Status.IN_REVIEW, Status.REGISTERED)
                else rng.randrange(3, 90)
            )
            received_day = on - dt.timedelta(days=days_ago)
            received = dt.datetime.combine(received_day, dt.time(9 + rng.randrange(8), rng.randrange(60)), tz)
            due = add_working_days(received_day, service.deadline_working_days)
            decided = status in (Status.ASSIGNED, Status.REFUSED, Status.APPEALED, Status.RETURNED)
            amount = rng.randrange(5, 60) * 1000 if status == Status.ASSIGNED else None
            start = periods.month_start(received_day)
            rows.append(
                Application(
                    number=f"{prefix}-{on.year}-{counter.value + i + 1:06d}",
                    service=service,
                    channel=rng.choice([c for c in service.channels] or [Channel.OFFICE]),
                    applicant_id=person_id,
                    applicant_territory=addresses[person_id],
                    family_id=family_id,
                    kato_id=kato,
                    language=rng.choice(["kk", "ru", "ru"]),
                    documents=[d for d in ("application", "identity", "bank_account")],
                    bank_bic=BIC,
                    iban=IBAN,
                    received_at=received,
                    due_date=due,
                    status=status,
                    caseworker=None if status == Status.REGISTERED else caseworkers[i % len(caseworkers)],
                    decision={Status.ASSIGNED: "assign", Status.RETURNED: "return"}.get(
                        status, "refuse" if status in (Status.REFUSED, Status.APPEALED) else ""
                    ),
                    decided_amount=amount,
                    period_start=start if amount else None,
                    period_end=periods.add_months(start, 2) - dt.timedelta(days=1) if amount else None,
                    refusal_reason=rng.choice(reasons)
                    if status in (Status.REFUSED, Status.APPEALED)
                    else None,
                    missing_documents=["incomes"] if status == Status.RETURNED else [],
                    decided_at=received + dt.timedelta(days=rng.randrange(1, 8)) if decided else None,
                )
            )
        created = Application.objects.bulk_create(rows, batch_size=2000)
        Event.objects.bulk_create(
            (Event(application=a, actor=a.caseworker, kind="received", status=a.status) for a in created),
            batch_size=2000,
        )
    return len(created)


def walk_cases(
    *,
    users: dict[str, Any],
    heads: Sequence[tuple[int, str, int | None]],
    town_kato: str,
    warn: Callable[[str], Any],
) -> int:
    """Five cases of the town's one-time assistance the real way; three decided by a meeting whose
    protocol the commission's secretary signs, two waiting for the next one. A case the engine
    refuses is told to ``warn`` and left. Returns how many cases reached the calculation."""
    from komek.applications.services.cases import (
        application_calculate,
        application_to_commission,
        application_verify,
    )
    from komek.applications.services.intake import application_receive
    from komek.commissions.services.meetings import agenda_build, meeting_create
    from komek.commissions.services.signing import protocol_sign
    from komek.commissions.services.votes import vote_cast
    from komek.common.errors import DomainError

    registrar, caseworker = users["demo_registrar"], users["demo_caseworker"]
    secretary = users["demo_commission_member"]
    documents = ["application", "identity", "residence", "family", "incomes", "situation_act", "bank_account"]
    waiting = []
    for i, (person_id, _kato, _family) in enumerate(heads[:5]):
        app = application_receive(
            actor=registrar, service="local_social_assistance", channel="akim" if i % 2 else "office",
            applicant_id=person_id, documents=documents, language="kk" if i % 2 else "ru",
            circumstances=["fire_damage"], bank_bic=BIC, iban=IBAN,
        )  # fmt: skip
        app = application_verify(actor=caseworker, application_id=app.pk, version=app.version,
                                 documents=app.documents, incomes_checked=True)  # fmt: skip
        try:
            app = application_calculate(actor=caseworker, application_id=app.pk, version=app.version)
        except DomainError as exc:
            warn(f"{app.number}: {exc}")
            continue
        waiting.append(app)

    def to_commission(apps: list[Application]) -> None:
        for app in apps:
            application_to_commission(actor=caseworker, application_id=app.pk, version=app.version)

    to_commission(waiting[:3])
    meeting = meeting_create(
        actor=secretary, kato=town_kato, date=timezone.localdate(), quorum=1, member_ids=[]
    )
    agenda_build(actor=secretary, meeting_id=meeting.pk)
    for i, item in enumerate(meeting.items.select_related("application")):
        approve = bool(item.application.programme) and i < 2  # two approved, one refused
        vote_cast(actor=secretary, item_id=item.pk, choice="for" if approve else "against")
    protocol_sign(actor=secretary, meeting_id=meeting.pk)
    to_commission(waiting[3:])  # for the next meeting
    return len(waiting)
