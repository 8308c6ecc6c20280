"""Assigning a benefit: the terms checked, the beneficiary locked, no overlap with the same programme."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.benefits.choices import AmountParameter
from komek.benefits.iban import validate_iban
from komek.benefits.models import Assignment, AssignmentAmount
from komek.benefits.schedules import parameter_follower, planned_amounts
from komek.benefits.services._checks import (
    AUDITED,
    CREATORS,
    OBJECT,
    bank_of,
    check_once_per,
    check_terms,
    overlapping,
    programme_version,
)
from komek.benefits.services.sources import budget_shares
from komek.common import audit
from komek.common.choices import AuditAction
from komek.common.errors import DomainError
from komek.common.refusals import audited_refusals
from komek.registry.models import Family, Person
from komek.rules.schedule import schedule

if TYPE_CHECKING:
    from komek.accounts.policy import Actor


@audited_refusals(OBJECT)
def assignment_create(
    *,
    actor: Actor,
    programme: str,
    family_id: int | None,
    person_id: int | None,
    recipient_id: int,
    kind: str,
    monthly_amount: int,
    period_start: dt.date,
    period_end: dt.date,
    bank_bic: str,
    iban: str,
    basis: str,
    application_id: int | None = None,
    social_contract_ref: str = "",
    amount_limit: int | None = None,
    amount_mci: Decimal | None = None,
    amount_parameter: str = AmountParameter.MCI,
    previous_id: int | None = None,
) -> Assignment:
    """Assign a benefit; the programme's version in force (the legislation) gives its payment schedule
    and refuses a second "once per household" assistance; ``amount_mci`` (optional) makes the amount
    follow ``amount_parameter`` (the MCI by default, or the subsistence minimum): ``amount_mci`` times
    the values the legislation holds for the period now, later ones on recalculation.
    The version's ``budget_sources`` where the beneficiary lives give the shares the payroll splits
    each payment by (``sources.budget_shares``), the largest of them the main ``budget_source``."""
    policy.require_any(actor, *CREATORS)
    programme = (programme or "").strip()
    social_contract_ref = (social_contract_ref or "").strip()
    if not programme:
        raise DomainError(_("Name the programme."), field="programme")
    check_terms(
        programme=programme, kind=kind, basis=basis,
        monthly_amount=monthly_amount, amount_limit=amount_limit, period_start=period_start,
        period_end=period_end, social_contract_ref=social_contract_ref,
    )  # fmt: skip
    compact = validate_iban(iban)
    bank = bank_of(bank_bic, compact)
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
    policy.require_territory(actor, kato_code)
    version = programme_version(programme, period_start, kato_code)
    shares = budget_shares(version, kato_code)
    if amount_mci is None:
        amount_parameter = ""
    elif amount_parameter not in AmountParameter.values:
        raise DomainError(
            _("The amount can follow only the MCI or the subsistence minimum."), field="amount_parameter"
        )
    if amount_mci is not None:
        amount_on = parameter_follower(amount_parameter, amount_mci, monthly_amount, period_start, kato_code)
    else:
        amount_on = lambda _month: monthly_amount  # noqa: E731
    planned = planned_amounts(schedule(version.periodicity, period_start, period_end, amount_on), period_end)
    with transaction.atomic():
        # Lock the beneficiary so that two concurrent decisions cannot both pass the overlap check.
        if family is not None:
            Family.objects.select_for_update().filter(pk=family.pk).first()
        else:
            Person.objects.select_for_update().filter(pk=person.pk).first()  # type: ignore[union-attr]
        clash = overlapping(
            programme=programme, family_id=family_id, person_id=person_id, start=period_start, end=period_end
        )
        check_once_per(version.facts.once_per, programme=programme, family=family, person=person)
        if clash is not None and clash.pk != previous_id:
            raise DomainError(
                _("The period overlaps assignment No. %(id)s of the same programme (%(start)s – %(end)s).")
                % {"id": clash.pk, "start": clash.period_start, "end": clash.period_end},
                field="period_start",
                code="overlap",
            )
        previous_territory = _address_of(previous_id)
        assignment = Assignment.objects.create(
            programme=programme, family=family, person=person, recipient=recipient, kato_code=kato_code,
            kind=kind, monthly_amount=monthly_amount, amount_mci=amount_mci,
            amount_parameter=amount_parameter, amount_limit=amount_limit,
            period_start=period_start, period_end=period_end, periodicity=version.periodicity,
            budget_source=shares.principal, **shares.fields(), bank=bank,
            iban=compact, basis=basis.strip(), application_id=application_id,
            social_contract_ref=social_contract_ref, previous_id=previous_id,
            previous_territory=previous_territory, created_by_id=actor.pk,
        )  # fmt: skip
        AssignmentAmount.objects.bulk_create(
            AssignmentAmount(
                assignment=assignment, territory=kato_code, valid_from=valid_from, valid_to=valid_to,
                monthly_amount=amount,
                reason=basis.strip()[:200] if i == 0 else _("%(parameter)s in force from %(month)s") % {
                    "parameter": AmountParameter(amount_parameter).label, "month": f"{valid_from:%m.%Y}"},
            )
            for i, (valid_from, valid_to, amount) in enumerate(planned)
        )  # fmt: skip
        audit.record(
            actor=actor, action=AuditAction.CREATE, obj=assignment, person_id=recipient.pk,
            changes=audit.created(audit.snapshot(assignment, AUDITED)), territory=kato_code,
        )  # fmt: skip
    return assignment


def _address_of(previous_id: int | None) -> str | None:
    """The previous assignment's address, which the key to it names (ADR 0068)."""
    if previous_id is None:
        return None
    address = Assignment.objects.filter(pk=previous_id).values_list("kato_code", flat=True).first()
    if address is None:
        raise DomainError(_("No such assignment."), field="previous_id")
    return address
