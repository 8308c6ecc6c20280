"""Two checks of intake that spare a case from getting stuck: the bank account is checked where it
is typed (a 19-character IBAN, a bank code not the bank's), and a family has one open application
per programme (a second one is refused naming the open one)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from komek.applications.choices import OPEN_STATUSES
from komek.applications.models import Application, Service
from komek.benefits.accounts import bank_account_check
from komek.common import audit
from komek.common.errors import DomainError
from komek.legislation import loader
from komek.registry.models import Family, Person

if TYPE_CHECKING:
    from komek.accounts.policy import Actor


class SecondOpenApplication(DomainError):
    """The family (or the applicant without a family) already has an open application."""

    code = "second_open"

    def __init__(self, open_app: Application) -> None:
        super().__init__(
            _(
                "The family already has an open application %(number)s for “%(service)s” "
                "(%(status)s, received %(date)s): continue that case, a second one is not registered."
            )
            % {
                "number": open_app.number,
                "service": open_app.service.name,
                "status": open_app.get_status_display(),
                "date": f"{timezone.localtime(open_app.received_at):%d.%m.%Y}",
            },
            field="applicant",
        )
        self.open_number = open_app.number


def intake_account(bic: str, iban: str) -> tuple[str, str]:
    """The bank details as stored on the case: both empty (given later on the case), or a checked
    account (BIC and compact IBAN). One without the other is refused at the missing field."""
    bic, iban = (bic or "").strip().upper(), (iban or "").strip()
    if not bic and not iban:
        return "", ""
    if not iban:
        raise DomainError(_("Enter the IBAN of the account at this bank."), field="iban", code="iban")
    account = bank_account_check(bic=bic, iban=iban)
    return account.bic, account.iban


def _one_per_family(service: Service) -> bool:
    """Whether the service renders only programmes of the whole family (TSA with its social package,
    housing assistance): then one open application per family, whichever member applies."""
    codes = set(service.programmes)
    entities = {p.entity for p in loader.application_engine().programmes if p.code in codes}
    return entities == {"family"}


def open_application(*, service: Service, applicant: Person, family_id: int | None) -> Application | None:
    """The open application of the same family (or of the applicant when without a family) for a
    service that renders only family programmes. The family's row is locked for the caller's transaction, so
    two registrars receiving the family's second application at once see one win."""
    if not _one_per_family(service):
        return None  # the programme is known at the calculation, checked there (cases.calculate)
    if family_id is not None:
        Family.objects.select_for_update().filter(pk=family_id).first()
        same = Q(family_id=family_id)
    else:
        same = Q(applicant=applicant, family__isnull=True)
    return (
        Application.objects.select_related("service")
        .filter(same, service=service, status__in=OPEN_STATUSES)
        .order_by("received_at")
        .first()
    )


def audit_second_open(
    *, actor: Actor, exc: SecondOpenApplication, applicant: Person, service: Service, ip_address: str | None
) -> None:
    """The refusal's audit row, in a transaction of its own (the intake's was rolled back)."""
    with transaction.atomic():
        audit.refusal(
            actor=actor,
            object_type=audit.object_type_of(Application),
            object_id="",
            person_id=applicant.pk,
            changes={"service": [None, service.code], "open_application": [None, exc.open_number]},
            reason=_("A second open application of the family"),
            ip_address=ip_address,
            territory=applicant.kato_id,
        )
