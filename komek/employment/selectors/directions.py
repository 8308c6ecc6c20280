"""The figures of the programme's directions the plan-versus-actual table does not give, each a named
query over the records behind it (section VII of the report of the Almaty Social Welfare Department
for 2020): the short-term training finished ("Всего направлено 1 005 чел. (завершили 932 чел.)"),
its money and the regional commission's lists ("выделено 226,9 млн. тенге ... утверждены перечни 25
учебных центров, 27 профессий ... освоено 100%", ``selectors.training``, ADR 0062), the money of
the microcredits and the grants ("Выдано грантов до 200 МРП - 1 705 на 947,3 млн.
тенге"), the third direction's totals ("трудоустроено на временные рабочие места – 18 649 чел. ...;
выданы гранты до 200 МРП и микрокредиты – 1 858 чел.") and the employment centre's register
("зарегистрированы в качестве безработных 33 043 чел. На учете на конец месяца состоят 21 183 чел.,
в т.ч. 19 506 из числа безработных")."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet, Sum

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.common import together
from komek.common.annual import Records
from komek.common.money import round_share
from komek.employment.choices import MeasureKind, MeasureOutcome
from komek.employment.models import Jobseeker, Participation
from komek.employment.selectors import training
from komek.employment.selectors.figures import _territory
from komek.employment.selectors.microfinance import Microfinance, microfinance_from, microfinance_parts
from komek.employment.selectors.traces import _registrations, participations_records, training_records

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

#: "трудоустроено на временные рабочие места ...: социальные рабочие места ...; молодежная практика
#: ...; общественная работа".
TEMPORARY = (MeasureKind.SOCIAL_JOB, MeasureKind.YOUTH_PRACTICE, MeasureKind.PUBLIC_WORKS)
#: "выданы гранты до 200 МРП и микрокредиты".
BUSINESS = (MeasureKind.GRANT, MeasureKind.MICROCREDIT)
#: Short-term training's money and the regional commission's lists (ADR 0062); the share spent is
#: traced to nothing (a share of two figures).
TRAINING_CODES = (
    "employment.training.allocated",
    "employment.training.spent",
    "employment.training.spent_percent",
    "employment.training.centres",
    "employment.training.professions",
)
#: The figures of this module, each traced to its records by :func:`directions_records`.
CODES = frozenset(
    {
        "employment.temporary",
        "employment.grants_microcredits",
        "employment.training.finished",
        "employment.microcredit.amount",
        "employment.grant.amount",
        "employment.registered_unemployed",
        "employment.register",
        "employment.register.unemployed",
        *TRAINING_CODES,
    }
)


def _year(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def started_in(*, actor: Actor, year: int, prefix: str = "") -> QuerySet[Participation]:
    """Participations in measures started in the year."""
    policy.require(actor, Capability.EMPLOYMENT_VIEW)
    return Participation.objects.filter(_territory(actor, prefix), date_from__range=_year(year))


def training_finished_in(*, actor: Actor, year: int, prefix: str = "") -> QuerySet[Participation]:
    """Short-term vocational training completed in the year (the participation's outcome)."""
    policy.require(actor, Capability.EMPLOYMENT_VIEW)
    return Participation.objects.filter(
        _territory(actor, prefix),
        kind=MeasureKind.TRAINING,
        outcome=MeasureOutcome.COMPLETED,
        completed_on__range=_year(year),
    )


def registered_unemployed_in(*, actor: Actor, year: int, prefix: str = "") -> QuerySet[Jobseeker]:
    """Registrations given the status of unemployed in the year."""
    policy.require(actor, Capability.EMPLOYMENT_VIEW)
    return Jobseeker.objects.filter(_territory(actor, prefix), unemployed_from__range=_year(year))


def _open_on(day: dt.date) -> Q:
    return Q(registered_on__lte=day) & (Q(deregistered_on__isnull=True) | Q(deregistered_on__gt=day))


def register_on(*, actor: Actor, day: dt.date, prefix: str = "") -> QuerySet[Jobseeker]:
    """The register at the end of a day: registered by then and not deregistered by then."""
    policy.require(actor, Capability.EMPLOYMENT_VIEW)
    return Jobseeker.objects.filter(_territory(actor, prefix)).filter(_open_on(day))


def unemployed_on(*, actor: Actor, day: dt.date, prefix: str = "") -> QuerySet[Jobseeker]:
    """Of the register at the end of a day, those given the status of unemployed by then."""
    return register_on(actor=actor, day=day, prefix=prefix).filter(unemployed_from__lte=day)


@dataclass(frozen=True)
class Directions:
    temporary: int
    business: int
    training_finished: int
    microcredit_amount: int
    grant_amount: int
    registered_unemployed: int
    on_register: int
    on_register_unemployed: int
    microfinance: Microfinance
    training_sent: int = 0
    training_planned: int | None = None
    training_allocated: int | None = None
    training_spent: int = 0
    training_centres: int = 0
    training_professions: int = 0

    @property
    def training_spent_percent(self) -> Decimal | None:
        """The money spent on those sent as a share of the money allocated ("освоено 100%")."""
        return round_share(self.training_spent, self.training_allocated or 0)


def directions_year(*, actor: Actor, year: int, prefix: str = "") -> Directions:
    """The year's figures in one statement (``komek.common.together``), whatever the number of
    records; each is what the matching query above counts."""
    start, end = _year(year)
    read = together.read(
        measures=together.totals(
            started_in(actor=actor, year=year, prefix=prefix),
            temporary=Count("id", filter=Q(kind__in=TEMPORARY)),
            business=Count("id", filter=Q(kind__in=BUSINESS)),
            microcredit=Sum("amount", filter=Q(kind=MeasureKind.MICROCREDIT)),
            grant=Sum("amount", filter=Q(kind=MeasureKind.GRANT)),
        ),
        register=together.totals(
            Jobseeker.objects.filter(_territory(actor, prefix)),
            registered=Count("id", filter=Q(unemployed_from__range=(start, end))),
            on_register=Count("id", filter=_open_on(end)),
            unemployed=Count("id", filter=_open_on(end) & Q(unemployed_from__lte=end)),
        ),
        training=together.totals(
            training_finished_in(actor=actor, year=year, prefix=prefix), finished=Count("id")
        ),
        sent=together.totals(
            training.sent_in(actor=actor, year=year, prefix=prefix), sent=Count("id"), spent=Sum("amount")
        ),
        money=together.totals(
            training.plans_of(actor=actor, year=year, prefix=prefix),
            planned=Sum("planned"),
            allocated=Sum("allocated"),
        ),
        centres=together.distinct(
            "n", training.centres_of(actor=actor, year=year, prefix=prefix).values("pk")
        ),
        professions=together.distinct(
            "n", training.professions_of(actor=actor, year=year, prefix=prefix).values("pk")
        ),
        **microfinance_parts(actor=actor, start=start, end=end, prefix=prefix),
    )
    measures, register = read["measures"], read["register"]
    return Directions(
        temporary=int(measures["temporary"]),
        business=int(measures["business"]),
        training_finished=int(read["training"]["finished"]),
        microcredit_amount=int(measures["microcredit"] or 0),
        grant_amount=int(measures["grant"] or 0),
        registered_unemployed=int(register["registered"]),
        on_register=int(register["on_register"]),
        on_register_unemployed=int(register["unemployed"]),
        training_sent=int(read["sent"]["sent"]),
        training_planned=None if read["money"]["planned"] is None else int(read["money"]["planned"]),
        training_allocated=None if read["money"]["allocated"] is None else int(read["money"]["allocated"]),
        training_spent=int(read["sent"]["spent"] or 0),
        training_centres=int(read["centres"]["n"]),
        training_professions=int(read["professions"]["n"]),
        microfinance=microfinance_from(read),
    )


def directions_records(*, actor: Actor, year: int, prefix: str, code: str) -> Records | None:
    """The participations or the registrations behind a figure of :data:`CODES` (else ``None``)."""
    end = dt.date(year, 12, 31)
    if code == "employment.temporary":
        return participations_records(
            started_in(actor=actor, year=year, prefix=prefix).filter(kind__in=TEMPORARY)
        )
    if code == "employment.grants_microcredits":
        return participations_records(
            started_in(actor=actor, year=year, prefix=prefix).filter(kind__in=BUSINESS)
        )
    if code == "employment.training.finished":
        return participations_records(training_finished_in(actor=actor, year=year, prefix=prefix))
    if code in ("employment.microcredit.amount", "employment.grant.amount"):
        kind = code.split(".")[1]
        return dataclasses.replace(
            participations_records(started_in(actor=actor, year=year, prefix=prefix).filter(kind=kind)),
            amount="amount",
        )
    if code in TRAINING_CODES:
        return training_records(actor=actor, year=year, prefix=prefix, code=code)
    if code == "employment.registered_unemployed":
        return _registrations(registered_unemployed_in(actor=actor, year=year, prefix=prefix))
    if code == "employment.register":
        return _registrations(register_on(actor=actor, day=end, prefix=prefix))
    if code == "employment.register.unemployed":
        return _registrations(unemployed_on(actor=actor, day=end, prefix=prefix))
    return None
