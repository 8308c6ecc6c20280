"""Reading the jobs: a user's own, and those of the territory for a manager of jobs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.common.errors import NotFound
from komek.common.models import KatoUnit
from komek.jobs.models import Job, Part

if TYPE_CHECKING:
    from komek.accounts.policy import Actor


def jobs_visible(actor: Actor, *, mine_only: bool = False) -> QuerySet[Job]:
    """The jobs the actor asked for, and (a manager of jobs) those of their territory."""
    own = Q(requested_by_id=actor.pk) if actor.pk else Q(pk__in=[])
    if mine_only or not policy.can(actor, Capability.JOBS_MANAGE):
        return Job.objects.filter(own)
    allowed = policy.prefixes(actor)
    if allowed is None:
        return Job.objects.all()
    return Job.objects.filter(own | (policy.prefixes_q(allowed, "territory") & ~Q(territory="")))


def job_get(*, actor: Actor, job_id: int) -> Job:
    job = jobs_visible(actor).select_related("requested_by").filter(pk=job_id).first()
    if job is None:
        raise NotFound(_("No such job."), field="job_id")
    return job


def job_parts(job: Job) -> list[Part]:
    """The parts of a job split by region, each with its territory's name (``territory_name``)."""
    parts = list(job.parts.order_by("territory"))
    units = {u.code: u for u in KatoUnit.objects.filter(code__in=[p.territory for p in parts])}
    for part in parts:
        unit = units.get(part.territory)
        part.territory_name = unit.name if unit else ""  # type: ignore[attr-defined]
    return parts
