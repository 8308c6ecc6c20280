"""The month's payroll as a background job (``payroll.run``): the same run as ``komek payroll run``
and the payroll page's button, its progress reported after each committed chunk (a stage of one
payroll), and cancellable there: a cancelled run discards the payrolls it had created, so nothing
is left half-way (ADR 0031)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from komek.accounts.choices import Capability
from komek.common.errors import DomainError
from komek.jobs.registry import JobKind
from komek.jobs.services import JobCancelled, progress
from komek.payments.services import payroll_run, payrolls_discard_unfinished

if TYPE_CHECKING:
    from komek.accounts.policy import Actor
    from komek.jobs.models import Job


def _month(text: Any) -> dt.date:
    try:
        return dt.datetime.strptime(str(text), "%Y-%m").date()  # noqa: DTZ007 (a calendar month)
    except ValueError:
        raise DomainError(_("Give the month as YYYY-MM."), field="month") from None


def clean(parameters: dict[str, Any], actor: Actor) -> dict[str, Any]:
    month = _month(parameters.get("month"))
    return {
        "month": f"{month:%Y-%m}",
        "programme": parameters.get("programme") or None,
        "territory": parameters.get("territory") or None,
    }


def run(job: Job, actor: Actor) -> dict[str, Any]:
    created: list[int] = []
    try:
        payrolls = payroll_run(
            actor=actor, month=_month(job.parameters["month"]), programme=job.parameters.get("programme"),
            territory=job.parameters.get("territory"), created=created,
            on_chunk=lambda done, total, stage: progress(job, done, total, stage),
        )  # fmt: skip
    except JobCancelled:
        payrolls_discard_unfinished(actor=actor, payroll_ids=created)
        raise
    return {
        "lines": sum(p.line_count for p in payrolls),
        "total": sum(p.total_amount for p in payrolls),
        "links": [
            {"url": reverse("payments:payroll_detail", args=[p.pk]), "label": str(p),
             "lines": p.line_count, "total": p.total_amount}
            for p in payrolls
        ],
    }  # fmt: skip


def describe(parameters: dict[str, Any]) -> str:
    return ", ".join(str(v) for v in (parameters.get("month"), parameters.get("programme")) if v)


PAYROLL_RUN = JobKind(
    name="payroll.run",
    label=gettext_lazy("Monthly payroll"),
    capability=Capability.PAYROLL_PREPARE,
    run=run,
    clean=clean,
    describe=describe,
)
