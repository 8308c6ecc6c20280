"""The state services' figures of the annual report: services rendered by channel and by service,
and the home-schooling reimbursement's coverage (set-based)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet, Sum

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.applications.choices import OPEN_STATUSES, RENDERED_DECISIONS, Status
from komek.applications.models import Application, Service

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

PAGE_SIZE = 50
VIEWS = ("mine", "due_soon", "overdue", "all")
DUE_SOON_WORKING_DAYS = 2


HOME_SCHOOLING = "home_schooling"


@dataclass(frozen=True)
class HomeSchoolingCoverage:
    """The year's figures of home-schooling reimbursement for disabled children: the applicants
    who applied, those reimbursed (assigned), those still waiting, and the money paid."""

    label: str
    entitled: int
    provided: int
    in_queue: int
    spent: int


def home_schooling_coverage(*, year: int, prefixes: list[str] | None) -> HomeSchoolingCoverage | None:
    """Home-schooling reimbursement for disabled children in a year, for the rehabilitation
    coverage table: children's applicants who applied, reimbursed (assigned), still waiting, and the
    money of approved payrolls for the service's programmes in that year (returned payments out).
    ``None`` when the catalogue has no such service."""
    from komek.payments.choices import LineStatus, PayrollStatus
    from komek.payments.models import PaymentLine

    service = Service.objects.filter(code=HOME_SCHOOLING).first()
    if service is None:
        return None
    apps = Application.objects.filter(service=service, received_at__year=year)
    lines = PaymentLine.objects.filter(
        assignment__programme__in=service.programmes or [],
        month__year=year,
        payroll__status=PayrollStatus.APPROVED,
    ).exclude(status=LineStatus.RETURNED)
    apps = apps.filter(policy.prefixes_q(prefixes, "kato__code"))
    lines = lines.filter(policy.prefixes_q(prefixes, "assignment__kato_code"))
    figures = apps.aggregate(
        entitled=Count("applicant_id", distinct=True),
        provided=Count("applicant_id", filter=Q(status=Status.ASSIGNED), distinct=True),
        in_queue=Count("applicant_id", filter=Q(status__in=OPEN_STATUSES), distinct=True),
    )
    return HomeSchoolingCoverage(
        label=service.name,
        entitled=figures["entitled"],
        provided=figures["provided"],
        in_queue=figures["in_queue"],
        spent=int(lines.aggregate(total=Sum("amount"))["total"] or 0),
    )


@dataclass(frozen=True)
class ServicesRendered:
    """The state services of a year for the annual report: applications received, services rendered
    (a result given: an assignment, a reasoned refusal or a result without money), rendered per
    channel and per service."""

    received: int
    rendered: int
    by_channel: dict[str, int]
    by_service: list[tuple[str, str, int]]


def applications_of_year(
    *, actor: Actor, year: int, prefix: str, rendered: bool = True
) -> QuerySet[Application]:
    """The applications of the territory ``prefix`` given their result in ``year`` (an assignment, a
    reasoned refusal, or the result of a service that assigns no money), or with ``rendered=False``
    received in it: what the report counts (lazy)."""
    policy.require(actor, Capability.REPORT_VIEW)
    scope = Application.objects.filter(policy.territory_q(actor, "kato__code"), kato__code__startswith=prefix)
    if not rendered:
        return scope.filter(received_at__year=year)
    return scope.filter(decided_at__year=year, decision__in=RENDERED_DECISIONS)


def services_rendered(*, actor: Actor, year: int, prefix: str) -> ServicesRendered:
    """Set-based counts of the applications of ``year`` in the territory ``prefix`` (three queries)."""
    received = applications_of_year(actor=actor, year=year, prefix=prefix, rendered=False).count()
    rendered = applications_of_year(actor=actor, year=year, prefix=prefix)
    by_channel = {
        r["channel"]: r["n"] for r in rendered.values("channel").annotate(n=Count("id")).order_by("channel")
    }
    rows = rendered.values("service_id").annotate(n=Count("id")).order_by("service_id")
    counts = {r["service_id"]: r["n"] for r in rows}
    services = Service.objects.filter(pk__in=counts).order_by("code")
    return ServicesRendered(
        received=received,
        rendered=sum(counts.values()),
        by_channel=by_channel,
        by_service=[(s.code, s.name, counts[s.pk]) for s in services],
    )
