"""The kinds of job the contexts declare. The jobs app imports no context: each context registers
its kinds from its ``AppConfig.ready`` (``komek.payments`` the month's payroll, ``komek.reports``
the annual report's export), and the worker finds them through this registry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise

if TYPE_CHECKING:
    from komek.accounts.policy import Actor
    from komek.jobs.models import Job, Part


@dataclass(frozen=True)
class JobKind:
    #: Stored on the job: ``payroll.run``, ``report.annual``.
    name: str
    label: str | Promise
    #: The capability needed to ask for the job (the access policy checks it when enqueued).
    capability: str
    #: The work: called in the worker with the job and its actor; reports progress through
    #: :func:`komek.jobs.services.progress` (which raises :class:`JobCancelled` once a cancel is
    #: asked) and returns the result stored on the job (JSON). On :class:`JobCancelled` it must
    #: undo what it wrote before letting it through: a cancelled job leaves nothing half-way.
    run: Callable[[Job, Actor], dict[str, Any]]
    #: Checks and normalises the parameters before the job is queued (raises DomainError).
    clean: Callable[[dict[str, Any], Actor], dict[str, Any]] = lambda parameters, actor: parameters
    #: Words telling one job apart in lists: ``"2020-03, tsa"``.
    describe: Callable[[dict[str, Any]], str] = lambda parameters: ""
    #: A kind split by region (ADR 0049): the KATO codes of the territories the job covers, one
    #: part each (raises DomainError when there is nothing to do that users should hear of). Its
    #: parts are run by ``run_part`` instead of ``run``.
    split: Callable[[Job, Actor], list[str]] | None = None
    #: One part's work, safe to run again after a worker died in it (its progress through
    #: :func:`komek.jobs.services.part_progress`); returns the part's result (JSON). On
    #: :class:`JobCancelled` it undoes what this run wrote, as ``run`` does.
    run_part: Callable[[Job, Part, Actor], dict[str, Any]] | None = None
    #: The job's result from its parts' results (in the order of their territories).
    merge: Callable[[list[dict[str, Any]]], dict[str, Any]] = lambda results: {"parts": len(results)}
    #: Undoes what finished parts made, when the job ends cancelled (their results given).
    undo: Callable[[Job, Actor, list[dict[str, Any]]], None] = lambda job, actor, results: None


_KINDS: dict[str, JobKind] = {}


def register(*kinds: JobKind) -> None:
    """Declare kinds of job (from a context's ``AppConfig.ready``; registering again replaces)."""
    for kind in kinds:
        _KINDS[kind.name] = kind


def get(name: str) -> JobKind:
    try:
        return _KINDS[name]
    except KeyError:
        raise LookupError(f"No kind of job {name!r} is registered.") from None


def kinds() -> list[JobKind]:
    return sorted(_KINDS.values(), key=lambda k: k.name)
