"""The month's payroll as a background job (``payroll.run``): the same run as ``komek payroll run``
and the payroll page's button, split by region (ADR 0049): one part per department (KATO) that has
a payroll to prepare, each run by any worker as ``payroll_run`` limited to its territory, safe to run
again after a worker died in it (ADR 0008); its progress reported after each committed chunk (a
stage of one payroll), and cancellable there: a cancelled run discards the payrolls it had created,
so nothing is left half-way (ADR 0031)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from komek.accounts.choices import Capability
from komek.common.errors import DomainError
from komek.jobs.registry import JobKind
from komek.jobs.services import JobCancelled, part_progress, progress
from komek.payments.services import payroll_run, payroll_territories, payrolls_discard_unfinished

if TYPE_CHECKING:
    from komek.accounts.policy import Actor
    from komek.jobs.models import Job, Part


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


def _result(payrolls: list[Any], created: list[int]) -> dict[str, Any]:
    return {
        "lines": sum(p.line_count for p in payrolls),
        "total": sum(p.total_amount for p in payrolls),
        "links": [
            {"url": reverse("payments:payroll_detail", args=[p.pk]), "label": str(p),
             "lines": p.line_count, "total": p.total_amount}
            for p in payrolls
        ],
        "created": created,
    }  # fmt: skip


def run(job: Job, actor: Actor) -> dict[str, Any]:
    """The whole month in one task (a job queued before runs were split by region)."""
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
    return _result(payrolls, created)


def split(job: Job, actor: Actor) -> list[str]:
    return payroll_territories(
        actor=actor, month=_month(job.parameters["month"]), programme=job.parameters.get("programme"),
        territory=job.parameters.get("territory"),
    )  # fmt: skip


def run_part(job: Job, part: Part, actor: Actor) -> dict[str, Any]:
    """One department's payrolls of the month: started afresh or finishing what a killed worker
    left (the run inserts only missing lines)."""
    created: list[int] = []
    try:
        payrolls = payroll_run(
            actor=actor, month=_month(job.parameters["month"]), programme=job.parameters.get("programme"),
            territory=part.territory, created=created,
            on_chunk=lambda done, total, stage: part_progress(part, done, total, stage),
        )  # fmt: skip
    except JobCancelled:
        payrolls_discard_unfinished(actor=actor, payroll_ids=created)
        raise
    return _result(payrolls, created)


def merge(results: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "lines": sum(r["lines"] for r in results),
        "total": sum(r["total"] for r in results),
        "links": [link for r in results for link in r["links"]],
    }


def undo(job: Job, actor: Actor, results: list[dict[str, Any]]) -> None:
    """A cancelled job: the payrolls its finished parts created go too."""
    payrolls_discard_unfinished(actor=actor, payroll_ids=[pk for r in results for pk in r.get("created", [])])


def describe(parameters: dict[str, Any]) -> str:
    return ", ".join(str(v) for v in (parameters.get("month"), parameters.get("programme")) if v)


PAYROLL_RUN = JobKind(
    name="payroll.run",
    label=gettext_lazy("Monthly payroll"),
    capability=Capability.PAYROLL_PREPARE,
    run=run,
    clean=clean,
    describe=describe,
    split=split,
    run_part=run_part,
    merge=merge,
    undo=undo,
)
