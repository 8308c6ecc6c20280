"""The planned year carried out through the services, day by day on the year's calendar.

The households go into the registry through the bulk import (persons and families), the council
cases' diagnoses (statuses), housing and incomes through the registry's services; each application is
received at the front office, its receipts entered, verified, calculated by the rules engine (for
the programme applied for), sent to the commission when its service has one, and decided; the
commission meets, votes and signs its protocol; on the 25th of each month the payrolls are prepared
and approved. Each step is taken by the member of staff whose work it is.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils import timezone

from komek.applications.models import Application as Case
from komek.applications.models import Service
from komek.applications.services.cases import (
    application_calculate,
    application_to_commission,
    application_verify,
)
from komek.applications.services.decisions import application_decide, default_period
from komek.applications.services.housing import ReceiptEntry, housing_receipts_add
from komek.applications.services.intake import application_receive
from komek.benefits.iban import make_iban
from komek.commissions.services.meetings import agenda_build, meeting_create
from komek.commissions.services.signing import protocol_sign
from komek.commissions.services.votes import vote_cast
from komek.demo.rehabilitation.aids import AIDS, SUPPLIERS, VOUCHER_PRICE
from komek.demo.year.clock import YearClock
from komek.demo.year.home_schooling import register_children
from komek.demo.year.scenario import Application, Household, Plan
from komek.legislation.terms import legal_term
from komek.payments.services import payroll_approve, payroll_run
from komek.registry.models import Family, Membership, Person
from komek.registry.services.families import family_update_housing
from komek.registry.services.imports import persons_import
from komek.registry.services.incomes import income_record
from komek.registry.services.status_import import statuses_import
from komek.registry.services.statuses import status_add
from komek.rehabilitation.choices import HOURS_KINDS, ITEM_KINDS, AidKind, QueueStatus
from komek.rehabilitation.districts import district_of
from komek.rehabilitation.models import ContractLine, Entitlement, QueueEntry, Supplier
from komek.rehabilitation.services.ipr_import import COLUMNS as IPR_COLUMNS
from komek.rehabilitation.services.ipr_import import ipr_import
from komek.rehabilitation.services.supply import (
    LineInput,
    contract_create,
    delivery_record,
    issue_record,
    supplier_create,
)
from komek.rehabilitation.services.vouchers_hours import (
    hours_record,
    voucher_assign,
    voucher_close,
    vouchers_add,
)
from komek.rules.terms import SIGN_LANGUAGE_HOURS_PER_YEAR

BIC, BANK_CODE = "HSBKKZKX", "601"  # Halyk Bank
CSV_COLUMNS = (
    "iin", "surname", "name", "patronymic", "birth_date", "sex", "citizenship", "kato", "street", "phone",
    "email", "family_ref", "relation",
)  # fmt: skip


@dataclass
class Staff:
    registrar: Any
    caseworker: Any
    secretary: Any
    head: Any
    accountant: Any
    administrator: Any  # imports the households (the registry's bulk import)
    rehabilitation: Any  # the IPRs, the suppliers' contracts and deliveries, the issues


# The demo's suppliers, items and unit prices (komek/demo/rehabilitation/aids.py).
ITEMS: dict[str, str] = {str(kind): item for kind, _share, _price, item in AIDS}
PRICES: dict[str, int] = {str(kind): price for kind, _share, price, _item in AIDS}
ITEMS[AidKind.SANATORIUM] = "Санаторно-курортное лечение"
SANATORIUM = next(name for _bin, name, kinds in SUPPLIERS if AidKind.SANATORIUM in kinds)
# A personal assistant's hours a year in the IPR, as the demo's IPRs state them (aids.py); a
# sign-language specialist's are the legislation's yearly norm.
ASSISTANT_HOURS = 480


class CalculationDiffers(RuntimeError):
    """The rules engine gave another amount than the plan: the scenario does not reproduce the year."""


class YearWalk:
    def __init__(self, plan: Plan, staff: Staff, clock: YearClock, say: Callable[[str], Any]) -> None:
        self.plan, self.staff, self.clock, self.say = plan, staff, clock, say
        self.heads: dict[str, Person] = {}
        self._account = 0

    # --- the registry -------------------------------------------------------------------------
    def register(self) -> None:
        """The households through the bulk import, the council cases' statuses, the housing."""
        self.clock.set(self.plan.registered)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"households_{self.plan.year}.csv"
            with path.open("w", encoding="utf-8", newline="") as out:
                writer = csv.writer(out)
                writer.writerow(CSV_COLUMNS)
                writer.writerows(self.plan.persons.select(CSV_COLUMNS).iter_rows())
            result = persons_import(actor=self.staff.administrator, path=path, all_or_nothing=True)
        if result.rows_rejected or result.rows_imported != self.plan.persons.height:
            raise RuntimeError(
                f"The year's households were not imported: {result.rows_rejected} rows rejected."
            )
        heads = self.plan.persons.filter(relation="head").select("iin", "family_ref")
        by_iin = {p.iin: p for p in Person.objects.filter(iin__in=heads["iin"].to_list())}
        self.heads = {ref: by_iin[iin] for iin, ref in heads.iter_rows()}
        families = dict(
            Membership.objects.filter(person__in=self.heads.values(), valid_to__isnull=True).values_list(
                "person_id", "family_id"
            )
        )
        family_of = Family.objects.in_bulk(set(families.values()))
        self._statuses([h for h in self.plan.households if h.group == "rehab"])
        register_children(self.plan.households, self.heads, self.staff.registrar, self.plan.registered)
        for home in self.plan.households:
            head = self.heads[home.ref]
            if home.status and home.group != "rehab":
                kind, category = home.status
                status_add(
                    actor=self.staff.registrar, person=head, kind=kind, subtype=category,
                    valid_from=self.plan.registered,
                )  # fmt: skip
            if home.living_area:
                family_update_housing(
                    actor=self.staff.registrar, family=family_of[families[head.pk]],
                    living_area=Decimal(home.living_area), dwellings_owned=1,
                )  # fmt: skip

    def _statuses(self, homes: list[Household]) -> None:
        """The disability of the rehabilitation's persons, through the statuses import (all or none)."""
        if not homes:
            return
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"statuses_{self.plan.year}.csv"
            with path.open("w", encoding="utf-8", newline="") as out:
                writer = csv.writer(out)
                writer.writerow(("iin", "kind", "category", "valid_from", "valid_to", "note"))
                for home in homes:
                    kind, category = home.status or ("", "")
                    writer.writerow((self.heads[home.ref].iin, kind, category, self.plan.registered, "", ""))
            result = statuses_import(actor=self.staff.administrator, path=path)
        if result.errors:
            raise RuntimeError(f"The year's statuses were not imported: {result.errors[0]}")

    # --- rehabilitation -------------------------------------------------------------------------
    def iprs(self) -> dict[str, ContractLine]:
        """The IPRs through the import (the medical-social examination's delivery), each aid
        applied for; the year's contract of each aid with its supplier, delivered in January."""
        homes = [h for h in self.plan.households if h.group == "rehab"]
        if not homes:
            return {}
        issued, applied = self.plan.ipr_issued, self.plan.applied
        assert issued is not None and applied is not None
        self.clock.set(applied)
        hours_a_year: dict[str, int] = {
            AidKind.SIGN_LANGUAGE: legal_term(SIGN_LANGUAGE_HOURS_PER_YEAR, issued),
            AidKind.PERSONAL_ASSISTANT: ASSISTANT_HOURS,
        }
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(IPR_COLUMNS)
        for n, home in enumerate(homes, start=1):
            norm = 90 if home.aid == AidKind.HYGIENE else ""
            hours = hours_a_year.get(home.aid, "")
            writer.writerow(
                (self.heads[home.ref].iin, f"IPR-{self.plan.year}-{n:05d}", issued, issued, "", applied,
                 home.aid, ITEMS.get(home.aid, ""), 1, norm, hours, "")
            )  # fmt: skip
        ipr_import(actor=self.staff.rehabilitation, content=out.getvalue().encode(), file_name="iprs.csv")
        district = district_of(self.plan.address)
        lines: dict[str, ContractLine] = {}
        for bin_, name, kinds in SUPPLIERS:
            wanted = [k for k in kinds if k in ITEM_KINDS and any(h.aid == k and h.provided for h in homes)]
            if not wanted:
                continue
            self.clock.set(applied.replace(day=20))
            supplier = Supplier.objects.filter(bin=bin_).first() or supplier_create(
                actor=self.staff.rehabilitation, bin=bin_, name=name, kinds=[str(k) for k in kinds]
            )
            contract_lines = [
                LineInput(
                    kind=k,
                    item=ITEMS[k],
                    unit_price=PRICES[k],
                    quantity=sum(1 for h in homes if h.aid == k and h.provided),
                )
                for k in wanted
            ]
            contract = contract_create(
                actor=self.staff.rehabilitation, supplier=supplier, year=self.plan.year, district=district,
                number=f"{district[:4]}-{self.plan.year}-{bin_[-3:]}", signed_on=applied.replace(day=20),
                lines=contract_lines,
            )  # fmt: skip
            self.clock.set(applied.replace(day=31))
            for line in contract.lines.all():
                delivery_record(
                    actor=self.staff.rehabilitation, line=line, delivered_on=applied.replace(day=31),
                    quantity=line.quantity, document="ТН-1",
                )  # fmt: skip
                lines[line.kind] = line
        return lines

    def vouchers_and_hours(self) -> int:
        """The sanatorium's vouchers received in June, given in queue order to the persons the plan
        provides, used in July; the hours of the specialists and assistants given in March."""
        homes = [h for h in self.plan.households if h.group == "rehab" and h.provided]
        guests = [self.heads[h.ref] for h in homes if h.aid == AidKind.SANATORIUM]
        served = [self.heads[h.ref] for h in homes if h.aid in HOURS_KINDS]
        year, staff = self.plan.year, self.staff.rehabilitation
        if guests:
            self.clock.set(dt.date(year, 6, 4))
            vouchers = vouchers_add(
                actor=staff, district=district_of(self.plan.address), sanatorium=SANATORIUM,
                starts_on=dt.date(year, 7, 1), ends_on=dt.date(year, 7, 21), price=VOUCHER_PRICE,
                numbers=[f"SK-{year}-{n:04d}" for n in range(1, len(guests) + 1)],
            )  # fmt: skip
            entries = QueueEntry.objects.filter(
                person__in=guests, kind=AidKind.SANATORIUM, status=QueueStatus.WAITING
            ).order_by("priority", "applied_on", "id")
            for voucher, entry in zip(vouchers, entries, strict=True):
                voucher_assign(actor=staff, voucher=voucher, entry=entry, on=dt.date(year, 6, 4))
            self.clock.set(dt.date(year, 7, 23))
            for voucher in vouchers:
                voucher_close(actor=staff, voucher=voucher, used=True, on=dt.date(year, 7, 22))
        self.clock.set(dt.date(year, 3, 30))
        for entitlement in Entitlement.objects.filter(person__in=served, kind__in=list(HOURS_KINDS)):
            hours_record(
                actor=staff, entitlement=entitlement, month=dt.date(year, 3, 1), planned=10, given=10
            )
        return len(guests) + len(served)

    def issue(self, home: Household, line: ContractLine) -> None:
        assert home.provided is not None
        self.clock.set(home.provided, hour=12)
        serial = "" if home.aid == AidKind.HYGIENE else f"SN-{home.ref}"
        issue_record(
            actor=self.staff.rehabilitation, person=self.heads[home.ref], line=line, issued_on=home.provided,
            quantity=1, serial_number=serial, receipt_signed=True,
        )  # fmt: skip

    # --- the applications -----------------------------------------------------------------------
    def _iban(self) -> str:
        self._account += 1
        return make_iban(BANK_CODE, f"{self.plan.year}{self._account:09d}")

    def receive(self, home: Household, app: Application, service: str) -> Case:
        staff, head = self.staff, self.heads[home.ref]
        self.clock.set(app.day, hour=9)
        for month in app.reference if app.income else ():
            income_record(
                actor=staff.registrar,
                person=head,
                month=month,
                income_type=home.income_type,
                amount=app.income,
            )
        documents = list(Service.objects.get(code=service).documents.values_list("code", flat=True))
        case = application_receive(
            actor=staff.registrar, service=service, channel="office", applicant_id=head.pk,
            documents=documents, language="ru", circumstances=app.circumstances, bank_bic=BIC,
            iban=self._iban(),
        )  # fmt: skip
        self.clock.set(app.day, hour=11)
        if app.receipts:  # the quarter's bills, entered together
            receipts = [
                ReceiptEntry(month=month, service=code, consumption=consumption, paid=Decimal(paid))
                for month in app.reference
                for code, (consumption, paid) in app.receipts.items()
            ]
            housing_receipts_add(
                actor=staff.caseworker, application_id=case.pk, version=None, receipts=receipts
            )
        case = application_verify(
            actor=staff.caseworker, application_id=case.pk, version=None, documents=case.documents,
            incomes_checked=True,
        )  # fmt: skip
        case = application_calculate(
            actor=staff.caseworker, application_id=case.pk, version=None, programme=app.programme
        )
        if app.amount and case.calculated_amount != app.amount:
            raise CalculationDiffers(
                f"{case.number}: the rules engine gives {case.calculated_amount} tenge, "
                f"the plan {app.amount}."
            )
        return case

    def decide(self, case: Case) -> None:
        start, end = default_period(case)
        self.clock.set(timezone_day(case), hour=15)
        application_decide(
            actor=self.staff.caseworker, application_id=case.pk, version=None, decision="assign",
            amount=case.calculated_amount, period_start=start, period_end=end,
        )  # fmt: skip

    def meeting(self, day: dt.date) -> int:
        """The commission's meeting: the agenda of the cases waiting, each voted for, signed."""
        staff = self.staff
        self.clock.set(day, hour=14)
        meeting = meeting_create(
            actor=staff.secretary, kato=self.plan.territory, date=day, quorum=1, member_ids=[]
        )
        agenda_build(actor=staff.secretary, meeting_id=meeting.pk)
        items = list(meeting.items.all())
        for item in items:
            vote_cast(actor=staff.secretary, item_id=item.pk, choice="for")
        self.clock.set(day, hour=16)
        protocol_sign(actor=staff.secretary, meeting_id=meeting.pk)
        return len(items)

    def payrolls(self, month: dt.date) -> int:
        """The month's payrolls prepared by the accountant and approved by the head."""
        self.clock.set(month.replace(day=25), hour=10)
        prepared = payroll_run(actor=self.staff.accountant, month=month)
        self.clock.set(month.replace(day=25), hour=16)
        for payroll in prepared:
            if payroll.status == "prepared":
                payroll_approve(actor=self.staff.head, payroll_id=payroll.pk)
        return len(prepared)

    # --- the year -------------------------------------------------------------------------------
    def run(self) -> dict[str, int]:
        services = {"council": "local_social_assistance"}
        steps = sorted(
            ((a.day, i, h, a) for h in self.plan.households for i, a in enumerate(h.applications)),
            key=lambda row: (row[0], row[2].ref, row[1]),
        )
        counts = {"applications": 0, "meetings": 0, "cases_voted": 0, "issues": 0}
        meetings = list(self.plan.meetings)
        lines = self.iprs()
        issues = sorted(
            (h for h in self.plan.households if h.group == "rehab" and h.provided and h.aid in ITEM_KINDS),
            key=lambda h: (h.provided, h.ref),
        )
        for month in range(1, 13):
            first = dt.date(self.plan.year, month, 1)
            for home in [h for h in issues if h.provided and h.provided.month == month]:
                self.issue(home, lines[home.aid])
                counts["issues"] += 1
            if month == 7:
                counts["issues"] += self.vouchers_and_hours()
            for day, _i, home, app in [s for s in steps if s[0].month == month]:
                while meetings and meetings[0] < day:
                    counts["cases_voted"] += self.meeting(meetings.pop(0))
                    counts["meetings"] += 1
                case = self.receive(home, app, services.get(home.group, home.group))
                counts["applications"] += 1
                if case.service.commission:
                    application_to_commission(
                        actor=self.staff.caseworker, application_id=case.pk, version=None
                    )
                else:
                    self.decide(case)
            while meetings and meetings[0].month == month:
                counts["cases_voted"] += self.meeting(meetings.pop(0))
                counts["meetings"] += 1
            self.payrolls(first)
            self.say(
                f"  {first:%Y-%m}: {counts['applications']} applications, {counts['meetings']} meetings, "
                f"{counts['issues']} aids issued"
            )
        return counts


def timezone_day(case: Case) -> dt.date:
    """The day the case was received, in Almaty."""
    return timezone.localtime(case.received_at).date()
