"""Referrals of jobseekers to vacancies and their outcomes."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from komek.common.audit import created
from komek.common.choices import AuditAction
from komek.common.errors import DomainError
from komek.common.workdays import add_working_days
from komek.employment.choices import ACTIVE_STATUSES, DeregistrationGround, ReferralOutcome, VacancyStatus
from komek.employment.models import Jobseeker, Referral, Vacancy, VacancyEvent
from komek.employment.services._checks import audit, manage, not_future, staff_of
from komek.employment.services.jobseekers import deregister
from komek.registry.models import Person

if TYPE_CHECKING:
    from komek.accounts.models import User
    from komek.accounts.policy import Actor

FOLLOW_UP_WORKING_DAYS = 5
REFUSALS_BEFORE_DEREGISTRATION = 2


@transaction.atomic
def referral_issue(
    *, actor: User, person: Person, vacancy: Vacancy, on: dt.date, follow_up_on: dt.date | None = None
) -> Referral:
    """Refer a registered jobseeker to an open vacancy."""
    manage(actor, person.kato_id)
    not_future(on, field="on")
    jobseeker = (
        Jobseeker.objects.select_for_update().filter(person=person, status__in=ACTIVE_STATUSES).first()
    )
    if jobseeker is None:
        raise DomainError(
            _("The person is not registered with the employment centre as a jobseeker."),
            field="person",
            code="not_registered",
        )
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    if vacancy.status != VacancyStatus.OPEN:
        raise DomainError(_("The vacancy is not open."), field="vacancy")
    if on < jobseeker.registered_on or on < vacancy.opened_on:
        raise DomainError(_("The referral cannot precede the registration or the vacancy."), field="on")
    if Referral.objects.filter(
        jobseeker=jobseeker, vacancy=vacancy, outcome=ReferralOutcome.PENDING
    ).exists():
        raise DomainError(_("The jobseeker already has a referral to this vacancy."), field="vacancy")
    follow = follow_up_on or add_working_days(on, FOLLOW_UP_WORKING_DAYS)
    if follow < on:
        raise DomainError(_("The follow-up date is before the referral."), field="follow_up_on")
    referral = Referral.objects.create(
        jobseeker=jobseeker, vacancy=vacancy, issued_on=on, follow_up_on=follow, issued_by=actor
    )
    audit(
        actor=actor,
        territory=jobseeker.kato_id,
        obj=referral,
        person_id=person.pk,
        changes=created({"vacancy": vacancy.pk, "issued_on": str(on), "follow_up_on": str(follow)}),
    )
    return referral


@transaction.atomic
def referral_record_outcome(
    *, actor: Actor, referral: Referral, outcome: str, on: dt.date, reason: str = ""
) -> Referral:
    """Hired: the jobseeker leaves the register as employed and the vacancy fills when every
    position is taken. Not hired: the employer's reason is required. Refused: a second refusal of
    a suitable offer ends the registration."""
    referral = Referral.objects.select_for_update().select_related("jobseeker", "vacancy").get(pk=referral.pk)
    jobseeker, vacancy = referral.jobseeker, referral.vacancy
    manage(actor, jobseeker.kato_id)
    not_future(on, field="on")
    if referral.outcome != ReferralOutcome.PENDING:
        raise DomainError(_("The outcome of this referral is already recorded."), field="outcome")
    if outcome not in (ReferralOutcome.HIRED, ReferralOutcome.NOT_HIRED, ReferralOutcome.REFUSED):
        raise DomainError(_("Unknown outcome."), field="outcome")
    if on < referral.issued_on:
        raise DomainError(_("The outcome cannot precede the referral."), field="on")
    if outcome == ReferralOutcome.NOT_HIRED and not reason.strip():
        raise DomainError(_("Give the employer's reason."), field="reason")
    referral.outcome, referral.outcome_on, referral.reason = outcome, on, reason.strip()
    referral.save(update_fields=["outcome", "outcome_on", "reason"])
    audit(
        actor=actor,
        territory=jobseeker.kato_id,
        obj=referral,
        action=AuditAction.UPDATE,
        person_id=jobseeker.person_id,
        changes={"outcome": [ReferralOutcome.PENDING, outcome], "outcome_on": [None, str(on)]},
        reason=reason,
    )
    jobseeker = Jobseeker.objects.select_for_update().get(pk=jobseeker.pk)
    if outcome == ReferralOutcome.HIRED:
        if jobseeker.active:
            deregister(jobseeker, actor=actor, on=on, ground=DeregistrationGround.EMPLOYED)
        _fill_if_complete(vacancy, actor=actor, on=on)
    elif outcome == ReferralOutcome.REFUSED:
        jobseeker.refusals += 1
        jobseeker.save(update_fields=["refusals"])
        if jobseeker.refusals >= REFUSALS_BEFORE_DEREGISTRATION and jobseeker.active:
            deregister(
                jobseeker,
                actor=actor,
                on=on,
                ground=DeregistrationGround.REFUSED_TWO_OFFERS,
                note=_("Second refusal of a suitable offer"),
            )
    return referral


def _fill_if_complete(vacancy: Vacancy, *, actor: Actor, on: dt.date) -> None:
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    hired = Referral.objects.filter(vacancy=vacancy, outcome=ReferralOutcome.HIRED).count()
    if vacancy.status == VacancyStatus.OPEN and hired >= vacancy.positions:
        vacancy.status, vacancy.closed_on = VacancyStatus.FILLED, on
        vacancy.save(update_fields=["status", "closed_on"])
        VacancyEvent.objects.create(
            vacancy=vacancy,
            status=VacancyStatus.FILLED,
            actor=staff_of(actor),
            note=_("Every position filled by referrals"),
        )
        audit(
            actor=actor,
            territory=vacancy.kato_id,
            obj=vacancy,
            action=AuditAction.UPDATE,
            changes={"status": [VacancyStatus.OPEN, VacancyStatus.FILLED], "closed_on": [None, str(on)]},
        )
