"""One beneficiary's way from the registry to money, walked as the department walks it.

A ``Journey`` says who the beneficiary is (a household with its statuses and incomes), how the
programme is reached (its state service: intake, verification, calculation, the commission when the
service has one, the decision; or its category lists: selection, the account, approval by a second
head) and what a hand computation says the 24 months of payrolls pay. ``Walk`` carries it out
through the services of every context, each step by the member of staff who does it, on a clock
set to the day the step happens (the services compare dates with today), and runs the payroll
month by month as the system does.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from komek.accounts.choices import Role
from komek.accounts.policy import system
from komek.benefits.iban import make_iban
from komek.benefits.models import Assignment
from komek.common.periods import add_months, month_start, months
from komek.payments.models import PaymentLine
from komek.rules.periods import reference_months

ALMATY_TZ = ZoneInfo("Asia/Almaty")
BIC, BANK_CODE = "HSBKKZKX", "601"  # Halyk Bank
_accounts = itertools.count(7000)
NAMES = {"female": ("Айгуль", "Жанар", "Аружан", "Дана"), "male": ("Нурлан", "Берик", "Ерлан", "Тимур")}


@dataclass(frozen=True)
class Member:
    """A member of the household: relation to its head, birth date, statuses ``(kind, category)``
    in force from before the journey, and a monthly income over the reference quarter."""

    relation: str
    born: dt.date
    sex: str = "female"
    statuses: tuple[tuple[str, str], ...] = ()
    income: int = 0
    income_type: str = "wages"


@dataclass(frozen=True)
class Journey:
    """One programme version walked to money; ``count`` and ``total`` are the hand computation."""

    code: str
    version: dt.date  # valid_from of the programme version walked
    place: str  # "balkhash" or "almaty"
    on: dt.date  # the day of the application (or of the first list)
    members: tuple[Member, ...]  # the first applies (or is listed)
    count: int  # payments (for a programme in kind: provisions) over the 24 months
    total: int  # their sum, tenge
    service: str | None = None  # None: paid from lists of categories
    circumstances: tuple[str, ...] = ()  # stated in the application
    amount: int | None = None  # decided by the commission or the caseworker; else the calculated
    months: int | None = None  # the term the caseworker assigns; else the service's default term
    lists: int = 1  # category lists, one a month from ``on``
    receipts: tuple[tuple[str, int, int], ...] = ()  # housing: (service, consumption, paid) a month
    in_kind: bool = False
    withdrawn_service: bool = False  # the service is no longer rendered today (rendered on ``on``)

    @property
    def id(self) -> str:
        return f"{self.code}@{self.version:%Y-%m}"


@dataclass(frozen=True)
class Place:
    address: str  # where the household lives (KATO)
    department: str  # the department's unit: staff, the commission, the lists


PLACES = {
    "balkhash": Place(address="351610000", department="351600000"),
    "almaty": Place(address="751110000", department="750000000"),
}


class Clock:
    """What the services take for now (``django.utils.timezone.now``): a fixed moment, moved by
    the walk to the day of each step."""

    def __init__(self) -> None:
        self.now = dt.datetime(2020, 1, 1, 10, tzinfo=ALMATY_TZ)

    def set(self, day: dt.date) -> None:
        self.now = dt.datetime(day.year, day.month, day.day, 10, tzinfo=ALMATY_TZ)

    def __call__(self) -> dt.datetime:
        return self.now.astimezone(dt.UTC)


@dataclass
class Staff:
    registrar: Any
    caseworker: Any
    secretary: Any
    head: Any
    head2: Any


class Walk:
    """Carries journeys out through the services (see the module's docstring)."""

    def __init__(self, make_user: Callable[..., Any], make_person: Callable[..., Any], clock: Clock) -> None:
        self.make_user, self.make_person, self.clock = make_user, make_person, clock
        self._staff: dict[str, Staff] = {}

    def staff(self, place: str) -> Staff:
        if place not in self._staff:
            units = (PLACES[place].department,)

            def user(role: str, name: str) -> Any:
                return self.make_user(role, units=units, username=f"{place}_{name}")

            self._staff[place] = Staff(
                registrar=user(Role.REGISTRAR, "registrar"),
                caseworker=user(Role.CASEWORKER, "caseworker"),
                secretary=user(Role.COMMISSION_MEMBER, "secretary"),
                head=user(Role.DEPARTMENT_HEAD, "head"),
                head2=user(Role.DEPARTMENT_HEAD, "head2"),
            )
        return self._staff[place]

    # --- the registry -------------------------------------------------------------------------
    def household(self, journey: Journey) -> Any:
        """Register the household through the registry's services; returns the first member."""
        from komek.registry.services.families import MemberSpec, family_create
        from komek.registry.services.incomes import income_record
        from komek.registry.services.statuses import status_add

        self.clock.set(journey.on)
        registrar, address = self.staff(journey.place).registrar, PLACES[journey.place].address
        year_before = journey.on - dt.timedelta(days=365)
        persons = [
            self.make_person(
                surname="Искакова" if m.sex == "female" else "Искаков",
                name=NAMES[m.sex][i % 4],
                birth_date=m.born,
                sex=m.sex,
                kato=address,
                actor=registrar,
            )  # fmt: skip
            for i, m in enumerate(journey.members)
        ]
        family_create(
            actor=registrar,
            members=[MemberSpec(p, m.relation) for p, m in zip(persons, journey.members, strict=True)],
            kato=address,
            dwellings_owned=1,
            living_area=Decimal(54),
            valid_from=max(year_before, *(m.born for m in journey.members)),
        )
        for person, member in zip(persons, journey.members, strict=True):
            for kind, category in member.statuses:
                status_add(
                    actor=registrar, person=person, kind=kind, subtype=category,
                    valid_from=max(year_before, member.born),
                )  # fmt: skip
            for month in reference_months(journey.on) if member.income else ():
                income_record(
                    actor=registrar, person=person, month=month, income_type=member.income_type,
                    amount=member.income,
                )  # fmt: skip
        return persons[0]

    # --- a state service ------------------------------------------------------------------------
    def case(self, journey: Journey, applicant: Any) -> Any:
        """The application received at the front office (with the housing receipts) and verified."""
        from komek.applications.models import Service
        from komek.applications.services.cases import application_verify
        from komek.applications.services.housing import ReceiptEntry, housing_receipts_add
        from komek.applications.services.intake import application_receive

        staff = self.staff(journey.place)
        self.clock.set(journey.on)
        if journey.withdrawn_service:
            Service.objects.filter(code=journey.service).update(active=True)  # as rendered on the day
        service = Service.objects.get(code=journey.service)
        app = application_receive(
            actor=staff.registrar, service=service.code, channel="office", applicant_id=applicant.pk,
            documents=[d.code for d in service.documents.all()], language="ru",
            circumstances=journey.circumstances, bank_bic=BIC, iban=make_iban(BANK_CODE, "KZT5004100100"),
        )  # fmt: skip
        if journey.receipts:
            receipts = [
                ReceiptEntry(month=month, service=code, consumption=Decimal(consumption), paid=Decimal(paid))
                for month in reference_months(journey.on)
                for code, consumption, paid in journey.receipts
            ]
            housing_receipts_add(
                actor=staff.caseworker, application_id=app.pk, version=None, receipts=receipts
            )
        return application_verify(
            actor=staff.caseworker, application_id=app.pk, version=None, documents=app.documents,
            incomes_checked=True,
        )  # fmt: skip

    def apply(self, journey: Journey, applicant: Any) -> None:
        """The application through its service, decided by the caseworker or the commission."""
        from komek.applications.services.cases import application_calculate
        from komek.applications.services.decisions import application_decide, default_period

        staff = self.staff(journey.place)
        app = self.case(journey, applicant)
        app = application_calculate(
            actor=staff.caseworker, application_id=app.pk, version=None, programme=journey.code
        )
        assert (app.programme, (app.calculation or {}).get("date")) == (journey.code, journey.on.isoformat())
        if app.service.commission:
            self.commission(journey, app.pk)
            return
        start, end = default_period(app)
        if journey.months:
            end = add_months(start, journey.months) - dt.timedelta(days=1)
        application_decide(
            actor=staff.caseworker, application_id=app.pk, version=None, decision="assign",
            amount=journey.amount or app.calculated_amount, period_start=start, period_end=end,
        )  # fmt: skip

    def commission(self, journey: Journey, application_id: int) -> None:
        """The case on the agenda of a meeting on the day, the amount set, voted, the protocol signed."""
        from komek.applications.services.cases import application_to_commission
        from komek.commissions.models import Item
        from komek.commissions.services.meetings import agenda_build, meeting_create
        from komek.commissions.services.signing import protocol_sign
        from komek.commissions.services.votes import item_set_amount, vote_cast

        staff = self.staff(journey.place)
        application_to_commission(actor=staff.caseworker, application_id=application_id, version=None)
        meeting = meeting_create(
            actor=staff.secretary, kato=PLACES[journey.place].department, date=journey.on, quorum=1,
            member_ids=[],
        )  # fmt: skip
        assert agenda_build(actor=staff.secretary, meeting_id=meeting.pk) == 1
        item = Item.objects.get(meeting=meeting, application_id=application_id)
        if journey.amount is not None:
            item_set_amount(actor=staff.secretary, item_id=item.pk, amount=journey.amount)
        vote_cast(actor=staff.secretary, item_id=item.pk, choice="for")
        protocol_sign(actor=staff.secretary, meeting_id=meeting.pk)

    # --- category lists -------------------------------------------------------------------------
    def lists(self, journey: Journey, person: Any) -> None:
        """One list a month from the journey's day: selected by the rules, the account entered for
        whoever has none yet, approved by the second head."""
        from komek.category_payments.models import PaymentListRow
        from komek.category_payments.services import (
            payment_list_approve,
            payment_list_create,
            payment_list_row_correct,
        )

        staff = self.staff(journey.place)
        for i in range(journey.lists):
            day = add_months(journey.on, i)
            self.clock.set(day)
            payment_list = payment_list_create(
                actor=staff.head, programme=journey.code, event_date=day,
                territory=PLACES[journey.place].department,
            )  # fmt: skip
            rows = list(PaymentListRow.objects.filter(payment_list=payment_list))
            assert [row.person_id for row in rows] == [person.pk], f"list of {day}: {rows}"
            for row in rows:
                if not row.iban:
                    payment_list_row_correct(
                        actor=staff.head, list_id=payment_list.pk, row_id=row.pk,
                        iban=make_iban(BANK_CODE, f"{next(_accounts):013d}"), reason="Account from the bank",
                    )  # fmt: skip
            payment_list_approve(actor=staff.head2, list_id=payment_list.pk)

    # --- the payroll ----------------------------------------------------------------------------
    def payrolls(self, first: dt.date, count: int = 24) -> None:
        """The month's payrolls prepared by the system, month after month."""
        from komek.payments.services import payroll_run

        for month in months(month_start(first), add_months(month_start(first), count - 1)):
            self.clock.set(month + dt.timedelta(days=24))
            payroll_run(actor=system("payroll-run"), month=month)


def paid() -> tuple[int, int]:
    """How many payment lines the payrolls hold, and their sum."""
    amounts = list(PaymentLine.objects.values_list("amount", flat=True))
    return len(amounts), sum(amounts)


def provided() -> tuple[int, int]:
    """For assistance in kind: the provisions the assignments record (each month their schedule
    provides, at the cost in force then), how many and their cost."""
    from komek.benefits.schedules import assignment_payments

    provisions = [p for a in Assignment.objects.prefetch_related("amounts") for p in assignment_payments(a)]
    return len(provisions), sum(p.amount for p in provisions)


def install(clock: Clock, monkeypatch: Any) -> None:
    """Make ``clock`` the services' now."""
    monkeypatch.setattr(timezone, "now", clock)
