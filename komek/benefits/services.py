"""Every write on assignments: create, suspend, resume, terminate, reassign for a new quarter.

Each function is one transaction with one audit row; on bad input it raises a ``DomainError``
naming the field and writes nothing. Recalculation after a parameter change is in
``komek.benefits.recalculation``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from komek.accounts.models import User
from komek.accounts.roles import Capability
from komek.benefits.iban import bank_code_of, validate_iban
from komek.benefits.models import (
    Assignment,
    AssignmentAmount,
    AssignmentKind,
    AssignmentStatus,
    Bank,
    BudgetSource,
    Suspension,
    SuspensionReason,
    TerminationReason,
)
from komek.benefits.refusals import audited_refusals
from komek.common.audit import audit_record, created, diff, snapshot
from komek.common.errors import DomainError, NotFound, PermissionDenied
from komek.common.models import AuditAction
from komek.registry.models import Family, Person
from komek.registry.services._common import require_territory

OBJECT = "benefits.assignment"
AUDITED = (
    "programme", "family", "person", "recipient", "kato_code", "kind", "status", "monthly_amount",
    "amount_mci", "amount_limit", "period_start", "period_end", "budget_source", "bank", "iban", "basis",
    "application_id", "social_contract_ref", "previous", "terminated_on", "termination_reason",
)  # fmt: skip
# Who may create an assignment: the caseworker who decides, the commission that decides.
_CREATORS = (Capability.ASSIGNMENT_MANAGE, Capability.CASE_PROCESS, Capability.COMMISSION_MANAGE)


def _require_any(actor: User, *capabilities: str) -> None:
    if not any(actor.can(c) for c in capabilities):
        raise PermissionDenied(_("Your role does not allow this action."))


def month_start(value: dt.date) -> dt.date:
    return value.replace(day=1)


def months_touched(start: dt.date, end: dt.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month + 1


def _choice(value: str, choices: Any, *, field: str) -> str:
    if value not in choices.values:
        raise DomainError(_("Unknown value: %(value)s.") % {"value": value}, field=field)
    return value


def _bank(bic: str, iban: str) -> Bank:
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


def _overlapping(
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


def _check_terms(
    *,
    programme: str,
    kind: str,
    budget_source: str,
    basis: str,
    monthly_amount: int,
    amount_limit: int | None,
    period_start: dt.date,
    period_end: dt.date,
    social_contract_ref: str,
) -> None:
    if not programme:
        raise DomainError(_("Name the programme."), field="programme")
    _choice(kind, AssignmentKind, field="kind")
    _choice(budget_source, BudgetSource, field="budget_source")
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


@audited_refusals(OBJECT, action=AuditAction.CREATE)
def assignment_create(
    *,
    actor: User,
    programme: str,
    family_id: int | None,
    person_id: int | None,
    recipient_id: int,
    kind: str,
    monthly_amount: int,
    period_start: dt.date,
    period_end: dt.date,
    budget_source: str,
    bank_bic: str,
    iban: str,
    basis: str,
    application_id: int | None = None,
    social_contract_ref: str = "",
    amount_limit: int | None = None,
    amount_mci: Decimal | None = None,
    previous_id: int | None = None,
) -> Assignment:
    """Assign a benefit; ``amount_mci`` (optional) makes the amount follow the MCI on recalculation."""
    _require_any(actor, *_CREATORS)
    programme = (programme or "").strip()
    social_contract_ref = (social_contract_ref or "").strip()
    _check_terms(
        programme=programme, kind=kind, budget_source=budget_source, basis=basis,
        monthly_amount=monthly_amount, amount_limit=amount_limit, period_start=period_start,
        period_end=period_end, social_contract_ref=social_contract_ref,
    )  # fmt: skip
    compact = validate_iban(iban)
    bank = _bank(bank_bic, compact)
    family = Family.objects.filter(pk=family_id).first() if family_id else None
    person = Person.objects.filter(pk=person_id).first() if person_id else None
    if family_id and family is None:
        raise DomainError(_("No such family."), field="family_id")
    if person_id and person is None:
        raise DomainError(_("No such person."), field="person_id")
    if family is None and person is None:
        raise DomainError(_("Name the beneficiary: a family or a person."), field="family_id")
    recipient = Person.objects.filter(pk=recipient_id).first()
    if recipient is None:
        raise DomainError(_("No such person."), field="recipient_id")
    kato_code = family.kato_id if family is not None else person.kato_id  # type: ignore[union-attr]
    require_territory(actor, kato_code)
    with transaction.atomic():
        # Lock the beneficiary so that two concurrent decisions cannot both pass the overlap check.
        if family is not None:
            Family.objects.select_for_update().filter(pk=family.pk).first()
        else:
            Person.objects.select_for_update().filter(pk=person.pk).first()  # type: ignore[union-attr]
        clash = _overlapping(
            programme=programme, family_id=family_id, person_id=person_id, start=period_start, end=period_end
        )
        if clash is not None and clash.pk != previous_id:
            raise DomainError(
                _("The period overlaps assignment No. %(id)s of the same programme (%(start)s – %(end)s).")
                % {"id": clash.pk, "start": clash.period_start, "end": clash.period_end},
                field="period_start",
                code="overlap",
            )
        assignment = Assignment.objects.create(
            programme=programme, family=family, person=person, recipient=recipient, kato_code=kato_code,
            kind=kind, monthly_amount=monthly_amount, amount_mci=amount_mci, amount_limit=amount_limit,
            period_start=period_start, period_end=period_end, budget_source=budget_source, bank=bank,
            iban=compact, basis=basis.strip(), application_id=application_id,
            social_contract_ref=social_contract_ref, previous_id=previous_id, created_by=actor,
        )  # fmt: skip
        AssignmentAmount.objects.create(
            assignment=assignment, valid_from=month_start(period_start), monthly_amount=monthly_amount,
            reason=basis.strip()[:200],
        )  # fmt: skip
        audit_record(
            actor=actor, action=AuditAction.CREATE, object_type=OBJECT, object_id=assignment.pk,
            person_id=recipient.pk, changes=created(snapshot(assignment, AUDITED)), territory=kato_code,
        )  # fmt: skip
    return assignment


def _locked(actor: User, assignment_id: int) -> Assignment:
    assignment = Assignment.objects.select_for_update().filter(pk=assignment_id).first()
    if assignment is None:
        raise NotFound(_("No such assignment."), field="assignment_id")
    require_territory(actor, assignment.kato_code)
    return assignment


def _audit_change(
    actor: User, assignment: Assignment, before: dict[str, Any], reason: str, **extra: Any
) -> None:
    changes: dict[str, Any] = diff(before, snapshot(assignment, AUDITED))
    changes.update(extra)
    audit_record(
        actor=actor, action=AuditAction.UPDATE, object_type=OBJECT, object_id=assignment.pk,
        person_id=assignment.recipient_id, changes=changes, reason=reason, territory=assignment.kato_code,
    )  # fmt: skip


def _check_in_period(assignment: Assignment, day: dt.date, *, field: str) -> None:
    if not (assignment.period_start <= day <= assignment.period_end):
        raise DomainError(
            _("The date lies outside the assignment's period (%(start)s – %(end)s).")
            % {"start": assignment.period_start, "end": assignment.period_end},
            field=field,
        )


@audited_refusals(OBJECT, id_kwarg="assignment_id")
def assignment_suspend(
    *,
    actor: User,
    assignment_id: int,
    date_from: dt.date,
    date_to: dt.date | None,
    reason: str,
    note: str = "",
) -> Assignment:
    """Suspend payments: no payment for the months from ``date_from``'s to ``date_to``'s."""
    # The employment centre suspends for a refused social contract (a sanction of 6 months).
    if reason == SuspensionReason.SOCIAL_CONTRACT_REFUSAL:
        _require_any(actor, Capability.ASSIGNMENT_MANAGE, Capability.EMPLOYMENT_MANAGE)
    else:
        _require_any(actor, Capability.ASSIGNMENT_MANAGE)
    _choice(reason, SuspensionReason, field="reason")
    if date_to is not None and date_to < date_from:
        raise DomainError(_("The end of the period is before its start."), field="date_to")
    with transaction.atomic():
        assignment = _locked(actor, assignment_id)
        if assignment.status != AssignmentStatus.ACTIVE:
            raise DomainError(
                _("Only an active assignment can be suspended; this one is %(status)s.")
                % {"status": assignment.get_status_display()},
                field="assignment_id",
                code="status",
            )
        _check_in_period(assignment, date_from, field="date_from")
        before = snapshot(assignment, AUDITED)
        suspension = Suspension.objects.create(
            assignment=assignment,
            date_from=date_from,
            date_to=date_to,
            reason=reason,
            note=note.strip()[:300],
        )
        assignment.status = AssignmentStatus.SUSPENDED
        assignment.save(update_fields=["status"])
        _audit_change(
            actor, assignment, before, reason,
            suspension=[None, {"id": suspension.pk, "from": str(date_from), "to": str(date_to or "")}],
        )  # fmt: skip
    return assignment


@audited_refusals(OBJECT, id_kwarg="assignment_id")
def assignment_resume(*, actor: User, assignment_id: int, date_from: dt.date, note: str = "") -> Assignment:
    """Resume payments from ``date_from``'s month: the open suspension ends the day before."""
    _require_any(actor, Capability.ASSIGNMENT_MANAGE, Capability.EMPLOYMENT_MANAGE)
    with transaction.atomic():
        assignment = _locked(actor, assignment_id)
        if assignment.status != AssignmentStatus.SUSPENDED:
            raise DomainError(_("The assignment is not suspended."), field="assignment_id", code="status")
        suspension = (
            assignment.suspensions.filter(Q(date_to__isnull=True) | Q(date_to__gte=date_from))
            .order_by("-date_from")
            .first()
        )
        if suspension is None or date_from <= suspension.date_from:
            raise DomainError(_("Payments resume after the suspension's start."), field="date_from")
        before = snapshot(assignment, AUDITED)
        old_end = suspension.date_to
        suspension.date_to = date_from - dt.timedelta(days=1)
        suspension.note = (suspension.note + " " + note.strip()).strip()[:300]
        suspension.save(update_fields=["date_to", "note"])
        assignment.status = AssignmentStatus.ACTIVE
        assignment.save(update_fields=["status"])
        _audit_change(
            actor, assignment, before, note,
            suspension=[{"id": suspension.pk, "to": str(old_end or "")}, {"to": str(suspension.date_to)}],
        )  # fmt: skip
    return assignment


@audited_refusals(OBJECT, id_kwarg="assignment_id")
def assignment_terminate(
    *, actor: User, assignment_id: int, date_from: dt.date, reason: str, note: str = ""
) -> Assignment:
    """End the assignment early: nothing is paid for months starting on or after ``date_from``."""
    _require_any(actor, Capability.ASSIGNMENT_MANAGE)
    _choice(reason, TerminationReason, field="reason")
    with transaction.atomic():
        assignment = _locked(actor, assignment_id)
        if not assignment.is_open:
            raise DomainError(
                _("The assignment is already %(status)s.") % {"status": assignment.get_status_display()},
                field="assignment_id",
                code="status",
            )
        _check_in_period(assignment, date_from, field="date_from")
        before = snapshot(assignment, AUDITED)
        assignment.status = AssignmentStatus.TERMINATED
        assignment.terminated_on = date_from
        assignment.termination_reason = reason
        assignment.save(update_fields=["status", "terminated_on", "termination_reason"])
        _audit_change(actor, assignment, before, note or reason)
    return assignment


@audited_refusals(OBJECT, id_kwarg="assignment_id")
def assignment_reassign(
    *,
    actor: User,
    assignment_id: int,
    period_start: dt.date,
    period_end: dt.date,
    monthly_amount: int | None = None,
    basis: str = "",
) -> Assignment:
    """Assign the next period (TSA is assigned per quarter) with the same details; the old one ends."""
    _require_any(actor, *_CREATORS)
    old = Assignment.objects.filter(pk=assignment_id).first()
    if old is None:
        raise NotFound(_("No such assignment."), field="assignment_id")
    if old.status == AssignmentStatus.TERMINATED:
        raise DomainError(
            _("A terminated assignment cannot be continued."), field="assignment_id", code="status"
        )
    if period_start <= old.period_end:
        raise DomainError(_("The new period starts after the current one ends."), field="period_start")
    with transaction.atomic():
        new = assignment_create(
            actor=actor, programme=old.programme, family_id=old.family_id, person_id=old.person_id,
            recipient_id=old.recipient_id, kind=old.kind, monthly_amount=monthly_amount or old.monthly_amount,
            period_start=period_start, period_end=period_end, budget_source=old.budget_source,
            bank_bic=old.bank_id, iban=old.iban, basis=basis or old.basis, application_id=old.application_id,
            social_contract_ref=old.social_contract_ref, amount_limit=old.amount_limit,
            amount_mci=old.amount_mci, previous_id=old.pk,
        )  # fmt: skip
        if old.is_open:
            before = snapshot(old, AUDITED)
            old.status = AssignmentStatus.ENDED
            old.save(update_fields=["status"])
            _audit_change(actor, old, before, _("Continued by assignment No. %(id)s.") % {"id": new.pk})
    return new
