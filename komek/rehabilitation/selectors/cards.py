"""A person's rehabilitation card, and the lists of supply, vouchers and special social services."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability, Role
from komek.accounts.models import User
from komek.common import audit
from komek.common.errors import NotFound
from komek.registry.choices import StatusKind
from komek.registry.models import Person, PersonStatus
from komek.registry.selectors import persons_visible
from komek.rehabilitation import choices
from komek.rehabilitation.models import (
    CareEnrolment,
    Contract,
    ContractLine,
    Entitlement,
    HoursRecord,
    Institution,
    Ipr,
    Issue,
    Placement,
    QueueEntry,
    SocialOrderProject,
    Voucher,
)
from komek.rehabilitation.selectors.queues import person_queue_places

VIEW = Capability.REHAB_VIEW
PERSONS = (Capability.REHAB_VIEW, Capability.PERSON_VIEW)


@dataclass
class RehabCard:
    person: Person
    disability: list[PersonStatus]
    iprs: list[Ipr]
    places: list[tuple[QueueEntry, int]]
    issues: list[Issue]
    hours: list[HoursRecord]
    vouchers: list[Voucher]
    care: list[CareEnrolment]
    placements: list[Placement]

    @property
    def entitlements(self) -> list[Entitlement]:
        return [e for ipr in self.iprs for e in ipr.entitlements.all()]


def _person(user: User, pk: int) -> Person:
    policy.require(user, *PERSONS)
    person = persons_visible(user).select_related("kato").filter(pk=pk).first()
    if person is None:
        raise NotFound(_("No such person in your territorial units."))
    return person


def visible_person(user: User, pk: int) -> Person:
    """The person a page of rehabilitation shows (a form about them): audited as a read."""
    person = _person(user, pk)
    audit.read(actor=user, obj=person, person_id=person.pk, territory=person.kato_id)
    return person


def person_by_iin(user: User, iin: str) -> Person:
    policy.require(user, *PERSONS)
    person = persons_visible(user).filter(iin=(iin or "").strip()).first()
    if person is None:
        raise NotFound(_("No such person in your territorial units."))
    return person


def rehab_card(*, user: User, person_id: int, ip_address: str | None = None) -> RehabCard:
    """Everything rehabilitation knows of a person; the opening is audited as a read."""
    person = _person(user, person_id)
    card = RehabCard(
        person=person,
        disability=list(PersonStatus.objects.filter(person=person, kind=StatusKind.DISABILITY)),
        iprs=list(Ipr.objects.filter(person=person).prefetch_related(Prefetch("entitlements"))),
        places=person_queue_places(person.pk),
        issues=list(Issue.objects.filter(person=person).select_related("line").order_by("-issued_on")),
        hours=list(HoursRecord.objects.filter(person=person).order_by("-month")[:24]),
        vouchers=list(Voucher.objects.filter(person=person)),
        care=list(CareEnrolment.objects.filter(person=person).annotate(visit_count=Count("visits"))),
        placements=list(Placement.objects.filter(person=person).select_related("institution")),
    )
    audit.read(
        territory=person.kato_id,
        actor=user,
        object_type="rehabilitation.card",
        object_id=person.pk,
        person_id=person.pk,
        ip_address=ip_address,
    )
    return card


def contracts_visible(user: User) -> QuerySet[Contract]:
    policy.require(user, VIEW)
    return Contract.objects.filter(policy.territory_q(user, "district")).select_related("supplier")


def contract_lines(user: User, *, kind: str | None = None) -> list[ContractLine]:
    """Lines of the visible contracts with delivered and issued totals (two aggregates, one query)."""
    qs = ContractLine.objects.filter(contract__in=contracts_visible(user)).select_related(
        "contract__supplier"
    )
    if kind:
        qs = qs.filter(kind=kind)
    delivered = {
        r["id"]: r["n"] for r in qs.values("id").annotate(n=Sum("deliveries__quantity")).values("id", "n")
    }
    issued = {r["id"]: r["n"] for r in qs.values("id").annotate(n=Sum("issues__quantity")).values("id", "n")}
    lines = list(qs.order_by("-contract__year", "contract__number", "id"))
    for line in lines:
        line.delivered = delivered.get(line.pk) or 0  # type: ignore[attr-defined]
        line.issued = issued.get(line.pk) or 0  # type: ignore[attr-defined]
    return lines


def vouchers_visible(user: User) -> QuerySet[Voucher]:
    policy.require(user, *PERSONS)
    return Voucher.objects.filter(policy.territory_q(user, "district")).select_related("person")


def care_clients(user: User, setting: str) -> QuerySet[CareEnrolment]:
    policy.require(user, *PERSONS)
    return (
        CareEnrolment.objects.filter(
            policy.territory_q(user, "person__kato__code"),
            setting=setting,
            started_on__isnull=False,
            ended_on__isnull=True,
        )
        .select_related("person", "social_worker")
        .annotate(visit_count=Count("visits"))
        .order_by("social_worker__username", "person__surname")
    )


def care_waiting(user: User) -> QuerySet[CareEnrolment]:
    """The queues for home and day care: applicants not yet taken on, by date of application."""
    policy.require(user, *PERSONS)
    return (
        CareEnrolment.objects.filter(
            policy.territory_q(user, "person__kato__code"), started_on__isnull=True, ended_on__isnull=True
        )
        .select_related("person")
        .order_by("setting", "applied_on", "id")
    )


def care_waiting_counts(user: User) -> list[tuple[str, int]]:
    """How many wait for home care and for day care in the user's territory: one grouped query."""
    policy.require(user, VIEW)
    rows = dict(
        CareEnrolment.objects.filter(
            policy.territory_q(user, "person__kato__code"), started_on__isnull=True, ended_on__isnull=True
        )
        .values_list("setting")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [(str(label), rows.get(code, 0)) for code, label in choices.CareSetting.choices]


def caseloads(user: User) -> list[dict[str, Any]]:
    """Home-care clients per social worker."""
    policy.require(user, VIEW)
    rows = (
        CareEnrolment.objects.filter(
            policy.territory_q(user, "person__kato__code"),
            setting=choices.CareSetting.HOME,
            started_on__isnull=False,
            ended_on__isnull=True,
        )
        .values("social_worker__username", "social_worker__first_name", "social_worker__last_name")
        .annotate(clients=Count("id", distinct=True), visit_count=Count("visits"))
        .order_by("social_worker__username")
    )
    return [dict(row) for row in rows]


def placement_queue(user: User) -> QuerySet[Placement]:
    policy.require(user, *PERSONS)
    return (
        Placement.objects.filter(policy.territory_q(user, "district"), status=choices.PlacementStatus.WAITING)
        .select_related("person")
        .order_by("profile", "priority", "applied_on", "id")
    )


def residents(user: User) -> QuerySet[Placement]:
    policy.require(user, *PERSONS)
    return Placement.objects.filter(
        policy.territory_q(user, "district"), status=choices.PlacementStatus.ADMITTED
    ).select_related("person", "institution")


def institutions(user: User) -> QuerySet[Institution]:
    """Institutions of the user's region (placements go to regional institutions, seed 000)."""
    policy.require(user, VIEW)
    prefixes = policy.prefixes(user)
    regions = None if prefixes is None else sorted({p[:2] for p in prefixes})
    return (
        Institution.objects.filter(policy.prefixes_q(regions, "kato"))
        .annotate(placed=Count("placement", filter=Q(placement__status=choices.PlacementStatus.ADMITTED)))
        .order_by("name")
    )


def projects_visible(user: User) -> QuerySet[SocialOrderProject]:
    policy.require(user, VIEW)
    return SocialOrderProject.objects.filter(policy.territory_q(user, "district")).annotate(
        served=Count("beneficiaries")
    )


def care_enrolment_visible(user: User, pk: int) -> CareEnrolment | None:
    """A home- or day-care enrolment of a person of the user's territory, or None."""
    return policy.scoped(CareEnrolment.objects.all(), user, field="person__kato__code").filter(pk=pk).first()


def placement_visible(user: User, pk: int) -> Placement | None:
    """A placement of the user's territory (kept by its district), with its person, or None."""
    return (
        policy.scoped(Placement.objects.all(), user, field="district")
        .select_related("person")
        .filter(pk=pk)
        .first()
    )


def social_workers(user: User) -> list[User]:
    """Social workers of the user's units (rehabilitation staff), for a care form's choice."""
    return list(
        User.objects.filter(role=Role.REHABILITATION_SPECIALIST, is_active=True, units__in=user.units.all())
        .distinct()
        .order_by("last_name", "username")
    )
