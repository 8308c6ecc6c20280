"""Correcting the applicant's bank account on an open case: checked as the assignment will check it
(IBAN and bank), audited with the account before and after, so a case never waits on a typo."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.applications.models import Application
from komek.applications.services._common import bump, locked_case, log, log_refusal
from komek.benefits.accounts import bank_account_check
from komek.common.errors import DomainError

if TYPE_CHECKING:
    from komek.accounts.policy import Actor


def application_account_change(
    *,
    actor: Actor,
    application_id: int,
    version: int | None,
    bank_bic: str,
    iban: str,
    ip_address: str | None = None,
) -> Application:
    """Replace the bank account of an open case; a refused account writes nothing but its audit row."""
    try:
        return _change(actor=actor, application_id=application_id, version=version, bank_bic=bank_bic,
                       iban=iban, ip_address=ip_address)  # fmt: skip
    except DomainError as exc:
        log_refusal(actor=actor, application_id=application_id, step="account", exc=exc,
                    attempt={"bank_bic": bank_bic, "iban": iban}, ip_address=ip_address)  # fmt: skip
        raise


def _change(
    *,
    actor: Actor,
    application_id: int,
    version: int | None,
    bank_bic: str,
    iban: str,
    ip_address: str | None,
) -> Application:
    policy.require(actor, Capability.CASE_PROCESS)
    account = bank_account_check(bic=bank_bic.strip().upper(), iban=iban)
    with transaction.atomic():
        app = locked_case(actor=actor, application_id=application_id, version=version)
        if not app.is_open:
            raise DomainError(
                _("Application %(number)s is decided: its account is changed on the assignment.")
                % {"number": app.number},
                code="status",
            )
        before = (app.bank_bic, app.iban)
        if before == (account.bic, account.iban):
            return app
        app.bank_bic, app.iban = account.bic, account.iban
        bump(app)
        app.save(update_fields=["bank_bic", "iban", "version", "updated_at"])
        log(
            application=app,
            actor=actor,
            kind="account_changed",
            changes={"bank_bic": [before[0], app.bank_bic], "iban": [before[1], app.iban]},
            ip_address=ip_address,
        )
    return app
