"""Receiving an application: the service's channel and checklist, the registration number, the
due date in working days, and a caseworker of the applicant's district with the fewest open cases."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.accounts.models import User
from komek.accounts.roles import CAPABILITIES
from komek.applications.choices import OPEN_STATUSES, Channel, Language, Status
from komek.applications.models import Application, IntakeRefusal, Service, ServiceDocument
from komek.applications.services._common import locked_case, log, next_number, now, staff
from komek.applications.services._open import (
    SecondOpenApplication,
    audit_second_open,
    intake_account,
    open_application,
)
from komek.common import audit
from komek.common.audit import created
from komek.common.choices import AuditAction
from komek.common.errors import DomainError, NotFound
from komek.common.workdays import add_working_days
from komek.registry.models import Membership, Person
from komek.rules.population import CIRCUMSTANCES as CIRCUMSTANCE_CODES

if TYPE_CHECKING:
    from komek.accounts.policy import Actor


class IncompletePackage(DomainError):
    """The package lacks required documents; the refusal was recorded with the list."""

    code = "incomplete"

    def __init__(self, missing: list[ServiceDocument], refusal_id: int) -> None:
        names = "; ".join(d.name for d in missing)
        super().__init__(
            _("The package is incomplete, the application is refused. Missing: %(names)s.")
            % {"names": names},
            field="documents",
        )
        self.missing = [d.code for d in missing]
        self.refusal_id = refusal_id


def missing_documents(service: Service, channel: str, presented: Iterable[str]) -> list[ServiceDocument]:
    """Required documents not presented; on the portal the state databases supply their share."""
    have = set(presented)
    return [
        d
        for d in service.documents.all()
        if d.required and d.code not in have and not (channel == Channel.PORTAL and d.state_database)
    ]


def _service(code: str, channel: str) -> Service:
    service = Service.objects.filter(code=code, active=True).first()
    if service is None:
        raise DomainError(_("Unknown state service: %(code)s.") % {"code": code}, field="service")
    if channel not in Channel.values:
        raise DomainError(_("Unknown channel: %(code)s.") % {"code": channel}, field="channel")
    if channel not in service.channels:
        raise DomainError(
            _("This service is not received through the channel “%(channel)s”.")
            % {"channel": Channel(channel).label},
            field="channel",
        )
    return service


def pick_caseworker(kato_code: str) -> User | None:
    """A caseworker whose units cover the address, the one with the fewest open cases (then the
    longest-standing account): two queries whatever the number of cases."""
    roles = [role for role, caps in CAPABILITIES.items() if Capability.CASE_PROCESS in caps]
    prefixes = [kato_code[:i] for i in range(1, len(kato_code) + 1)]
    candidates = list(
        User.objects.filter(role__in=roles, is_active=True, units__prefix__in=prefixes)
        .distinct()
        .order_by("id")
    )
    if not candidates:
        return None
    load = dict(
        Application.objects.filter(caseworker__in=candidates, status__in=OPEN_STATUSES)
        .values_list("caseworker_id")
        .annotate(n=Count("id"))
    )
    return min(candidates, key=lambda u: (load.get(u.pk, 0), u.pk))


def application_receive(
    *,
    actor: Actor,
    service: str,
    channel: str,
    applicant_id: int,
    documents: Iterable[str],
    language: str,
    circumstances: Iterable[str] = (),
    housing_costs: int = 0,
    bank_bic: str = "",
    iban: str = "",
    external_id: str = "",
    received_at: dt.datetime | None = None,
    ip_address: str | None = None,
) -> Application:
    """Register an application, or refuse an incomplete package (the refusal is recorded and
    :class:`IncompletePackage` raised). ``actor`` is the portal's system actor for a delivery."""
    policy.require(actor, Capability.APPLICATION_INTAKE)
    svc = _service(service, channel)
    applicant = Person.objects.select_related("kato").filter(pk=applicant_id).first()
    if applicant is None:
        raise NotFound(_("No such person."), field="applicant")
    policy.require_territory(actor, applicant.kato_id)
    if applicant.death_date is not None:
        raise DomainError(_("The applicant is registered as deceased."), field="applicant")
    if language not in Language.values:
        raise DomainError(_("Unknown language: %(code)s.") % {"code": language}, field="language")
    known = {d.code for d in svc.documents.all()}
    presented = sorted(set(documents))
    unknown = [c for c in presented if c not in known]
    if unknown:
        raise DomainError(
            _("Documents not on this service's checklist: %(codes)s.") % {"codes": ", ".join(unknown)},
            field="documents",
        )
    situation = sorted(set(circumstances))
    strange = [c for c in situation if c not in CIRCUMSTANCE_CODES]
    if strange:
        raise DomainError(
            _("Unknown circumstances: %(codes)s.") % {"codes": ", ".join(strange)}, field="circumstances"
        )
    if housing_costs < 0 or housing_costs > 10_000_000:
        raise DomainError(_("Housing costs must be between 0 and 10,000,000 tenge."), field="housing_costs")
    bank_bic, iban = intake_account(bank_bic, iban)
    membership = Membership.objects.filter(person=applicant, valid_to__isnull=True).first()
    family_id = membership.family_id if membership else None
    missing = missing_documents(svc, channel, presented)
    if missing:
        with transaction.atomic():
            refusal = IntakeRefusal.objects.create(
                service=svc,
                channel=channel,
                applicant=applicant,
                kato=applicant.kato,
                missing=[d.code for d in missing],
                refused_by=staff(actor),
            )
            audit.refusal(
                actor=actor,
                obj=refusal,
                person_id=applicant.pk,
                changes=created({"service": svc.code, "channel": channel, "missing": refusal.missing}),
                reason=_("Incomplete package"),
                ip_address=ip_address,
                territory=applicant.kato_id,
            )
        raise IncompletePackage(missing, refusal.pk)
    _refuse_duplicate(channel, external_id)
    received = received_at or now()
    local_day = timezone.localtime(received).date()
    try:
        with transaction.atomic():
            second = open_application(service=svc, applicant=applicant, family_id=family_id)
            if second is not None:
                raise SecondOpenApplication(second)
            app = Application.objects.create(
                number=next_number(applicant.kato_id, local_day.year),
                service=svc,
                channel=channel,
                external_id=external_id,
                applicant=applicant,
                family_id=family_id,
                kato=applicant.kato,
                language=language,
                documents=presented,
                circumstances=situation,
                housing_costs=housing_costs,
                bank_bic=bank_bic,
                iban=iban,
                received_at=received,
                due_date=add_working_days(local_day, svc.deadline_working_days),
                received_by=staff(actor),
                caseworker=pick_caseworker(applicant.kato_id),
                status=Status.REGISTERED,
            )
            if app.caseworker_id:
                app.status = Status.IN_REVIEW
                app.save(update_fields=["status"])
            log(
                application=app,
                actor=actor,
                kind="received",
                action=AuditAction.CREATE,
                changes=created(
                    {
                        "number": app.number,
                        "service": svc.code,
                        "channel": channel,
                        "documents": presented,
                        "due_date": app.due_date.isoformat(),
                        "caseworker": app.caseworker_id,
                        "external_id": external_id,
                    }
                ),  # fmt: skip
                ip_address=ip_address,
            )
    except SecondOpenApplication as exc:
        audit_second_open(actor=actor, exc=exc, applicant=applicant, service=svc, ip_address=ip_address)
        raise
    except IntegrityError:
        # The same delivery received at the same moment by another request: that one won.
        _refuse_duplicate(channel, external_id)
        raise
    return app


def _refuse_duplicate(channel: str, external_id: str) -> None:
    if external_id and Application.objects.filter(channel=channel, external_id=external_id).exists():
        raise DomainError(
            _("This portal application has already been received."), field="external_id", code="duplicate"
        )


def application_reassign(
    *, actor: Actor, application_id: int, caseworker_id: int, ip_address: str | None = None
) -> Application:
    """Hand a case to another caseworker of its district (a department head's distribution)."""
    policy.require(actor, Capability.CASE_DISTRIBUTE)
    with transaction.atomic():
        app = locked_case(actor=actor, application_id=application_id, version=None)
        worker = User.objects.filter(pk=caseworker_id, is_active=True).first()
        if worker is None or not policy.can(worker, Capability.CASE_PROCESS):
            raise DomainError(_("Choose an active caseworker."), field="caseworker")
        # A caseworker without territorial units is not refused here (the units are the admin's).
        if policy.prefixes(worker) and not policy.in_territory(worker, app.kato_id):
            raise DomainError(_("The caseworker does not serve this address."), field="caseworker")
        before = app.caseworker_id
        app.caseworker = worker
        if app.status == Status.REGISTERED:
            app.status = Status.IN_REVIEW
        app.version += 1
        app.save(update_fields=["caseworker", "status", "version", "updated_at"])
        log(
            application=app,
            actor=actor,
            kind="reassigned",
            changes={"caseworker": [before, worker.pk]},
            ip_address=ip_address,
        )
    return app
