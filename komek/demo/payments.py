"""The demo town's payments: assignments with valid IBANs, a paid month and a prepared month.

``payments_demo`` is what ``komek demo-payments`` runs. Assignments are created once (their basis
starts with ``DEMO``) by the demo itself (``system:demo``), which also prepares the payrolls of the
previous and the current month; the previous month's are approved by the demo head (an approval is
a person's, and never the preparer's), the current month's are left for approval. Two of the
previous month's TSA payments come back from the bank and one of those accounts is corrected, so the
current month's TSA payroll shows its changes since preparation and a payment waiting. The overpayment
is recorded by the demo caseworker (the ledger names the member of staff who recorded it).

``seed_assignments`` makes synthetic recipients and assignments in bulk, for the crash test and
quick experiments: persons get valid IINs and the assignments valid IBANs; a share of them is
terminated or suspended, so that a payroll has months to skip. Everything goes in with
``bulk_create`` batches.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from komek.accounts.models import User
from komek.benefits.banks import banks_load
from komek.benefits.choices import AssignmentKind
from komek.benefits.iban import make_iban
from komek.benefits.models import Assignment, AssignmentAmount, Suspension
from komek.benefits.services import (
    assignment_account_change,
    assignment_create,
    assignment_suspend,
    budget_shares,
)
from komek.common.kato import kato_load
from komek.common.money import round_tenge
from komek.common.periods import add_months, month_start, quarter_start
from komek.demo.guard import demo_actor
from komek.legislation.loader import shipped_engine
from komek.payments.choices import PayrollStatus
from komek.payments.models import Overpayment, PaymentLine, Payroll, ReturnFile
from komek.payments.services import overpayment_record, payroll_approve, payroll_returns_import, payroll_run
from komek.registry.iin import make_iin
from komek.registry.models import Membership, Person
from komek.registry.names import person_search_key
from komek.rules.schedule import version_on

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

PREFIX = "3516"  # Balkhash town administration
BANKS = (("HSBKKZKX", "601"), ("CASPKZKA", "722"), ("KCJBKZKX", "856"), ("IRTYKZKA", "965"))
MCI_2026 = 4325


def _quarter(day: dt.date) -> tuple[dt.date, dt.date]:
    first = quarter_start(day)
    return first, add_months(first, 3) - dt.timedelta(days=1)


def payments_demo(*, families: int = 300) -> str:
    """Fill the demo town's payments (idempotent); returns the line the command prints."""
    banks_load()
    if not User.objects.filter(username="demo_accountant").exists():
        call_command("demo_users", stdout=io.StringIO())
    users = {u.username: u for u in User.objects.filter(username__startswith="demo_")}
    caseworker, head = users["demo_caseworker"], users["demo_department_head"]
    actor = demo_actor()
    month = month_start(timezone.localdate())
    previous = add_months(month, -1)
    start, end = _quarter(previous)[0], _quarter(month)[1]
    created = 0
    if not Assignment.objects.filter(basis__startswith="DEMO", kato_code__startswith=PREFIX).exists():
        created = _assign(
            actor=actor, recorder=caseworker, count=families, start=start, end=end, previous=previous,
            month=month,
        )  # fmt: skip
    prepared: list[Payroll] = []
    for day, approve in ((previous, True), (month, False)):
        for payroll in payroll_run(actor=actor, month=day):
            if approve and payroll.status == PayrollStatus.PREPARED:
                payroll = payroll_approve(actor=head, payroll_id=payroll.pk)
            prepared.append(payroll)
    _returns(prepared, accountant=users["demo_accountant"], caseworker=caseworker)
    total = Assignment.objects.filter(basis__startswith="DEMO", kato_code__startswith=PREFIX).count()
    return (
        f"Balkhash: {total} demo assignments ({created} new); payrolls of {previous:%Y-%m} approved, "
        f"{month:%Y-%m} prepared for approval."
    )


def _returns(payrolls: list[Payroll], *, accountant: User, caseworker: User) -> None:
    """Two payments of last month's TSA come back from the bank (once); one recipient's account is
    corrected after this month was prepared: this month's page lists the correction and the payment
    to pay again as changes since preparation, and the other payment as waiting for an account."""
    approved = [p for p in payrolls if p.programme == "tsa" and p.status == PayrollStatus.APPROVED]
    if not approved or ReturnFile.objects.filter(payroll=approved[0]).exists():
        return
    payroll = approved[0]
    sent = list(  # the net of each payment, as the registry sent it
        PaymentLine.objects.filter(payroll=payroll)
        .values("assignment_id")
        .annotate(net=Sum("amount"))
        .order_by("assignment_id")[:2]
    )
    if len(sent) < 2:
        return
    rows = "".join(f"KMK{payroll.pk}-{x['assignment_id']},{x['net']},account closed\n" for x in sent)
    payroll_returns_import(
        actor=accountant, payroll_id=payroll.pk, file_name="demo-returns.csv",
        content=f"reference,amount,reason\n{rows}".encode(),
    )  # fmt: skip
    moved = sent[1]["assignment_id"]
    assignment_account_change(
        actor=caseworker, assignment_id=moved, bank_bic="CASPKZKA", iban=make_iban("722", f"9{moved:012d}"),
        note="demo",
    )  # fmt: skip


def _assign(
    *,
    actor: Actor,
    recorder: User,
    count: int,
    start: dt.date,
    end: dt.date,
    previous: dt.date,
    month: dt.date,
) -> int:
    heads = list(
        Membership.objects.filter(
            relation="head",
            valid_to__isnull=True,
            family__kato__code__startswith=PREFIX,
            person__death_date__isnull=True,
        )
        .order_by("family_id")
        .values_list("family_id", "person_id")[:count]
    )
    if not heads:
        raise CommandError("The demo town has no families: run `komek demo-data` first.")
    made: list[Assignment] = []
    for n, (family_id, person_id) in enumerate(heads):
        bic, code = BANKS[n % len(BANKS)]
        common: dict[str, Any] = {
            "actor": actor, "family_id": family_id, "person_id": None, "recipient_id": person_id,
            "period_start": start, "period_end": end, "bank_bic": bic,
            "iban": make_iban(code, f"{family_id:013d}"), "basis": f"DEMO-{n + 1:04d}",
        }  # fmt: skip
        if n % 6 == 5:  # a monthly local benefit in MCI: care of a lonely disabled person, 1 MCI
            made.append(
                assignment_create(
                    programme="balkhash.lonely_disabled_care", kind="regular",
                    monthly_amount=round_tenge(Decimal(1) * MCI_2026), amount_mci=Decimal(1),
                    **common,
                )
            )  # fmt: skip
            continue
        conditional = n % 4 == 1
        made.append(
            assignment_create(
                programme="tsa", kind="tsa_conditional" if conditional else "tsa_unconditional",
                monthly_amount=8000 + (family_id * 37) % 40 * 500,
                social_contract_ref=f"SC-{start:%Y}-{n + 1:04d}" if conditional else "", **common,
            )
        )  # fmt: skip
    # A little of everything the pages show: a suspension from this month, an overpayment.
    for a in made[3:5]:
        assignment_suspend(
            actor=actor, assignment_id=a.pk, date_from=month, date_to=None,
            reason="documents_pending", note="demo",
        )  # fmt: skip
    if not Overpayment.objects.filter(assignment=made[0]).exists():
        overpayment_record(
            actor=recorder, assignment_id=made[0].pk, amount=3000, reason="income_hidden",
            detected_on=previous, note="demo",
        )  # fmt: skip
    return len(made)


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


# TSA is co-financed in Balkhash (republican and local parts on every line); the others are local.
SEED_PROGRAMMES = ("tsa", "housing", "balkhash.tb_outpatient")
_BATCH = 2000


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
    engine = shipped_engine()
    shares = {
        code: budget_shares(version_on(engine, code, start, kato_code), kato_code) for code in SEED_PROGRAMMES
    }
    assignments = []
    for i, person in enumerate(persons):
        programme = SEED_PROGRAMMES[i % len(SEED_PROGRAMMES)]
        terminated = dt.date(2020, 1 + i % 12, 1) if i % 10 == 3 else None
        assignments.append(
            Assignment(
                programme=programme, person=person, recipient=person, kato_code=kato_code,
                kind=AssignmentKind.REGULAR, monthly_amount=10000 + (i % 50) * 100, period_start=start,
                period_end=end, budget_source=shares[programme].principal, **shares[programme].fields(),
                bank_id="HSBKKZKX",
                iban=make_iban("601", f"{i + 1:013d}"),
                basis="seed", terminated_on=terminated, status="terminated" if terminated else "active",
                termination_reason="moved" if terminated else "",
            )
        )  # fmt: skip
    Assignment.objects.bulk_create(assignments, batch_size=_BATCH)
    rows = list(
        Assignment.objects.filter(person__in=persons)
        .order_by("id")
        .values_list("id", "monthly_amount", "kato_code")
    )
    AssignmentAmount.objects.bulk_create(
        [
            AssignmentAmount(assignment_id=aid, territory=kato, valid_from=start, monthly_amount=amount)
            for aid, amount, kato in rows
        ],
        batch_size=_BATCH,
    )
    Suspension.objects.bulk_create(
        [
            Suspension(
                assignment_id=aid, territory=kato, reason="documents_pending",
                date_from=dt.date(2020, 2 + n % 10, 5), date_to=dt.date(2020, 3 + n % 10, 20),
            )
            for n, (aid, _amount, kato) in enumerate(rows)
            if n % 7 == 2
        ],
        batch_size=_BATCH,
    )  # fmt: skip
    return len(rows)
