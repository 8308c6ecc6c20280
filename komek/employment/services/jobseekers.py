"""Registration of jobseekers, unemployed status when no suitable job was offered within the working
days the legislation gives (``unemployed_after_working_days``), re-registration and deregistration;
every status change also goes into the registry's status history. The ages and periods are legal
terms of the legislation (``komek.rules.terms``), read for the date of the act."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.common import audit as audit_log
from komek.common.audit import created
from komek.common.choices import AuditAction
from komek.common.errors import DomainError
from komek.common.kato import kato_unit
from komek.common.periods import age_on
from komek.common.workdays import add_working_days
from komek.employment.choices import ACTIVE_STATUSES, DeregistrationGround, Education, JobseekerStatus
from komek.employment.models import Jobseeker, JobseekerProfession, Occupation, Referral
from komek.employment.selectors.targets import target_flags
from komek.employment.services._checks import audit, manage, not_future, positive_int
from komek.legislation.terms import legal_term
from komek.registry.choices import DocumentType, NoSubtype, StatusKind
from komek.registry.models import Person, PersonStatus
from komek.rules.terms import JOBSEEKER_MIN_AGE, JOBSEEKER_REREGISTRATION_DAYS, UNEMPLOYED_AFTER_WORKING_DAYS

if TYPE_CHECKING:
    from komek.accounts.models import User
    from komek.accounts.policy import Actor

REQUIRED_DOCUMENTS = (DocumentType.APPLICATION, DocumentType.IDENTITY, DocumentType.EDUCATION)


def _open_status(person_id: int, kind: str, valid_from: dt.date, note: str = "") -> None:
    PersonStatus.objects.create(
        person_id=person_id, kind=kind, subtype=NoSubtype.NONE, valid_from=valid_from, note=note
    )


def _close_status(person_id: int, kind: str, valid_to: dt.date) -> None:
    # A status that starts on the closing day ends that same day (a registration ended on its first day).
    for status in PersonStatus.objects.filter(person_id=person_id, kind=kind, valid_to__isnull=True):
        status.valid_to = max(valid_to, status.valid_from)
        status.save(update_fields=["valid_to"])


@transaction.atomic
def jobseeker_register(
    *,
    actor: User,
    person: Person,
    on: dt.date,
    documents: list[str],
    professions: list[str],
    education: int = Education.NONE,
    graduation_year: int | None = None,
    experience_years: int = 0,
    skills: str = "",
    desired_wage: int = 0,
    kato: str = "",
) -> Jobseeker:
    """Register a person as a jobseeker from ``on`` (documents as the service standard lists them)."""
    unit = kato_unit(kato or person.kato_id)
    manage(actor, person.kato_id)
    manage(actor, unit.code)
    not_future(on, field="on")
    if person.death_date is not None:
        raise DomainError(_("The person is recorded as deceased."), field="person")
    min_age = legal_term(JOBSEEKER_MIN_AGE, on)
    if age_on(person.birth_date, on) < min_age:
        raise DomainError(
            _("Jobseekers are registered from the age of %(age)s.") % {"age": min_age}, field="person"
        )
    given = set(documents)
    required = set(REQUIRED_DOCUMENTS) | (
        {DocumentType.EMPLOYMENT_RECORD} if int(experience_years or 0) else set()
    )
    missing = [str(DocumentType(d).label) for d in sorted(required - given)]
    if missing:
        raise DomainError(_("Documents missing: %(docs)s.") % {"docs": ", ".join(missing)}, field="documents")
    if Jobseeker.objects.filter(person=person).exclude(status=JobseekerStatus.DEREGISTERED).exists():
        raise DomainError(
            _("The person is already registered with the employment centre."),
            field="person",
            code="already_registered",
        )
    codes = list(dict.fromkeys(c.strip() for c in professions if c and c.strip()))
    if not codes:
        raise DomainError(_("Give at least one profession."), field="professions")
    known = set(Occupation.objects.filter(code__in=codes).values_list("code", flat=True))
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise DomainError(
            _("Unknown occupation code: %(code)s.") % {"code": ", ".join(unknown)}, field="professions"
        )
    if education not in Education.values:
        raise DomainError(_("Unknown education level."), field="education")
    if graduation_year is not None and not person.birth_date.year + 10 <= graduation_year <= on.year:
        raise DomainError(_("The year of graduation is not plausible."), field="graduation_year")
    flags = target_flags([person.pk], on)[person.pk]
    jobseeker = Jobseeker.objects.create(
        person=person,
        kato=unit,
        status=JobseekerStatus.JOBSEEKER,
        registered_on=on,
        unemployed_due=add_working_days(on, legal_term(UNEMPLOYED_AFTER_WORKING_DAYS, on)),
        reregistration_due=on + dt.timedelta(days=legal_term(JOBSEEKER_REREGISTRATION_DAYS, on)),
        education=education,
        graduation_year=graduation_year,
        experience_years=positive_int(experience_years, field="experience_years", allow_zero=True),
        skills=skills.strip(),
        desired_wage=positive_int(desired_wage, field="desired_wage", allow_zero=True),
        documents=sorted(given),
        created_by=actor,
        **flags,
    )
    JobseekerProfession.objects.bulk_create(
        [
            JobseekerProfession(
                jobseeker=jobseeker, occupation_id=c, minor_group=c[:3], sub_major_group=c[:2]
            )
            for c in codes
        ]
    )
    _open_status(person.pk, StatusKind.JOBSEEKER, on)
    audit(
        actor=actor,
        territory=unit.code,
        obj=jobseeker,
        person_id=person.pk,
        changes=created(
            {
                "registered_on": str(on),
                "professions": codes,
                "education": education,
                "unemployed_due": str(jobseeker.unemployed_due),
                **{k: v for k, v in flags.items() if v},
            }
        ),
    )
    return jobseeker


def _due_for_unemployed(actor: Actor, on: dt.date) -> list[Jobseeker]:
    offered = Referral.objects.filter(
        jobseeker=OuterRef("pk"), issued_on__lte=OuterRef("unemployed_due")
    ).filter(Q(outcome="pending") | Q(outcome="refused"))
    qs = Jobseeker.objects.filter(status=JobseekerStatus.JOBSEEKER, unemployed_due__lte=on).filter(
        ~Exists(offered)
    )
    return list(
        policy.scoped(qs, actor, field="kato__code").only("id", "person_id", "kato_id", "unemployed_due")
    )


@transaction.atomic
def jobseekers_promote_unemployed(*, actor: Actor, on: dt.date) -> int:
    """Give unemployed status to every jobseeker of the actor's territory to whom no suitable job was
    offered within the working days of the legislation (``unemployed_after_working_days``, counted
    from registration into ``unemployed_due``); set-based: a few statements for all of them."""
    policy.require(actor, Capability.EMPLOYMENT_MANAGE)
    due = _due_for_unemployed(actor, on)
    if not due:
        return 0
    ids = [j.pk for j in due]
    days = legal_term(UNEMPLOYED_AFTER_WORKING_DAYS, on)
    Jobseeker.objects.filter(pk__in=ids).update(status=JobseekerStatus.UNEMPLOYED)
    for day in {j.unemployed_due for j in due}:
        Jobseeker.objects.filter(pk__in=ids, unemployed_due=day).update(unemployed_from=day)
        persons = [j.person_id for j in due if j.unemployed_due == day]
        PersonStatus.objects.filter(
            person_id__in=persons, kind=StatusKind.JOBSEEKER, valid_to__isnull=True
        ).update(valid_to=day - dt.timedelta(days=1))
    PersonStatus.objects.bulk_create(
        [
            PersonStatus(
                person_id=j.person_id,
                kind=StatusKind.UNEMPLOYED,
                subtype=NoSubtype.NONE,
                valid_from=j.unemployed_due,
            )
            for j in due
        ],
        batch_size=2000,
    )
    audit_log.bulk(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type=audit_log.object_type_of(Jobseeker),
        entries=[
            audit_log.Entry(
                object_id=j.pk,
                person_id=j.person_id,
                territory=j.kato_id,
                changes={
                    "status": ["jobseeker", "unemployed"],
                    "unemployed_from": [None, str(j.unemployed_due)],
                },
            )
            for j in due
        ],
        reason=ngettext(
            "No suitable job offered within %(days)s working day",
            "No suitable job offered within %(days)s working days",
            days,
        )
        % {"days": days},
        batch_size=2000,
    )
    return len(due)


@transaction.atomic
def jobseeker_reregister(*, actor: Actor, jobseeker: Jobseeker, on: dt.date) -> Jobseeker:
    jobseeker = Jobseeker.objects.select_for_update().get(pk=jobseeker.pk)
    manage(actor, jobseeker.kato_id)
    not_future(on, field="on")
    if not jobseeker.active:
        raise DomainError(_("The registration has ended."), field="jobseeker")
    before = str(jobseeker.reregistration_due)
    jobseeker.reregistration_due = on + dt.timedelta(days=legal_term(JOBSEEKER_REREGISTRATION_DAYS, on))
    jobseeker.save(update_fields=["reregistration_due"])
    audit(
        actor=actor,
        territory=jobseeker.kato_id,
        obj=jobseeker,
        action=AuditAction.UPDATE,
        person_id=jobseeker.person_id,
        changes={"reregistration_due": [before, str(jobseeker.reregistration_due)]},
        reason=_("Re-registration on %(date)s") % {"date": on.isoformat()},
    )
    return jobseeker


def deregister(jobseeker: Jobseeker, *, actor: Actor, on: dt.date, ground: str, note: str = "") -> None:
    """The deregistration itself, inside a caller's transaction (also used when a referral ends in a hire)."""
    if ground not in DeregistrationGround.values:
        raise DomainError(_("Unknown ground of deregistration."), field="ground")
    if jobseeker.status not in ACTIVE_STATUSES:
        raise DomainError(_("The registration has ended."), field="jobseeker")
    if on < jobseeker.registered_on:
        raise DomainError(_("Deregistration cannot precede registration."), field="on")
    before = jobseeker.status
    kind = StatusKind.UNEMPLOYED if before == JobseekerStatus.UNEMPLOYED else StatusKind.JOBSEEKER
    jobseeker.status, jobseeker.deregistered_on, jobseeker.deregistration_ground = (
        JobseekerStatus.DEREGISTERED,
        on,
        ground,
    )
    jobseeker.save(update_fields=["status", "deregistered_on", "deregistration_ground"])
    jobseeker.professions.update(active=False)
    _close_status(jobseeker.person_id, kind, on)
    audit(
        actor=actor,
        territory=jobseeker.kato_id,
        obj=jobseeker,
        action=AuditAction.UPDATE,
        person_id=jobseeker.person_id,
        changes={
            "status": [before, JobseekerStatus.DEREGISTERED],
            "deregistered_on": [None, str(on)],
            "deregistration_ground": ["", ground],
        },
        reason=note,
    )


@transaction.atomic
def jobseeker_deregister(
    *, actor: Actor, jobseeker: Jobseeker, on: dt.date, ground: str, note: str = ""
) -> Jobseeker:
    jobseeker = Jobseeker.objects.select_for_update().get(pk=jobseeker.pk)
    manage(actor, jobseeker.kato_id)
    not_future(on, field="on")
    deregister(jobseeker, actor=actor, on=on, ground=ground, note=note)
    return jobseeker


@transaction.atomic
def jobseekers_deregister_missed(*, actor: Actor, on: dt.date) -> int:
    """End every registration of the actor's territory whose re-registration date passed before
    ``on`` without a visit (ground: failed to appear), each with its audit row and status closed."""
    policy.require(actor, Capability.EMPLOYMENT_MANAGE)
    qs = Jobseeker.objects.select_for_update().filter(status__in=ACTIVE_STATUSES, reregistration_due__lt=on)
    missed = list(
        policy.scoped(qs, actor, field="kato__code").only(
            "id", "person_id", "kato_id", "status", "reregistration_due"
        )
    )
    if not missed:
        return 0
    ids = [j.pk for j in missed]
    Jobseeker.objects.filter(pk__in=ids).update(
        status=JobseekerStatus.DEREGISTERED,
        deregistered_on=on,
        deregistration_ground=DeregistrationGround.FAILED_TO_APPEAR,
    )
    JobseekerProfession.objects.filter(jobseeker_id__in=ids).update(active=False)
    PersonStatus.objects.filter(
        person_id__in=[j.person_id for j in missed],
        kind__in=[StatusKind.JOBSEEKER, StatusKind.UNEMPLOYED],
        valid_to__isnull=True,
    ).update(valid_to=on)
    # One reason per due date missed: a bulk write per date, each row naming its jobseeker.
    for due in sorted({j.reregistration_due for j in missed}):
        audit_log.bulk(
            actor=actor,
            action=AuditAction.UPDATE,
            object_type=audit_log.object_type_of(Jobseeker),
            entries=[
                audit_log.Entry(
                    object_id=j.pk,
                    person_id=j.person_id,
                    territory=j.kato_id,
                    changes={
                        "status": [j.status, JobseekerStatus.DEREGISTERED],
                        "deregistered_on": [None, str(on)],
                        "deregistration_ground": ["", DeregistrationGround.FAILED_TO_APPEAR],
                    },
                )
                for j in missed
                if j.reregistration_due == due
            ],
            reason=_("Did not appear for re-registration due on %(date)s") % {"date": due},
            batch_size=2000,
        )
    return len(missed)
