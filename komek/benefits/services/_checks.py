"""Private helpers of the assignment services: the terms checked, the row locked, the change audited."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.benefits.choices import AssignmentKind, AssignmentStatus
from komek.benefits.iban import bank_code_of
from komek.benefits.models import Assignment, Bank
from komek.common import audit
from komek.common.choices import AuditAction
from komek.common.errors import DomainError, NotFound
from komek.common.periods import month_start
from komek.rules.errors import RulesError
from komek.rules.schedule import version_on

if TYPE_CHECKING:
    from komek.accounts.policy import Actor
    from komek.rules.programmes import Programme

OBJECT = audit.object_type_of(Assignment)
AUDITED = (
    "programme", "family", "person", "recipient", "kato_code", "kind", "status", "monthly_amount",
    "amount_mci", "amount_parameter", "amount_limit", "period_start", "period_end", "budget_source",
    "share_republican", "share_regional", "share_local", "bank", "iban", "basis", "application_id",
    "social_contract_ref", "previous", "terminated_on", "termination_reason",
)  # fmt: skip
# Who may create an assignment: the caseworker who decides, the commission that decides.
CREATORS = (Capability.ASSIGNMENT_MANAGE, Capability.CASE_PROCESS, Capability.COMMISSION_MANAGE)


def choice(value: str, choices: Any, *, field: str) -> str:
    if value not in choices.values:
        raise DomainError(_("Unknown value: %(value)s.") % {"value": value}, field=field)
    return value


def bank_of(bic: str, iban: str) -> Bank:
    bank = Bank.objects.filter(bic=(bic or "").strip().upper(), active=True).first()
    if bank is None:
        raise DomainError(_("Unknown bank: %(bic)s.") % {"bic": bic}, field="bank_bic", code="unknown_bank")
    if bank_code_of(iban) != bank.iban_code:
        raise DomainError(
            _("The IBAN belongs to another bank (bank code %(code)s), not to %(bank)s.")
            % {"code": bank_code_of(iban), "bank": bank.name},
            field="iban",
            code="iban_bank",
        )
    return bank


def overlapping(
    *, programme: str, family_id: int | None, person_id: int | None, start: dt.date, end: dt.date
) -> Assignment | None:
    beneficiary = Q(family_id=family_id) if family_id else Q(person_id=person_id, family__isnull=True)
    return (
        Assignment.objects.filter(beneficiary, programme=programme)
        .filter(status__in=[AssignmentStatus.ACTIVE, AssignmentStatus.SUSPENDED])
        .filter(period_start__lte=end, period_end__gte=start)
        .filter(Q(terminated_on__isnull=True) | Q(terminated_on__gt=start))
        .first()
    )


def programme_version(programme: str, on: dt.date, kato_code: str) -> Programme:
    """The programme's version in force on the assignment's first day where the beneficiary lives."""
    from komek.legislation.loader import application_engine

    try:
        return version_on(application_engine(), programme, on, kato_code)
    except RulesError:
        raise DomainError(
            _("Programme %(programme)s is not in force on %(date)s where the beneficiary lives.")
            % {"programme": programme, "date": on.strftime("%d.%m.%Y")},
            field="programme",
            code="programme",
        ) from None


def check_once_per(once_per: str | None, *, programme: str, family: Any, person: Any) -> None:
    """A programme paid "once per household" (or person) is never assigned twice to the same one."""
    if once_per is None:
        return
    if once_per == "household":
        if family is not None:
            members = list(family.memberships.values_list("person_id", flat=True))
            scope = Q(family_id=family.pk) | Q(person_id__in=members)
        else:
            families = person.memberships.values_list("family_id", flat=True)
            scope = Q(family_id__in=families) | Q(person_id=person.pk)
    else:
        scope = Q(person_id=person.pk) if person is not None else Q(family_id=family.pk)
    earlier = Assignment.objects.filter(scope, programme=programme).order_by("id").first()
    if earlier is not None:
        raise DomainError(
            _(
                "This assistance is given once and is not repeated: assignment No. %(id)s of %(date)s "
                "already gave it to this household."
            )
            % {"id": earlier.pk, "date": earlier.period_start.strftime("%d.%m.%Y")},
            field="programme",
            code="once_per",
        )


def check_terms(
    *,
    programme: str,
    kind: str,
    basis: str,
    monthly_amount: int,
    amount_limit: int | None,
    period_start: dt.date,
    period_end: dt.date,
    social_contract_ref: str,
) -> None:
    if not programme:
        raise DomainError(_("Name the programme."), field="programme")
    choice(kind, AssignmentKind, field="kind")
    if not (basis or "").strip():
        raise DomainError(_("Give the basis of the assignment (the decision)."), field="basis")
    if isinstance(monthly_amount, bool) or not isinstance(monthly_amount, int) or monthly_amount <= 0:
        raise DomainError(_("The amount is a positive whole number of tenge."), field="monthly_amount")
    if amount_limit is not None and monthly_amount > amount_limit:
        raise DomainError(
            _("The amount %(amount)s tenge is above the programme's limit of %(limit)s tenge.")
            % {
                "amount": f"{monthly_amount:,}".replace(",", " "),
                "limit": f"{amount_limit:,}".replace(",", " "),
            },
            field="monthly_amount",
            code="above_limit",
        )
    if period_end < period_start:
        raise DomainError(_("The end of the period is before its start."), field="period_end")
    if kind == AssignmentKind.ONE_TIME and month_start(period_start) != month_start(period_end):
        raise DomainError(_("A one-time payment's period lies within one month."), field="period_end")
    if kind == AssignmentKind.TSA_CONDITIONAL and not social_contract_ref:
        raise DomainError(
            _("Conditional assistance needs the social contract's reference."),
            field="social_contract_ref",
            code="social_contract",
        )


def locked(actor: Actor, assignment_id: int) -> Assignment:
    assignment = Assignment.objects.select_for_update().filter(pk=assignment_id).first()
    if assignment is None:
        raise NotFound(_("No such assignment."), field="assignment_id")
    policy.require_territory(actor, assignment.kato_code)
    return assignment


def audit_change(
    actor: Actor, assignment: Assignment, before: dict[str, Any], reason: str, **extra: Any
) -> None:
    changes: dict[str, Any] = audit.diff(before, audit.snapshot(assignment, AUDITED))
    changes.update(extra)
    audit.record(
        actor=actor, action=AuditAction.UPDATE, obj=assignment, person_id=assignment.recipient_id,
        changes=changes, reason=reason, territory=assignment.kato_code,
    )  # fmt: skip


def check_in_period(assignment: Assignment, day: dt.date, *, field: str) -> None:
    if not (assignment.period_start <= day <= assignment.period_end):
        raise DomainError(
            _("The date lies outside the assignment's period (%(start)s – %(end)s).")
            % {"start": assignment.period_start, "end": assignment.period_end},
            field=field,
        )
