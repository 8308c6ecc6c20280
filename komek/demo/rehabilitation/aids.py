"""The demo town's rehabilitation: IPRs of the persons with disability ``komek demo-data`` made,
their queues, suppliers and contracts with deliveries and issues, vouchers, hours, home and day
care, residential placements and social-order projects. Idempotent: a district that already has
demo IPRs is left as it is. Everything is written in bulk (a few statements per table)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Sum

from komek.accounts.models import User
from komek.common.dated import in_force_q
from komek.common.periods import add_months, add_months_keep_day
from komek.common.validation import today
from komek.demo.guard import demo_actor
from komek.demo.rehabilitation.care import care, social_workers
from komek.legislation.terms import legal_term
from komek.registry.choices import StatusKind
from komek.registry.models import Person, PersonStatus
from komek.rehabilitation import choices
from komek.rehabilitation.districts import district_of
from komek.rehabilitation.models import (
    Contract,
    ContractLine,
    Delivery,
    Entitlement,
    HoursRecord,
    Ipr,
    Issue,
    QueueEntry,
    Supplier,
    Voucher,
)
from komek.rehabilitation.services.ipr import IprInput, ProvisionInput, insert_iprs
from komek.rules.terms import SIGN_LANGUAGE_HOURS_PER_YEAR

A = choices.AidKind
# (kind, share of persons with an IPR entitled to it, unit price in tenge, item)
AIDS = [
    (A.PROSTHETIC, 0.25, 410_000, "Протез голени"),
    (A.HEARING, 0.08, 85_000, "Слуховой аппарат заушный"),
    (A.TYPHLO, 0.06, 36_000, "Тифлотехнические средства"),
    (A.WHEELCHAIR, 0.15, 254_000, "Кресло-коляска комнатная"),
    (A.MOBILITY, 0.20, 16_000, "Ходунки, костыли, трость"),
    (A.HYGIENE, 0.30, 9_300, "Подгузники для взрослых"),
]
SANATORIUM_SHARE, SIGN_SHARE, ASSISTANT_SHARE = 0.40, 0.05, 0.20
SUPPLIERS = [
    ("180340012345", "ТОО «Ортомед-Караганда»", [A.PROSTHETIC, A.MOBILITY, A.WHEELCHAIR]),
    ("190540023456", "ТОО «СурдоТифлоТехника»", [A.HEARING, A.TYPHLO]),
    ("200740034567", "ТОО «Гигиена-Сервис»", [A.HYGIENE]),
    ("210940045678", "ОО «Центр жестового языка»", [A.SIGN_LANGUAGE, A.PERSONAL_ASSISTANT]),
    ("970240056789", "ТОО «Санаторий Бережки»", [A.SANATORIUM]),
]
VOUCHER_PRICE, VOUCHERS = 180_000, 80
HOUR_PRICE = {A.SIGN_LANGUAGE: 3_900, A.PERSONAL_ASSISTANT: 1_450}


@dataclass
class DemoResult:
    iprs: int = 0
    queued: int = 0
    issued: int = 0


def _disabled(district: str, on: dt.date) -> list[Person]:
    active = in_force_q(on)
    ids = PersonStatus.objects.filter(
        active, kind=StatusKind.DISABILITY, person__kato__code__startswith=district[:4]
    )
    return list(Person.objects.filter(pk__in=ids.values("person_id"), death_date__isnull=True).order_by("pk"))


def _iprs(persons: list[Person], rng: random.Random, on: dt.date) -> list[IprInput]:
    items = []
    sign_hours = legal_term(SIGN_LANGUAGE_HOURS_PER_YEAR, on)  # the yearly norm of the legislation
    for p in persons:
        if rng.random() > 0.8:
            continue
        issued = on - dt.timedelta(days=rng.randint(40, 3 * 365))
        provisions = [
            ProvisionInput(kind=k, item=item, monthly_norm=90 if k == A.HYGIENE else None)
            for k, share, _price, item in AIDS
            if rng.random() < share
        ]
        if rng.random() < SANATORIUM_SHARE:
            provisions.append(ProvisionInput(kind=A.SANATORIUM, item="Санаторно-курортное лечение"))
        if rng.random() < SIGN_SHARE:
            provisions.append(ProvisionInput(kind=A.SIGN_LANGUAGE, hours_per_year=sign_hours))
        if rng.random() < ASSISTANT_SHARE:
            provisions.append(ProvisionInput(kind=A.PERSONAL_ASSISTANT, hours_per_year=480))
        if not provisions:
            continue
        items.append(
            IprInput(
                person=p,
                number=f"DEMO-{p.pk}",
                issued_on=issued,
                valid_from=issued,
                valid_to=None,
                provisions=provisions,
                applied_on=issued + dt.timedelta(days=rng.randint(1, 20)),
            )
        )
    return items


def _supply(district: str, on: dt.date, rng: random.Random) -> dict[str, ContractLine]:
    """This year's contracts of the district, a line per aid kind, with 80% delivered."""
    suppliers = {}
    for bin_, name, kinds in SUPPLIERS:
        suppliers[bin_], _ = Supplier.objects.get_or_create(bin=bin_, defaults={"name": name, "kinds": kinds})
    waiting = dict(
        QueueEntry.objects.filter(district=district, status="waiting")
        .values("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )
    hours = dict(
        Entitlement.objects.filter(kind__in=choices.HOURS_KINDS, person__kato__code__startswith=district[:4])
        .values("kind")
        .annotate(n=Sum("hours_per_year"))
        .values_list("kind", "n")
    )
    lines: dict[str, ContractLine] = {}
    for n, (bin_, _name, kinds) in enumerate(SUPPLIERS, start=1):
        contract = Contract.objects.create(
            supplier=suppliers[bin_],
            number=f"{district[:4]}-{on.year}-{n}",
            year=on.year,
            district=district,
            signed_on=dt.date(on.year, 1, 20),
        )
        for kind in kinds:
            if kind == A.SANATORIUM:
                price = VOUCHER_PRICE
            else:
                price = HOUR_PRICE.get(kind) or next(a[2] for a in AIDS if a[0] == kind)
            item = next((a[3] for a in AIDS if a[0] == kind), str(choices.AidKind(kind).label))
            quantity = hours.get(kind, 0) if kind in choices.HOURS_KINDS else waiting.get(kind, 0)
            quantity = VOUCHERS if kind == A.SANATORIUM else max(5, quantity)
            lines[kind] = ContractLine.objects.create(
                contract=contract, kind=kind, item=item, unit_price=price, quantity=quantity
            )
    return lines


def _deliver_and_issue(lines: dict[str, ContractLine], district: str, on: dt.date, officer: User) -> int:
    """Deliver 80% of each item line; issue to the head of each queue in order while stock lasts."""
    deliveries, issues, provided = [], [], []
    for kind, line in lines.items():
        if kind not in choices.ITEM_KINDS:
            continue
        stock = int(line.quantity * 0.8)
        deliveries.append(
            Delivery(line=line, delivered_on=dt.date(on.year, 1, 31), quantity=stock, document="ТН-1")
        )
        head = (
            QueueEntry.objects.filter(district=district, kind=kind, status="waiting")
            .select_related("entitlement")
            .order_by("priority", "applied_on", "id")[: int(stock * 0.75)]
        )
        for entry in head:
            issued_on = max(dt.date(on.year, 2, 1), entry.applied_on)
            if issued_on > on:
                continue
            months = entry.entitlement.replacement_months
            issues.append(
                Issue(
                    person_id=entry.person_id,
                    entitlement=entry.entitlement,
                    line=line,
                    kind=kind,
                    issued_on=issued_on,
                    quantity=1,
                    serial_number=f"SN-{entry.pk:06d}" if kind != A.HYGIENE else "",
                    receipt_signed=True,
                    replace_after=add_months_keep_day(issued_on, months) if months else None,
                    issued_by=officer,
                )
            )
            entry.status, entry.closed_on = choices.QueueStatus.PROVIDED, issued_on
            provided.append(entry)
    Delivery.objects.bulk_create(deliveries)
    Issue.objects.bulk_create(issues, batch_size=2000)
    QueueEntry.objects.bulk_update(provided, ["status", "closed_on"], batch_size=2000)
    return len(issues)


def _vouchers_and_hours(lines: dict[str, ContractLine], district: str, on: dt.date) -> None:
    """Eighty vouchers of this summer: seventy assigned in queue order, sixty of them used; hours given
    monthly to everyone entitled to a sign-language specialist or a personal assistant."""
    start = dt.date(on.year, 6, 1) if on >= dt.date(on.year, 7, 1) else dt.date(on.year - 1, 6, 1)
    vouchers = [
        Voucher(
            district=district,
            sanatorium="Бережки" if i % 2 else "Береке",
            number=f"V-{district[:4]}-{start.year}-{i:03d}",
            starts_on=start,
            ends_on=start + dt.timedelta(days=20),
            price=VOUCHER_PRICE,
            line=lines.get(A.SANATORIUM),
        )
        for i in range(1, VOUCHERS + 1)
    ]
    head = list(
        QueueEntry.objects.filter(
            district=district, kind=A.SANATORIUM, status="waiting", applied_on__lte=start
        ).order_by("priority", "applied_on", "id")[:70]
    )
    for i, (voucher, entry) in enumerate(zip(vouchers, head, strict=False)):
        voucher.person_id, voucher.queue_entry, voucher.assigned_on = entry.person_id, entry, start
        voucher.status = choices.VoucherStatus.USED if i < 60 else choices.VoucherStatus.ASSIGNED
        if i < 60:
            voucher.closed_on = voucher.ends_on
            entry.status, entry.closed_on = choices.QueueStatus.PROVIDED, voucher.ends_on
    Voucher.objects.bulk_create(vouchers)
    QueueEntry.objects.bulk_update(head[:60], ["status", "closed_on"])
    records = []
    hours = Entitlement.objects.filter(
        kind__in=choices.HOURS_KINDS, person__kato__code__startswith=district[:4]
    )
    for e in hours:
        month = max(e.valid_from.replace(day=1), dt.date(on.year, 1, 1))
        monthly = (e.hours_per_year or 0) // 12
        while month < on.replace(day=1):
            records.append(
                HoursRecord(
                    entitlement=e,
                    person_id=e.person_id,
                    kind=e.kind,
                    month=month,
                    planned=monthly,
                    given=monthly,
                    line=lines.get(e.kind),
                )
            )
            month = add_months(month, 1)
    HoursRecord.objects.bulk_create(records, batch_size=2000)


@transaction.atomic
def demo_rehab(*, district: str, seed: int = 2026) -> DemoResult | None:
    """Fill one district; None when it already has demo IPRs (nothing is changed)."""
    district = district_of(district)
    if Ipr.objects.filter(number__startswith="DEMO-", person__kato__code__startswith=district[:4]).exists():
        return None
    on = today()
    rng = random.Random(seed)  # noqa: S311 (synthetic demo data)
    disabled = _disabled(district, on)
    items = _iprs(disabled, rng, on)
    iprs, entries = insert_iprs(items, actor=demo_actor(), source=choices.IprSource.IMPORT)
    officer = social_workers(district)[0]
    lines = _supply(district, on, rng)
    issued = _deliver_and_issue(lines, district, on, officer)
    _vouchers_and_hours(lines, district, on)
    care(district, disabled, on, rng)
    return DemoResult(iprs=len(iprs), queued=len(entries), issued=issued)
