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
from komek.applications.services.housing import housing_receipt_add
from komek.applications.services.intake import application_receive
from komek.benefits.iban import make_iban
from komek.commissions.services.meetings import agenda_build, meeting_create
from komek.commissions.services.signing import protocol_sign
from komek.commissions.services.votes import vote_cast
from komek.demo.year.clock import YearClock
from komek.demo.year.scenario import Application, Household, Plan
from komek.payments.services import payroll_approve, payroll_run
from komek.registry.models import Family, Membership, Person
from komek.registry.services.families import family_update_housing
from komek.registry.services.imports import persons_import
from komek.registry.services.incomes import income_record
from komek.registry.services.statuses import status_add

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
        for home in self.plan.households:
            head = self.heads[home.ref]
            if home.status:
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
        for month in app.reference if app.receipts else ():
            for code, (consumption, paid) in app.receipts.items():
                housing_receipt_add(
                    actor=staff.caseworker, application_id=case.pk, version=None, month=month, service=code,
                    consumption=consumption, paid=Decimal(paid),
                )  # fmt: skip
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
        services = {"tsa": "tsa", "housing": "housing", "council": "local_social_assistance"}
        steps = sorted(
            ((a.day, i, h, a) for h in self.plan.households for i, a in enumerate(h.applications)),
            key=lambda row: (row[0], row[2].ref, row[1]),
        )
        counts = {"applications": 0, "meetings": 0, "cases_voted": 0}
        meetings = list(self.plan.meetings)
        for month in range(1, 13):
            first = dt.date(self.plan.year, month, 1)
            for day, _i, home, app in [s for s in steps if s[0].month == month]:
                while meetings and meetings[0] < day:
                    counts["cases_voted"] += self.meeting(meetings.pop(0))
                    counts["meetings"] += 1
                case = self.receive(home, app, services[home.group])
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
            self.say(f"  {first:%Y-%m}: {counts['applications']} applications, {counts['meetings']} meetings")
        return counts


def timezone_day(case: Case) -> dt.date:
    """The day the case was received, in Almaty."""
    return timezone.localtime(case.received_at).date()
