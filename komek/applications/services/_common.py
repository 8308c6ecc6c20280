"""Shared steps of the state services' writes: the case's history row with its audit row, the
locked and version-checked read of a case, the registration number, the audit of a refused step."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.models import User
from komek.applications.models import Application, Counter, Event
from komek.common import audit
from komek.common.choices import AuditAction
from komek.common.errors import DomainError, NotFound

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

OBJECT_TYPE = audit.object_type_of(Application)


def now() -> dt.datetime:
    return timezone.now()


def staff(actor: Actor) -> User | None:
    """The member of staff behind an actor, for the case's own columns (None for the system)."""
    return actor if isinstance(actor, User) else None


def locked_case(*, actor: Actor, application_id: int, version: int | None) -> Application:
    """The case, locked for this transaction; refused when outside the actor's territory or when
    someone changed it since ``version`` was read (optimistic concurrency)."""
    app = (
        Application.objects.select_for_update()
        .select_related("service", "applicant", "kato")
        .filter(pk=application_id)
        .first()
    )
    if app is None or not policy.in_territory(actor, app.kato_id):
        raise NotFound(_("No such application in your territorial units."))
    if version is not None and app.version != version:
        raise DomainError(
            _(
                "Application %(number)s was changed by someone else while you had it open "
                "(now: %(status)s). Reload it to see the current state."
            )
            % {"number": app.number, "status": app.get_status_display()},
            code="stale",
        )
    return app


def bump(app: Application) -> None:
    """The next version of a case read under ``locked_case`` (the row lock makes this safe)."""
    app.version += 1


def next_number(kato_code: str, year: int) -> str:
    """``<town prefix>-<year>-<serial>``, e.g. 3516-2026-000042, counted per town and year."""
    key = f"{kato_code[:4]}-{year}"
    Counter.objects.get_or_create(key=key)
    counter = Counter.objects.select_for_update().get(key=key)
    counter.value += 1
    counter.save(update_fields=["value"])
    return f"{key}-{counter.value:06d}"


def log_many(
    *,
    application: Application,
    actor: Actor,
    kind: str,
    changes: list[dict[str, Any]],
    note: str = "",
    action: str = AuditAction.UPDATE,
    ip_address: str | None = None,
) -> list[Event]:
    """One history row of the case and its audit row per change (receipts entered together give
    several), all in two statements of the caller's transaction."""
    events = Event.objects.bulk_create(
        [
            Event(
                application=application, actor=staff(actor), kind=kind, status=application.status,
                note=note, data=dict(c),
            )
            for c in changes
        ]
    )  # fmt: skip
    entries = [
        audit.Entry(
            object_id=application.pk,
            person_id=application.applicant_id,
            territory=application.kato_id,
            changes={"event": [None, kind], **c},
        )  # fmt: skip
        for c in changes
    ]
    audit.bulk(
        actor=actor, action=action, object_type=audit.object_type_of(application), entries=entries,
        reason=note, ip_address=ip_address,
    )  # fmt: skip
    return events


def log(
    *,
    application: Application,
    actor: Actor,
    kind: str,
    changes: dict[str, Any],
    note: str = "",
    action: str = AuditAction.UPDATE,
    ip_address: str | None = None,
) -> Event:
    """One history row of the case and its audit row (the caller's transaction holds both)."""
    (event,) = log_many(
        application=application, actor=actor, kind=kind, changes=[changes], note=note, action=action,
        ip_address=ip_address,
    )  # fmt: skip
    return event


def log_refusal(
    *,
    actor: Actor,
    application_id: int,
    step: str,
    exc: DomainError,
    attempt: dict[str, Any],
    ip_address: str | None = None,
) -> None:
    """Audit a refused step of a case (outside its rolled-back transaction, in one of its own):
    what was tried, why it was refused. Nothing else is written."""
    row = Application.objects.filter(pk=application_id).values_list("applicant_id", "kato_id").first()
    with transaction.atomic():
        audit.refusal(
            actor=actor,
            object_type=OBJECT_TYPE,
            object_id=application_id,
            person_id=row[0] if row else None,
            changes={
                "refused": [None, f"{step}:{exc.code}"],
                **{
                    k: [None, v if isinstance(v, int | str | list | None) else str(v)]
                    for k, v in attempt.items()
                },
            },
            reason=str(exc.message)[:1000],
            ip_address=ip_address,
            territory=row[1] if row else "",
        )
