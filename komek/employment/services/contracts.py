"""Social contracts of conditional TSA: the activation plan, monitoring, and the sanction."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.common.audit import created
from komek.common.choices import AuditAction
from komek.common.errors import DomainError, NotFound
from komek.common.periods import add_months_keep_day
from komek.employment.choices import ContractStatus, MeasureKind, ObligationStatus
from komek.employment.models import ActivationItem, Participation, Sanction, SocialContract
from komek.employment.services._checks import audit, manage, not_future
from komek.employment.services.tsa import suspend_conditional_tsa
from komek.legislation.terms import legal_term
from komek.registry.models import Family, Membership, Person
from komek.rules.terms import SOCIAL_CONTRACT_SANCTION_MONTHS

if TYPE_CHECKING:
    from komek.accounts.models import User
    from komek.accounts.policy import Actor

MEASURES = {*MeasureKind.values, "job"}


@transaction.atomic
def social_contract_create(
    *,
    actor: User,
    family: Family,
    number: str,
    signed_on: dt.date,
    valid_to: dt.date,
    items: list[tuple[Person, str, dt.date]],
    assignment_id: int | None = None,
) -> SocialContract:
    """Sign a social contract with its activation plan: (member, measure, due date) per obligation."""
    manage(actor, family.kato_id)
    not_future(signed_on, field="signed_on")
    if not number.strip():
        raise DomainError(_("The number is required."), field="number")
    if valid_to < signed_on:
        raise DomainError(_("The end of the period is before its start."), field="valid_to")
    if not items:
        raise DomainError(_("The activation plan needs at least one obligation."), field="items")
    if SocialContract.objects.filter(family=family, status=ContractStatus.ACTIVE).exists():
        raise DomainError(_("The family already has a social contract in force."), field="family")
    if SocialContract.objects.filter(number=number.strip()).exists():
        raise DomainError(_("A contract with this number exists."), field="number")
    members = set(
        Membership.objects.filter(family=family, valid_to__isnull=True).values_list("person_id", flat=True)
    )
    for row, (person, measure, due_by) in enumerate(items, start=1):
        if person.pk not in members:
            raise DomainError(
                _("Obligation %(row)s: the person is not a member of the family.") % {"row": row},
                field="items",
            )
        if measure not in MEASURES:
            raise DomainError(_("Obligation %(row)s: unknown measure.") % {"row": row}, field="items")
        if not signed_on <= due_by <= valid_to:
            raise DomainError(
                _("Obligation %(row)s: the due date is outside the contract.") % {"row": row}, field="items"
            )
    contract = SocialContract.objects.create(
        family=family,
        kato_id=family.kato_id,
        number=number.strip(),
        signed_on=signed_on,
        valid_to=valid_to,
        assignment_id=assignment_id,
        created_by=actor,
    )
    ActivationItem.objects.bulk_create(
        [ActivationItem(contract=contract, person=p, measure=m, due_by=d) for p, m, d in items]
    )
    audit(
        actor=actor,
        territory=family.kato_id,
        obj=contract,
        changes=created(
            {
                "family": family.pk,
                "number": contract.number,
                "signed_on": str(signed_on),
                "valid_to": str(valid_to),
                "assignment": assignment_id,
                "plan": [[p.pk, m, str(d)] for p, m, d in items],
            }
        ),
    )
    return contract


@transaction.atomic
def obligation_check(
    *,
    actor: Actor,
    item: ActivationItem,
    on: dt.date,
    participation: Participation | None = None,
    note: str = "",
) -> ActivationItem:
    """Monitoring: the obligation is fulfilled (a participation of that member proves it) or overdue."""
    item = ActivationItem.objects.select_for_update().select_related("contract").get(pk=item.pk)
    manage(actor, item.contract.kato_id)
    not_future(on, field="on")
    if item.status not in (ObligationStatus.PLANNED, ObligationStatus.OVERDUE):
        raise DomainError(_("The obligation is already settled."), field="status")
    before = item.status
    if participation is not None:
        if participation.person_id != item.person_id:
            raise DomainError(_("The participation is another person's."), field="participation")
        item.status, item.participation = ObligationStatus.FULFILLED, participation
    elif on > item.due_by:
        item.status = ObligationStatus.OVERDUE
    else:
        raise DomainError(_("Neither fulfilled nor overdue yet."), field="participation")
    item.checked_on, item.note = on, note.strip()
    item.save(update_fields=["status", "participation", "checked_on", "note"])
    contract = item.contract
    if not contract.items.exclude(status=ObligationStatus.FULFILLED).exists():
        contract.status = ContractStatus.FULFILLED
        contract.save(update_fields=["status"])
    audit(
        actor=actor,
        territory=contract.kato_id,
        obj=item,
        action=AuditAction.UPDATE,
        person_id=item.person_id,
        changes={"status": [before, item.status], "checked_on": [None, str(on)]},
        reason=note,
    )
    return item


@transaction.atomic
def social_contract_link_assignment(*, actor: Actor, contract_id: int, assignment_id: int) -> SocialContract:
    """A conditional TSA decision rests on the contract: the contract names the assignment the
    decision created, so that a sanction suspends it (a later decision's assignment replaces an
    earlier one). Called by the decision, in its transaction."""
    policy.require_any(
        actor, Capability.CASE_PROCESS, Capability.COMMISSION_MANAGE, Capability.ASSIGNMENT_MANAGE
    )
    contract = SocialContract.objects.select_for_update().filter(pk=contract_id).first()
    if contract is None:
        raise NotFound(_("No such social contract in your territorial units."), field="social_contract_ref")
    policy.require_territory(actor, contract.kato_id, field="social_contract_ref")
    before, contract.assignment_id = contract.assignment_id, assignment_id
    contract.save(update_fields=["assignment_id"])
    audit(
        actor=actor,
        territory=contract.kato_id,
        obj=contract,
        action=AuditAction.UPDATE,
        changes={"assignment": [before, assignment_id]},
        reason=_("Conditional TSA assigned on the contract"),
    )
    return contract


def sanction_period(date_from: dt.date) -> tuple[dt.date, dt.date]:
    """The legislation's sanction months (``social_contract_sanction_months``) from the first day of
    the sanction (the last day is the day before the same date that many months later)."""
    months = legal_term(SOCIAL_CONTRACT_SANCTION_MONTHS, date_from)
    return date_from, add_months_keep_day(date_from, months) - dt.timedelta(days=1)


@transaction.atomic
def social_contract_sanction(*, actor: User, item: ActivationItem, on: dt.date, note: str = "") -> Sanction:
    """A member refused the offered measures: the contract ends and TSA stops for the family for the
    legislation's sanction months (the family's conditional TSA assignment is suspended in the same
    transaction)."""
    item = ActivationItem.objects.select_for_update().select_related("contract").get(pk=item.pk)
    contract = SocialContract.objects.select_for_update().get(pk=item.contract_id)
    manage(actor, contract.kato_id)
    not_future(on, field="on")
    if contract.status != ContractStatus.ACTIVE:
        raise DomainError(_("The social contract is not in force."), field="contract")
    if on < contract.signed_on:
        raise DomainError(_("The refusal cannot precede the contract."), field="on")
    if not note.strip():
        raise DomainError(_("Record what was offered and refused."), field="note")
    date_from, date_to = sanction_period(on)
    item.status, item.checked_on, item.note = ObligationStatus.REFUSED, on, note.strip()
    item.save(update_fields=["status", "checked_on", "note"])
    contract.status = ContractStatus.SANCTIONED
    contract.save(update_fields=["status"])
    sanction = Sanction.objects.create(
        contract=contract, item=item, date_from=date_from, date_to=date_to, created_by=actor
    )
    if contract.assignment_id is not None:
        suspend_conditional_tsa(
            actor=actor, assignment_id=contract.assignment_id, date_from=date_from, date_to=date_to
        )
        sanction.assignment_suspended = True
        sanction.save(update_fields=["assignment_suspended"])
    audit(
        actor=actor,
        territory=contract.kato_id,
        obj=sanction,
        person_id=item.person_id,
        changes=created(
            {
                "contract": contract.pk,
                "date_from": str(date_from),
                "date_to": str(date_to),
                "assignment": contract.assignment_id,
                "assignment_suspended": sanction.assignment_suspended,
            }
        ),
        reason=note,
    )
    return sanction
