"""Reads of the microfinance organisations' work: the organisations, the centre's referrals and the
decisions, narrowed by capability and territory through the policy; and the named figures of a
period and territory, each a query over the records behind it, read together in one statement
(``komek.common.together``) by the report's sections.

- money provided: the plans of the years of the period for the money indicators (``AnnualPlan``);
- referrals issued: referrals dated in the period ("ЦЗН выдано направлений");
- projects financed and their sum: the financed decisions dated in the period;
- projects approved and their sum: the approvals dated in the period whose project was not financed
  by its end ("одобрено 3 проекта", approved and awaiting the money);
- guarantees approved and their sum: the guarantees' decisions dated in the period;
- projects refused: the refusals dated in the period.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.common import together
from komek.common.errors import NotFound
from komek.employment.choices import Indicator, MicrocreditDecision
from komek.employment.models import (
    AnnualPlan,
    MicrocreditDecisionRecord,
    MicrocreditReferral,
    MicrofinanceOrganisation,
)

VIEW = Capability.EMPLOYMENT_VIEW
D = MicrocreditDecision


def _seen(queryset: QuerySet[Any], actor: Any, field: str, prefix: str = "") -> QuerySet[Any]:
    """Rows the actor may read as the employment centre or as the report's reader, under ``prefix``."""
    policy.require_any(actor, VIEW, Capability.REPORT_VIEW)
    found = policy.scoped(queryset, actor, field=field)
    return found.filter(**{f"{field}__startswith": prefix}) if prefix else found


# The pages' lists.


def organisations(*, actor: Any) -> QuerySet[MicrofinanceOrganisation]:
    policy.require(actor, VIEW)
    return policy.scoped(
        MicrofinanceOrganisation.objects.select_related("kato"), actor, field="kato__code"
    ).annotate(
        referrals_count=Count("referrals", distinct=True),
        financed_count=Count(
            "referrals__decisions", filter=Q(referrals__decisions__decision=D.FINANCED), distinct=True
        ),
    )


def organisation_get(*, actor: Any, organisation_id: int) -> MicrofinanceOrganisation:
    found = organisations(actor=actor).filter(pk=organisation_id).first()
    if found is None:
        raise NotFound("No such microfinance organisation in your territory.")
    return found


def referrals_of(*, actor: Any, organisation: MicrofinanceOrganisation) -> QuerySet[MicrocreditReferral]:
    """The organisation's referrals the actor may see, with their persons and decisions."""
    policy.require(actor, VIEW)
    return policy.scoped(
        MicrocreditReferral.objects.filter(organisation=organisation)
        .select_related("person", "kato")
        .prefetch_related("decisions"),
        actor,
        field="kato__code",
    )


# The named figures of a period and territory.


def money_provided(*, actor: Any, start: dt.date, end: dt.date, prefix: str = "") -> QuerySet[AnnualPlan]:
    """The plans of money provided for microcredits and their guarantees in the period's years."""
    return _seen(
        AnnualPlan.objects.filter(
            year__gte=start.year,
            year__lte=end.year,
            target_group="",
            indicator__in=(Indicator.MICROCREDIT_FUND, Indicator.GUARANTEE_FUND),
        ),
        actor,
        "kato__code",
        prefix,
    )


def referrals_issued(
    *, actor: Any, start: dt.date, end: dt.date, prefix: str = ""
) -> QuerySet[MicrocreditReferral]:
    """The centre's referrals to the organisations dated in the period."""
    return _seen(
        MicrocreditReferral.objects.filter(referred_on__gte=start, referred_on__lte=end),
        actor,
        "kato__code",
        prefix,
    )


def decisions_in(
    *, actor: Any, start: dt.date, end: dt.date, prefix: str = "", decision: str = ""
) -> QuerySet[MicrocreditDecisionRecord]:
    """The decisions dated in the period (of one kind, when given)."""
    found = MicrocreditDecisionRecord.objects.filter(decided_on__gte=start, decided_on__lte=end)
    found = found.filter(decision=decision) if decision else found
    return _seen(found, actor, "referral__kato__code", prefix)


def _financed_by(end: dt.date) -> Exists:
    return Exists(
        MicrocreditDecisionRecord.objects.filter(
            referral=OuterRef("referral"), decision=D.FINANCED, decided_on__lte=end
        )
    )


def approved_awaiting(
    *, actor: Any, start: dt.date, end: dt.date, prefix: str = ""
) -> QuerySet[MicrocreditDecisionRecord]:
    """The approvals dated in the period of projects not financed by its end."""
    return decisions_in(actor=actor, start=start, end=end, prefix=prefix, decision=D.APPROVED).exclude(
        _financed_by(end)
    )


@dataclass(frozen=True)
class Microfinance:
    """The figures of a period and territory (money in tenge)."""

    microcredit_money: int
    guarantee_money: int
    referrals: int
    financed: int
    financed_sum: int
    approved: int
    approved_sum: int
    guarantees: int
    guarantees_sum: int
    refused: int


def microfinance_parts(
    *, actor: Any, start: dt.date, end: dt.date, prefix: str = ""
) -> dict[str, together.Part]:
    """The figures as parts of one statement, for a section reading other tables beside them."""
    where = {"actor": actor, "start": start, "end": end, "prefix": prefix}
    return {
        "mf_money": together.totals(
            money_provided(**where),
            credit=Sum("planned", filter=Q(indicator=Indicator.MICROCREDIT_FUND)),
            guarantee=Sum("planned", filter=Q(indicator=Indicator.GUARANTEE_FUND)),
        ),
        "mf_referrals": together.totals(referrals_issued(**where), n=Count("id")),
        "mf_decisions": together.totals(
            decisions_in(**where),
            financed=Count("id", filter=Q(decision=D.FINANCED)),
            financed_sum=Sum("amount", filter=Q(decision=D.FINANCED)),
            guarantees=Count("id", filter=Q(decision=D.GUARANTEE)),
            guarantees_sum=Sum("amount", filter=Q(decision=D.GUARANTEE)),
            refused=Count("id", filter=Q(decision=D.REFUSED)),
        ),
        "mf_approved": together.totals(approved_awaiting(**where), n=Count("id"), total=Sum("amount")),
    }


def microfinance_from(read: dict[str, dict[str, Any]]) -> Microfinance:
    """The figures out of a statement that read :func:`microfinance_parts`."""
    money, decisions, approved = read["mf_money"], read["mf_decisions"], read["mf_approved"]
    return Microfinance(
        microcredit_money=int(money["credit"] or 0),
        guarantee_money=int(money["guarantee"] or 0),
        referrals=int(read["mf_referrals"]["n"]),
        financed=int(decisions["financed"]),
        financed_sum=int(decisions["financed_sum"] or 0),
        approved=int(approved["n"]),
        approved_sum=int(approved["total"] or 0),
        guarantees=int(decisions["guarantees"]),
        guarantees_sum=int(decisions["guarantees_sum"] or 0),
        refused=int(decisions["refused"]),
    )


def microfinance_figures(*, actor: Any, start: dt.date, end: dt.date, prefix: str = "") -> Microfinance:
    """The figures of a period and territory in one query, whatever the number of records."""
    return microfinance_from(
        together.read(**microfinance_parts(actor=actor, start=start, end=end, prefix=prefix))
    )
