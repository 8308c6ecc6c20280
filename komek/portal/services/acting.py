"""What a signed-in citizen does on the portal: apply online, correct their contacts, consent to an
offer. Each goes through the owning context's service with the citizen as actor
(:class:`~komek.accounts.policy.CitizenActor`), so the audit row of the write names the citizen;
a refusal is audited here when the owning service does not audit it itself.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from komek.accounts.policy import CitizenActor
from komek.applications.choices import Channel, Language
from komek.applications.models import Application, Service
from komek.applications.services.intake import application_receive
from komek.common import audit
from komek.common.errors import DomainError
from komek.portal.selectors import offer_of
from komek.proactive.models import Item
from komek.proactive.services import item_consent
from komek.registry.models import Person
from komek.registry.services.persons import person_update


def _refused(actor: CitizenActor, object_type: str, reason: str, ip_address: str | None) -> None:
    with transaction.atomic():
        audit.refusal(
            actor=actor, object_type=object_type, reason=reason[:500], person_id=actor.person_id,
            territory=actor.kato, ip_address=ip_address,
        )  # fmt: skip


def portal_apply(
    *,
    actor: CitizenActor,
    service: str,
    documents: Iterable[str],
    language: str,
    bank_bic: str = "",
    iban: str = "",
    ip_address: str | None = None,
) -> Application:
    """The citizen's own application, received through the portal channel. The documents the
    service's checklist takes from the state databases are never asked; a service whose standard
    has no portal channel is refused."""
    found = Service.objects.filter(code=service, active=True).first()
    try:
        if found is None:
            raise DomainError(_("Unknown state service: %(code)s.") % {"code": service}, field="service")
        if Channel.PORTAL not in found.channels:
            raise DomainError(
                _("“%(service)s” is not received online: apply at the department or a public service centre.")
                % {"service": found.name},
                field="service",
                code="no_portal_channel",
            )
        from_databases = set(found.documents.filter(state_database=True).values_list("code", flat=True))
        presented = sorted({str(d) for d in documents} - from_databases)
        return application_receive(
            actor=actor, service=found.code, channel=Channel.PORTAL, applicant_id=actor.person_id,
            documents=presented, language=language if language in Language.values else Language.RU,
            bank_bic=bank_bic, iban=iban, external_id=f"my-{secrets.token_hex(8)}", ip_address=ip_address,
        )  # fmt: skip
    except DomainError as exc:
        if exc.code != "incomplete":  # an incomplete package is recorded and audited by the intake
            _refused(actor, "applications.application", f"portal_apply {service}: {exc}", ip_address)
        raise


def portal_contacts_correct(
    *, actor: CitizenActor, phone: str, email: str, street: str, ip_address: str | None = None
) -> Person:
    """The citizen's own phone, e-mail and street address, through the registry's service."""
    person = Person.objects.get(pk=actor.person_id)
    try:
        with transaction.atomic():
            return person_update(actor=actor, person=person, phone=phone, email=email, street=street)
    except DomainError as exc:
        _refused(actor, "registry.person", f"portal_contacts_correct: {exc}", ip_address)
        raise


def portal_offer_consent(*, actor: CitizenActor, item_id: int, ip_address: str | None = None) -> Item:
    """The citizen's consent to an offer addressed to their family: the proactive service opens the
    application through the portal channel (an expired or dismissed offer is refused there)."""
    try:
        offer_of(actor=actor, item_id=item_id)
    except DomainError as exc:
        _refused(actor, "proactive.item", f"portal_offer_consent {item_id}: {exc}", ip_address)
        raise
    return item_consent(actor=actor, item_id=item_id, ip_address=ip_address)
