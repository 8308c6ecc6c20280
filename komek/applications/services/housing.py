"""Housing receipts of a case: the family's consumption and payments per service and month of the
reference quarter, which the rules engine counts within the norms (komek/rules/data/programmes/
housing.yaml). Entered by the caseworker before the calculation; a change after it asks for a new one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import polars as pl
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.applications.choices import Status
from komek.applications.models import Application, HousingReceipt
from komek.applications.services._common import bump, locked_case, log, log_many, staff
from komek.common.errors import DomainError
from komek.legislation import loader
from komek.rules.housing import SERVICES, paid_variable
from komek.rules.periods import reference_months
from komek.rules.population import Population

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

MAX_PAID = Decimal(1_000_000)  # tenge for one service in one month: more is a typing error
OPEN = (Status.REGISTERED, Status.IN_REVIEW)


def receipts_needed(app: Application) -> bool:
    """Whether a programme of the case's service counts housing receipts (the legislation says so,
    not this module: a programme naming an amount paid for a housing service)."""
    wanted = {paid_variable(code) for code in SERVICES}
    engine = loader.application_engine()
    return any(p.code in app.service.programmes and p.names() & wanted for p in engine.programmes)


def receipt_months(app: Application) -> list[dt.date]:
    """The months a receipt may be for: the reference quarter of the application's date."""
    return reference_months(timezone.localtime(app.received_at).date())


def receipts_open(app: Application, actor: Actor) -> bool:
    """Whether the actor may still enter or remove the case's receipts (the page shows the form)."""
    return app.status in OPEN and policy.can(actor, Capability.CASE_PROCESS)


def service_title(code: str) -> str:
    service = SERVICES[code]
    return service.title.get((get_language() or "en")[:2]) or service.title["en"]


def _open_case(actor: Actor, application_id: int, version: int | None) -> Application:
    app = locked_case(actor=actor, application_id=application_id, version=version)
    if app.status not in OPEN:
        raise DomainError(
            _("Application %(number)s is %(status)s: receipts can no longer be changed.")
            % {"number": app.number, "status": app.get_status_display()},
            code="status",
        )
    if not receipts_needed(app):
        raise DomainError(_("This state service does not count housing receipts."), field="service")
    return app


def _plain(value: Decimal) -> str:
    """5000 rather than 5E+3, 12.5 rather than 12.500."""
    return f"{value.normalize():f}"


def _stale(app: Application) -> dict[str, list[object]]:
    """A calculation made before the change is no longer the case's: it is calculated again."""
    if app.calculated_at is None:
        return {}
    app.calculated_at = None
    app.calculation = None
    return {"calculated_at": ["set", None]}


@dataclass(frozen=True)
class ReceiptEntry:
    """One month's receipt of one housing or utility service, as typed or read from the bills."""

    month: dt.date
    service: str
    consumption: Decimal
    paid: Decimal


def _checked(entry: ReceiptEntry, months: list[dt.date], taken: set[tuple[dt.date, str]]) -> dt.date:
    """The receipt's month (the first of it) once every field is found plausible."""
    service, consumption, paid = entry.service, entry.consumption, entry.paid
    if service not in SERVICES:
        raise DomainError(_("Choose a housing or utility service."), field="service")
    month = entry.month.replace(day=1)
    if month not in months:
        raise DomainError(
            _("A receipt must be for a month of the reference quarter: %(months)s.")
            % {"months": ", ".join(date_format(m, "F Y") for m in months)},
            field="month",
        )
    limit = Decimal(str(SERVICES[service].max_per_month))
    unit = SERVICES[service].unit_text((get_language() or "en")[:2])
    if not consumption.is_finite() or consumption < 0:
        raise DomainError(_("The consumption cannot be negative."), field="consumption")
    if consumption > limit:
        raise DomainError(
            _("%(value)s %(unit)s of %(service)s in a month is implausible (at most %(limit)s).")
            % {"value": _plain(consumption), "unit": unit, "service": service_title(service),
               "limit": _plain(limit)},
            field="consumption",
        )  # fmt: skip
    if not paid.is_finite() or paid < 0 or paid > MAX_PAID:
        raise DomainError(_("The amount paid must be between 0 and 1,000,000 tenge."), field="paid")
    if (month, service) in taken:
        raise DomainError(
            _("A receipt of %(service)s for %(month)s is already entered: remove it to enter another.")
            % {"service": service_title(service), "month": date_format(month, "F Y")},
            field="month",
        )
    return month


def housing_receipts_add(
    *,
    actor: Actor,
    application_id: int,
    version: int | None,
    receipts: Sequence[ReceiptEntry],
    ip_address: str | None = None,
) -> list[HousingReceipt]:
    """Enter a housing case's receipts at once (a quarter's bills), each checked field by field:
    all or none. An error names the receipt by its position when there are several. Each receipt
    is a row of the case's history and of the audit log, as when entered one by one."""
    policy.require(actor, Capability.CASE_PROCESS)
    if not receipts:
        raise DomainError(_("Enter at least one receipt."), field="receipts")
    with transaction.atomic():
        app = _open_case(actor, application_id, version)
        months = receipt_months(app)
        taken = set(HousingReceipt.objects.filter(application=app).values_list("month", "service"))
        rows = []
        for position, entry in enumerate(receipts, 1):
            try:
                month = _checked(entry, months, taken)
            except DomainError as exc:
                if len(receipts) == 1:
                    raise
                raise DomainError(
                    _("Receipt %(position)s: %(error)s") % {"position": position, "error": exc.message},
                    field=exc.field,
                    code=exc.code,
                ) from exc
            taken.add((month, entry.service))
            rows.append(
                HousingReceipt(
                    application=app,
                    month=month,
                    service=entry.service,
                    unit=SERVICES[entry.service].unit,
                    consumption=entry.consumption,
                    paid=entry.paid,
                    entered_by=staff(actor),
                )  # fmt: skip
            )
        HousingReceipt.objects.bulk_create(rows)
        stale = _stale(app)
        bump(app)
        app.save()
        changes: list[dict[str, Any]] = [{"receipt": [None, r.as_dict()]} for r in rows]
        changes[0].update(stale)  # the calculation made stale once, by the first of them
        log_many(application=app, actor=actor, kind="receipt_added", changes=changes, ip_address=ip_address)
    return rows


def housing_receipt_add(
    *,
    actor: Actor,
    application_id: int,
    version: int | None,
    month: dt.date,
    service: str,
    consumption: Decimal,
    paid: Decimal,
    ip_address: str | None = None,
) -> HousingReceipt:
    """Enter one month's receipt of one service for a housing case, checked field by field."""
    (receipt,) = housing_receipts_add(
        actor=actor, application_id=application_id, version=version, ip_address=ip_address,
        receipts=[ReceiptEntry(month=month, service=service, consumption=consumption, paid=paid)],
    )  # fmt: skip
    return receipt


def housing_receipt_remove(
    *, actor: Actor, application_id: int, version: int | None, receipt_id: int, ip_address: str | None = None
) -> None:
    """Remove a receipt entered in error (the case's history keeps what it held)."""
    policy.require(actor, Capability.CASE_PROCESS)
    with transaction.atomic():
        app = _open_case(actor, application_id, version)
        receipt = HousingReceipt.objects.filter(application=app, pk=receipt_id).first()
        if receipt is None:
            raise DomainError(_("This receipt is not on the case."), field="receipt")
        held = receipt.as_dict()
        receipt.delete()
        changes = _stale(app)
        bump(app)
        app.save()
        log(application=app, actor=actor, kind="receipt_removed", ip_address=ip_address,
            changes={"receipt": [held, None], **changes})  # fmt: skip


def receipts_frame(app: Application, family_id: int) -> pl.DataFrame:
    """The case's receipts as the engine's receipts frame of the family (komek.rules.population)."""
    rows = list(app.housing_receipts.values_list("month", "service", "consumption", "paid"))
    if not rows:
        return Population.empty_receipts()
    return pl.DataFrame(
        {
            "family_id": [family_id] * len(rows),
            "month": [r[0] for r in rows],
            "service": [r[1] for r in rows],
            "consumption": [float(r[2]) for r in rows],
            "paid": [float(r[3]) for r in rows],
        }
    )
