"""Synthetic recipients and assignments in bulk, for the crash test and quick experiments.

Persons get valid IINs and the assignments valid IBANs; a share of them is terminated or
suspended, so that a payroll has months to skip. Everything goes in with ``bulk_create`` batches.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from komek.benefits.banks import banks_load
from komek.benefits.iban import make_iban
from komek.benefits.models import Assignment, AssignmentAmount, AssignmentKind, Suspension
from komek.common.kato import kato_load
from komek.registry.iin import make_iin
from komek.registry.models import Person
from komek.registry.names import person_search_key

PROGRAMMES = (("tsa", "republican"), ("housing", "local"), ("tb_outpatient", "local"))
_BATCH = 2000


def _iins(count: int) -> list[tuple[str, dt.date]]:
    out: list[tuple[str, dt.date]] = []
    day = dt.date(1960, 1, 1)
    serial = 1
    while len(out) < count:
        iin = make_iin(day, "male", serial)  # type: ignore[arg-type]
        if iin is not None:
            out.append((iin, day))
        serial += 1
        if serial > 9000:
            serial, day = 1, day + dt.timedelta(days=1)
    return out


@transaction.atomic
def seed_assignments(
    *,
    count: int,
    kato_code: str = "351610000",
    start: dt.date = dt.date(2020, 1, 1),
    end: dt.date = dt.date(2021, 12, 31),
) -> int:
    kato_load()
    banks_load()
    persons = [
        Person(
            iin=iin, surname="Тестов", name=f"Получатель{i}", birth_date=born, sex="male", kato_id=kato_code,
            search_key=person_search_key("Тестов", f"Получатель{i}"),
        )
        for i, (iin, born) in enumerate(_iins(count))
    ]  # fmt: skip
    Person.objects.bulk_create(persons, batch_size=_BATCH)
    persons = list(Person.objects.filter(iin__in=[p.iin for p in persons]).order_by("id"))
    assignments = []
    for i, person in enumerate(persons):
        programme, source = PROGRAMMES[i % len(PROGRAMMES)]
        terminated = dt.date(2020, 1 + i % 12, 1) if i % 10 == 3 else None
        assignments.append(
            Assignment(
                programme=programme, person=person, recipient=person, kato_code=kato_code,
                kind=AssignmentKind.REGULAR, monthly_amount=10000 + (i % 50) * 100, period_start=start,
                period_end=end, budget_source=source, bank_id="HSBKKZKX",
                iban=make_iban("601", f"{i + 1:013d}"),
                basis="seed", terminated_on=terminated, status="terminated" if terminated else "active",
                termination_reason="moved" if terminated else "",
            )
        )  # fmt: skip
    Assignment.objects.bulk_create(assignments, batch_size=_BATCH)
    rows = list(
        Assignment.objects.filter(person__in=persons).order_by("id").values_list("id", "monthly_amount")
    )
    AssignmentAmount.objects.bulk_create(
        [
            AssignmentAmount(assignment_id=aid, valid_from=start, monthly_amount=amount)
            for aid, amount in rows
        ],
        batch_size=_BATCH,
    )
    Suspension.objects.bulk_create(
        [
            Suspension(
                assignment_id=aid, reason="documents_pending",
                date_from=dt.date(2020, 2 + n % 10, 5), date_to=dt.date(2020, 3 + n % 10, 20),
            )
            for n, (aid, _amount) in enumerate(rows)
            if n % 7 == 2
        ],
        batch_size=_BATCH,
    )  # fmt: skip
    return len(rows)
