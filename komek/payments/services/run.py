"""Preparing a month's payrolls: a state machine kept in the database, one transaction per stage.

``payroll_run`` can be repeated, interrupted by a crash or a kill at any moment, or started twice at
once: a payroll row exists once per month, programme and department (unique constraint; its lines
carry their parts per budget source); each stage is one transaction that inserts only missing
lines (see ``generation``); the last stage computes the totals, per source too, and marks the
payroll prepared. A prepared or approved payroll is never touched again by a run, so running a
month again pays nobody twice.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.common import audit
from komek.common.choices import AuditAction
from komek.common.errors import DomainError
from komek.common.faults import fault_point
from komek.payments import generation, repayments
from komek.payments.choices import PayrollStatus
from komek.payments.models import PaymentLine, Payroll
from komek.payments.territory import department, lines_in, prefix_of

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

STAGES = ("regular", "missed", "arrears", "repayment", "recovery")
#: What each chunk of a run does, in words (shown translated on the job's page).
STAGE_WORDS = {
    "regular": gettext_noop("Regular payments"),
    "missed": gettext_noop("Payments missed before"),
    "arrears": gettext_noop("Arrears"),
    "repayment": gettext_noop("Returned payments paid again"),
    "recovery": gettext_noop("Deductions of overpayments"),
    "totals": gettext_noop("Totals and audit"),
}
#: Chunks of one payroll: its stages, then its totals.
CHUNKS_PER_PAYROLL = len(STAGES) + 1

#: Told after each committed chunk: ``(done, total, stage words)``. A background job reports its
#: progress through it and may stop the run there (ADR 0031); the command draws a progress bar.
OnChunk = Callable[[int, int, str], None]


def _targets(
    *, actor: Actor, month: dt.date, programme: str | None, territory: str | None
) -> list[tuple[str, str, str]]:
    wanted: set[tuple[str, str, str]] = set()
    # A run for one department (a part of a background run, ADR 0049) reads its own assignments.
    found = {
        *generation.combinations(
            month=month, programme=programme, prefix=prefix_of(territory) if territory else ""
        ),
        *repayments.repayment_combinations(month=month, programme=programme),
    }
    for prog, kato_code in found:
        code, prefix = department(kato_code)
        if territory and code != territory:
            continue
        if not policy.in_territory(actor, prefix):
            continue
        wanted.add((prog, code, prefix))
    return sorted(wanted)


def payroll_territories(
    *, actor: Actor, month: dt.date, programme: str | None = None, territory: str | None = None
) -> list[str]:
    """The departments (KATO codes) that have a payroll to prepare for the month: a background run
    is split into one part each (ADR 0049). Refused, as the run is, when a programme has nothing
    payable."""
    policy.require(actor, Capability.PAYROLL_PREPARE)
    codes = sorted({code for _prog, code, _prefix in _targets(
        actor=actor, month=month, programme=programme, territory=territory
    )})  # fmt: skip
    if programme and not codes:
        raise DomainError(
            _("No assignment of programme %(programme)s is payable in %(month)s.")
            % {"programme": programme, "month": f"{month:%m.%Y}"},
            field="programme",
        )
    return codes


def _stage(payroll_id: int, name: str, insert: Callable[[Payroll], int]) -> None:
    with transaction.atomic():
        payroll = Payroll.objects.select_for_update().get(pk=payroll_id)
        if payroll.status != PayrollStatus.PREPARING:
            return
        insert(payroll)
        fault_point(f"payroll.{name}.inserted")
        payroll.stage = name
        payroll.save(update_fields=["stage"])
        fault_point(f"payroll.{name}.recorded")
    fault_point(f"payroll.{name}.committed")


def _regular(payroll: Payroll, *, month: dt.date) -> int:
    first = generation.first_of_month(
        payroll_id=payroll.pk, stage=payroll.stage, month=month, programme=payroll.programme,
        prefix=payroll.prefix,
    )  # fmt: skip
    return generation.insert_regular(
        payroll_id=payroll.pk, month=month, programme=payroll.programme, prefix=payroll.prefix, first=first
    )


def _missed(payroll: Payroll, *, month: dt.date) -> int:
    return generation.insert_missed(
        payroll_id=payroll.pk, month=month, programme=payroll.programme, prefix=payroll.prefix
    )


def _arrears(payroll: Payroll, *, month: dt.date) -> int:
    return generation.insert_arrears(
        payroll_id=payroll.pk, month=month, programme=payroll.programme, prefix=payroll.prefix
    )


def _repayment(payroll: Payroll, *, month: dt.date) -> int:
    return repayments.insert_repayment(
        payroll_id=payroll.pk, month=month, programme=payroll.programme, prefix=payroll.prefix
    )


def _recovery(payroll: Payroll, *, month: dt.date) -> int:
    return generation.insert_recovery(payroll_id=payroll.pk, month=month, prefix=payroll.prefix)


def _finish(actor: Actor, payroll_id: int) -> Payroll:
    with transaction.atomic():
        payroll = Payroll.objects.select_for_update().get(pk=payroll_id)
        if payroll.status != PayrollStatus.PREPARING:
            return payroll
        with connection.cursor() as cursor:
            totals, payroll.by_address = generation.counted(cursor, payroll_id, payroll.prefix)
        count, total, republican, regional, local = totals
        payroll.line_count, payroll.total_amount = count, total
        payroll.total_republican, payroll.total_regional, payroll.total_local = republican, regional, local
        payroll.status, payroll.stage = PayrollStatus.PREPARED, "done"
        payroll.prepared_at = timezone.now()
        payroll.prepared_by_id = actor.pk  # the system prepares as nobody in particular
        payroll.save(
            update_fields=[
                "line_count", "total_amount", "total_republican", "total_regional", "total_local",
                "by_address", "status", "stage", "prepared_at", "prepared_by",
            ]
        )  # fmt: skip
        fault_point("payroll.totals.counted")
        audit.record(
            actor=actor, action=AuditAction.CREATE, obj=payroll,
            changes={"status": [None, "prepared"], "lines": [None, payroll.line_count],
                     "total": [None, payroll.total_amount], "republican": [None, republican],
                     "regional": [None, regional], "local": [None, local]},
            reason=str(payroll), territory=payroll.territory,
        )  # fmt: skip
        fault_point("payroll.totals.audited")
    fault_point("payroll.prepared")
    return payroll


def payroll_run(
    *,
    actor: Actor,
    month: dt.date,
    programme: str | None = None,
    territory: str | None = None,
    on_chunk: OnChunk | None = None,
    created: list[int] | None = None,
) -> list[Payroll]:
    """Prepare the month's payrolls (or finish those a crash interrupted); returns them all.

    ``on_chunk`` is told after each committed chunk (a stage of a payroll, or its totals) and may
    raise to stop the run there; ``created`` receives the id of each payroll row this run made, so
    that a stopped run can be undone (:func:`payrolls_discard_unfinished`)."""
    policy.require(actor, Capability.PAYROLL_PREPARE)
    if month.day != 1:
        raise DomainError(_("A payroll month is given by its first day."), field="month")
    results: list[Payroll] = []
    targets = _targets(actor=actor, month=month, programme=programme, territory=territory)
    total, done = len(targets) * CHUNKS_PER_PAYROLL, 0

    def chunk(name: str) -> None:
        nonlocal done
        done += 1
        if on_chunk is not None:
            on_chunk(done, total, STAGE_WORDS[name])

    for prog, code, prefix in targets:
        with transaction.atomic():
            # budget_source "": every source (a payroll prepared before co-financed lines has one)
            payroll, made = Payroll.objects.get_or_create(
                month=month, programme=prog, budget_source="", territory=code, defaults={"prefix": prefix}
            )
            fault_point("payroll.header.created")
        fault_point("payroll.header.committed")
        if made and created is not None:
            created.append(payroll.pk)
        if payroll.status != PayrollStatus.PREPARING:
            results.append(payroll)
            for name in (*STAGES, "totals"):
                chunk(name)
            continue
        for name, insert in (
            ("regular", _regular), ("missed", _missed), ("arrears", _arrears),
            ("repayment", _repayment), ("recovery", _recovery),
        ):  # fmt: skip
            _stage(payroll.pk, name, functools.partial(insert, month=month))
            chunk(name)
        results.append(_finish(actor, payroll.pk))
        chunk("totals")
    if programme and not results:
        raise DomainError(
            _("No assignment of programme %(programme)s is payable in %(month)s.")
            % {"programme": programme, "month": f"{month:%m.%Y}"},
            field="programme",
        )
    return results


def payrolls_discard_unfinished(*, actor: Actor, payroll_ids: list[int]) -> int:
    """Undo what a stopped run wrote: the payrolls it created that are not approved lose their lines
    and go, in one transaction, each audited. Returns how many went."""
    policy.require(actor, Capability.PAYROLL_PREPARE)
    gone = 0
    with transaction.atomic():
        rows = (
            Payroll.objects.select_for_update()
            .filter(pk__in=payroll_ids)
            .exclude(status=PayrollStatus.APPROVED)
        )
        for payroll in rows.order_by("pk"):
            own = PaymentLine.objects.filter(lines_in(payroll.prefix), payroll=payroll)
            lines = own.count()
            own.delete()
            audit.record(
                actor=actor, action=AuditAction.DELETE, obj=payroll,
                changes={"lines": [lines, None], "status": [payroll.status, None]},
                reason=_("The background run was cancelled."), territory=payroll.territory,
            )  # fmt: skip
            payroll.delete()
            gone += 1
    return gone
