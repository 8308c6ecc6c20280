"""The annual report's sections of money paid: TSA, housing assistance, assistance by council decisions.

Each is counted from the approved payrolls of the year (``selectors.paid_figures``): what was paid,
not what was assigned. A section takes the programmes of its state service as the legislation names
them (``service:`` of each programme version, the catalogue's codes below), so a council decision
entered later is counted without a change here.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from komek.benefits.choices import AssignmentKind
from komek.common.annual import Figure, Records, Section
from komek.common.money import round_tenge
from komek.legislation import loader
from komek.payments.purposes import programme_title
from komek.payments.selectors.paid import paid_by_programme, paid_figures, paid_figures_by_kind, paid_subjects
from komek.payments.selectors.traces import paid_records

# The catalogue's codes of the state services (komek/rules/data/services.yaml) whose payments these
# sections count.
TSA_SERVICE = "tsa"
HOUSING_SERVICE = "housing"
COUNCIL_SERVICE = "local_social_assistance"
HOME_SCHOOLING_SERVICE = "home_schooling"


def programmes_of(service: str) -> list[str]:
    """The codes of every programme version the legislation pays through ``service``."""
    return sorted({p.code for p in loader.application_engine().programmes if p.facts.service == service})


def tsa_figures(*, actor: Any, year: int, prefix: str) -> list[Figure]:
    """TSA: families, recipients (their members), money, the average a recipient a month, and the
    same for the unconditional and the conditional assistance."""
    codes = programmes_of(TSA_SERVICE)
    kinds = (
        ("unconditional", AssignmentKind.TSA_UNCONDITIONAL, _("unconditional cash assistance")),
        ("conditional", AssignmentKind.TSA_CONDITIONAL, _("conditional cash assistance")),
    )
    paid = paid_figures_by_kind(
        actor=actor, year=year, prefix=prefix, programmes=codes, kinds=[kind for _code, kind, _name in kinds]
    )
    total = paid[""]
    average = round_tenge(Decimal(total.amount) / total.persons / 12) if total.persons else None
    figures = [
        Figure("tsa.families", _("Families that received TSA"), total.families, "families"),
        Figure("tsa.recipients", _("Recipients of TSA (members of the families)"), total.persons, "persons"),
        Figure("tsa.amount", _("TSA paid"), total.amount, "tenge"),
        Figure("tsa.average", _("Average TSA a recipient a month"), average, "tenge"),
    ]
    for code, kind, name in kinds:
        part = paid[kind]
        figures += [
            Figure(
                f"tsa.{code}.families", _("Families, %(kind)s") % {"kind": name}, part.families, "families"
            ),
            Figure(
                f"tsa.{code}.recipients", _("Recipients, %(kind)s") % {"kind": name}, part.persons, "persons"
            ),
            Figure(f"tsa.{code}.amount", _("Paid, %(kind)s") % {"kind": name}, part.amount, "tenge"),
        ]
    return figures


def housing_figures(*, actor: Any, year: int, prefix: str) -> list[Figure]:
    """Housing assistance: families, persons in them, money."""
    paid = paid_figures(actor=actor, year=year, prefix=prefix, programmes=programmes_of(HOUSING_SERVICE))
    return [
        Figure("housing.families", _("Families that received housing assistance"), paid.families, "families"),
        Figure("housing.persons", _("Persons in those families"), paid.persons, "persons"),
        Figure("housing.amount", _("Housing assistance paid"), paid.amount, "tenge"),
    ]


def council_figures(*, actor: Any, year: int, prefix: str) -> list[Figure]:
    """Assistance by the decisions of the local council: persons and money, in total and per programme."""
    codes = programmes_of(COUNCIL_SERVICE)
    by_programme = paid_by_programme(actor=actor, year=year, prefix=prefix, programmes=codes)
    total = paid_figures(actor=actor, year=year, prefix=prefix, programmes=codes)
    figures = [
        Figure(
            "council.persons",
            _("Persons who received assistance by council decisions"),
            total.recipients,
            "persons",
        ),
        Figure("council.amount", _("Assistance by council decisions paid"), total.amount, "tenge"),
    ]
    language = get_language() or "ru"
    for code, (persons, amount) in by_programme.items():
        title = programme_title(code, dt.date(year, 12, 1), language)
        figures += [
            Figure(
                f"council.{code}.persons",
                _("%(programme)s: persons") % {"programme": title},
                persons,
                "persons",
            ),
            Figure(
                f"council.{code}.amount", _("%(programme)s: paid") % {"programme": title}, amount, "tenge"
            ),
        ]
    return figures


def home_schooling_figures(*, actor: Any, year: int, prefix: str) -> list[Figure]:
    """The reimbursement of home schooling of children with disability: "33 applicants for the sum
    of 935.0 thousand tenges" (the Balkhash report 2018) — the families (the parents paid), the
    children schooled at home the assignments are for, and the money."""
    codes = programmes_of(HOME_SCHOOLING_SERVICE)
    paid = paid_figures(actor=actor, year=year, prefix=prefix, programmes=codes)
    children = paid_subjects(actor=actor, year=year, prefix=prefix, programmes=codes)
    return [
        Figure(
            "home_schooling.families",
            _("Families reimbursed the costs of home schooling (applicants)"),
            paid.recipients,
            "families",
        ),
        Figure(
            "home_schooling.children", _("Children with disability schooled at home"), children, "persons"
        ),
        Figure("home_schooling.amount", _("Costs of home schooling reimbursed"), paid.amount, "tenge"),
    ]


# What each figure counts (``paid_records``): the last part of its code.
_COUNTS = {"families": "families", "recipients": "persons", "persons": "persons", "amount": "lines"}
_TSA_KINDS = {
    "unconditional": AssignmentKind.TSA_UNCONDITIONAL,
    "conditional": AssignmentKind.TSA_CONDITIONAL,
}


def tsa_records(*, actor: Any, year: int, prefix: str, code: str) -> Records | None:
    """``tsa.families`` → the families paid, ``tsa.recipients`` → their members, ``tsa.amount`` →
    the payment lines; the same of each kind (``tsa.conditional.families``...)."""
    parts = code.split(".")
    if parts[0] != "tsa" or len(parts) not in (2, 3) or parts[-1] not in ("families", "recipients", "amount"):
        return None
    kind = _TSA_KINDS.get(parts[1], "") if len(parts) == 3 else ""
    if len(parts) == 3 and not kind:
        return None
    return paid_records(
        actor=actor, year=year, prefix=prefix, programmes=programmes_of(TSA_SERVICE),
        counts=_COUNTS[parts[-1]], kind=kind,
    )  # fmt: skip


def housing_records(*, actor: Any, year: int, prefix: str, code: str) -> Records | None:
    """``housing.families`` / ``.persons`` / ``.amount`` → the families, their members, the lines."""
    what = code.removeprefix("housing.") if code.startswith("housing.") else ""
    if what not in ("families", "persons", "amount"):
        return None
    codes = programmes_of(HOUSING_SERVICE)
    return paid_records(actor=actor, year=year, prefix=prefix, programmes=codes, counts=_COUNTS[what])


def council_records(*, actor: Any, year: int, prefix: str, code: str) -> Records | None:
    """``council.persons`` → the recipients, ``council.amount`` → the lines; per programme too."""
    head, _dot, what = code.rpartition(".")
    if what not in ("persons", "amount") or not (head == "council" or head.startswith("council.")):
        return None
    codes = programmes_of(COUNCIL_SERVICE)
    if head != "council":
        programme = head.removeprefix("council.")
        if programme not in codes:
            return None
        codes = [programme]
    counts = "recipients" if what == "persons" else "lines"
    return paid_records(actor=actor, year=year, prefix=prefix, programmes=codes, counts=counts)


def home_schooling_records(*, actor: Any, year: int, prefix: str, code: str) -> Records | None:
    """``home_schooling.families`` → the parents paid, ``.children`` → the children schooled at
    home, ``.amount`` → the payment lines."""
    counts = {"families": "recipients", "children": "subjects", "amount": "lines"}
    what = code.removeprefix("home_schooling.") if code.startswith("home_schooling.") else ""
    if what not in counts:
        return None
    codes = programmes_of(HOME_SCHOOLING_SERVICE)
    return paid_records(actor=actor, year=year, prefix=prefix, programmes=codes, counts=counts[what])


SECTIONS = (
    Section("tsa", gettext_lazy("Targeted social assistance"), 30, tsa_figures, tsa_records),
    Section("housing", gettext_lazy("Housing assistance"), 40, housing_figures, housing_records),
    Section(
        "council",
        gettext_lazy("Social assistance by decisions of the local council"),
        50,
        council_figures,
        council_records,
    ),
    Section(
        "home_schooling",
        gettext_lazy("Reimbursement of the costs of home schooling of children with disability"),
        52,
        home_schooling_figures,
        home_schooling_records,
    ),
)
