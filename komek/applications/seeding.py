"""Cases in bulk for the demo, the benchmark and the query-budget tests: applications in every
state, due dates spread around today, written with ``bulk_create`` in large batches (the history
row of each is one more batch). Not a path of real intake: real applications go through
``application_receive``."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from komek.applications.models import Application, Channel, Counter, Event, RefusalReason, Service, Status
from komek.common.workdays import add_working_days

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
    services = list(Service.objects.filter(active=True))
    reasons = list(RefusalReason.objects.all())
    statuses = list(STATUS_WEIGHTS)
    weights = list(STATUS_WEIGHTS.values())
    tz = timezone.get_current_timezone()
    rows = []
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
            start = received_day.replace(day=1)
            rows.append(
                Application(
                    number=f"{prefix}-{on.year}-{counter.value + i + 1:06d}",
                    service=service,
                    channel=rng.choice([c for c in service.channels] or [Channel.OFFICE]),
                    applicant_id=person_id,
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
                    period_end=(start + dt.timedelta(days=88)).replace(day=1) - dt.timedelta(days=1)
                    if amount
                    else None,
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
