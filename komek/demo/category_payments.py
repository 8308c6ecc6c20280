"""The demo town's Victory Day list: Balkhash's holiday payment to categories on 9 May 2018.

The synthetic population has no veterans of the Second World War (they would be over ninety), so
the demo records the status on some of the town's oldest persons: illustrative data, labelled as
such in each status's note. The caseworker selects the list, gives the persons without a known
account an IBAN and excludes one with a reason; the head approves it; the accountant prepares
May 2018's payroll and the head approves it, so the bank registry can be downloaded.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from komek.benefits.iban import make_iban
from komek.category_payments.models import PaymentList, PaymentListRow
from komek.category_payments.services import (
    payment_list_approve,
    payment_list_create,
    payment_list_row_correct,
    payment_list_row_exclude,
)
from komek.payments.models import PayrollStatus
from komek.payments.services import payroll_approve, payroll_run
from komek.registry.models import Membership, PersonStatus
from komek.registry.services.statuses import status_add

PROGRAMME = "balkhash.holiday_payment"
VICTORY_DAY = dt.date(2018, 5, 9)
TERRITORY = "351600000"
PREFIX = "3516"
VETERANS = 24
CATEGORIES = ("wwii_participant", "home_front", "equated", "home_front")
NOTE = "Demo: illustrative status of the demo town (synthetic population)"


def _veterans(actor: Any) -> None:
    """Give the town's oldest members of a family a veteran's status (once)."""
    if PersonStatus.objects.filter(kind="veteran", note=NOTE).exists():
        return
    oldest = (
        Membership.objects.filter(
            family__kato__code__startswith=PREFIX,
            valid_from__lte=VICTORY_DAY,
            valid_to__isnull=True,
            person__death_date__isnull=True,
        )
        .select_related("person")
        .order_by("person__birth_date", "person_id")[:VETERANS]
    )
    for n, membership in enumerate(oldest):
        status_add(
            actor=actor,
            person=membership.person,
            kind="veteran",
            subtype=CATEGORIES[n % len(CATEGORIES)],
            valid_from=dt.date(1995, 1, 1),
            note=NOTE,
        )


def victory_day_list(*, caseworker: Any, head: Any, accountant: Any, system: Any) -> PaymentList | None:
    """The approved and paid list (made once); None when the town has nobody old enough."""
    found = PaymentList.objects.filter(
        programme=PROGRAMME, event_date=VICTORY_DAY, territory=TERRITORY
    ).first()
    if found is None:
        _veterans(system)
        found = payment_list_create(
            actor=caseworker, programme=PROGRAMME, event_date=VICTORY_DAY, territory=TERRITORY
        )
        rows = list(PaymentListRow.objects.filter(payment_list=found).order_by("id"))
        if not rows:
            return None
        for n, row in enumerate(rows):
            if not row.iban:
                payment_list_row_correct(
                    actor=caseworker,
                    list_id=found.pk,
                    row_id=row.pk,
                    iban=make_iban("601", f"{9_000_000 + n:013d}"),
                    reason="Account from the pension fund's payment file",
                )
        payment_list_row_exclude(
            actor=caseworker,
            list_id=found.pk,
            row_id=rows[-1].pk,
            reason="Moved to Karaganda before the holiday",
        )
    if found.status == "draft":
        found = payment_list_approve(actor=head, list_id=found.pk)
    month = VICTORY_DAY.replace(day=1)
    for payroll in payroll_run(actor=accountant, month=month, programme=PROGRAMME):
        if payroll.status == PayrollStatus.PREPARED:
            payroll_approve(actor=head, payroll_id=payroll.pk)
    return found
