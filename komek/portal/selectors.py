"""What a citizen reads on the portal: their own family only, each page one audited read with the
citizen as actor (``citizen:<IIN>``) naming the persons it shows.

The family is the one the citizen belongs to now in the registry (or the citizen alone, without
one). The records of the other contexts are read here by family and person — never by an id the
browser sends without checking it belongs to the family: another family's application is "not
found", as one that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from komek.accounts.policy import CitizenActor
from komek.applications.choices import Channel
from komek.applications.models import Application, Notification, Service
from komek.benefits.models import Assignment
from komek.common import audit
from komek.common.errors import NotFound
from komek.employment.models import Jobseeker, Referral
from komek.payments.models import PaymentLine
from komek.proactive.choices import ItemKind, ItemStatus
from komek.proactive.models import Item
from komek.registry.models import Family, Income, Membership, Person
from komek.registry.selectors import incomes_of
from komek.rehabilitation.models import Placement
from komek.rehabilitation.selectors.queues import person_queue_places

FAMILY = "portal.family"


@dataclass
class Household:
    person: Person
    family: Family | None
    members: list[Membership] = field(default_factory=list)

    @property
    def person_ids(self) -> list[int]:
        return [m.person_id for m in self.members] or [self.person.pk]

    @property
    def addresses(self) -> list[tuple[int, str]]:
        """Each person's id with their registered address (how incomes are read, ADR 0066)."""
        return [(m.person_id, m.person.kato_id) for m in self.members] or [
            (self.person.pk, self.person.kato_id)
        ]


def household(actor: CitizenActor) -> Household:
    """The citizen and the family they belong to now (members in their order)."""
    person = Person.objects.select_related("kato").get(pk=actor.person_id)
    membership = (
        Membership.objects.filter(person_id=person.pk, valid_to__isnull=True).select_related("family").first()
    )
    if membership is None:
        return Household(person=person, family=None)
    members = list(
        Membership.objects.filter(family_id=membership.family_id, valid_to__isnull=True)
        .select_related("person")
        .order_by("id")
    )
    return Household(person=person, family=membership.family, members=members)


def _family_q(found: Household, person_field: str, family_field: str) -> Q:
    q = Q(**{f"{person_field}__in": found.person_ids})
    if found.family is not None:
        q |= Q(**{family_field: found.family.pk})
    return q


def applications_of(found: Household) -> QuerySet[Application]:
    return (
        Application.objects.filter(_family_q(found, "applicant_id", "family_id"))
        .select_related("service", "applicant")
        .order_by("-received_at", "-id")
    )


def _read(actor: CitizenActor, found: Household, what: str, ip_address: str | None) -> None:
    audit.read(
        actor=actor, object_type=FAMILY, object_id=found.family.pk if found.family else "",
        persons=found.person_ids, territory=found.person.kato_id, ip_address=ip_address,
        changes={"page": what},
    )  # fmt: skip


@dataclass
class Overview:
    found: Household
    incomes: list[Income]
    applications: list[Application]
    assignments: list[Assignment]
    payments: list[PaymentLine]
    queues: list[tuple[Any, int]]
    placements: list[Placement]
    jobseekers: list[Jobseeker]
    referrals: list[Referral]
    offers: list[Item]


def overview(*, actor: CitizenActor, ip_address: str | None = None) -> Overview:
    """Everything the portal's start page shows of the citizen's family (one audited read)."""
    found = household(actor)
    ids = found.person_ids
    assignments = list(
        Assignment.objects.filter(_family_q(found, "person_id", "family_id") | Q(recipient_id__in=ids))
        .select_related("bank")
        .order_by("-period_start", "-id")
    )
    queues: list[tuple[Any, int]] = []
    for pid in ids:
        queues += person_queue_places(pid)
    result = Overview(
        found=found,
        incomes=list(
            incomes_of(found.addresses).select_related("person").order_by("-month", "person_id")[:36]
        ),
        applications=list(applications_of(found)[:50]),
        assignments=assignments,
        payments=list(
            PaymentLine.objects.filter(assignment_id__in=[a.pk for a in assignments])
            .select_related("bank", "payroll")
            .order_by("-for_month", "-id")[:36]
        ),
        queues=queues,
        placements=list(
            Placement.objects.filter(person_id__in=ids).select_related("institution").order_by("-applied_on")
        ),
        jobseekers=list(Jobseeker.objects.filter(person_id__in=ids).order_by("-registered_on")),
        referrals=list(
            Referral.objects.filter(jobseeker__person_id__in=ids)
            .select_related("vacancy__employer", "jobseeker")
            .order_by("-issued_on")
        ),
        offers=offers_of(found),
    )
    _read(actor, found, "overview", ip_address)
    return result


def _items_q(found: Household) -> Q:
    q = Q(contact_id__in=found.person_ids) | Q(person_id__in=found.person_ids)
    if found.family is not None:
        q |= Q(family_id=found.family.pk)
    return q


def offers_of(found: Household) -> list[Item]:
    """The offers of support addressed to the family (sent and not yet answered, or consented),
    each with its programme's title in the reader's language (``title``)."""
    from django.utils.translation import get_language

    from komek.proactive.services.worklist import programme_about

    items = list(
        Item.objects.filter(
            _items_q(found), kind=ItemKind.CANDIDATE, status__in=[ItemStatus.OFFERED, ItemStatus.CONSENTED]
        ).order_by("-offered_at", "-id")
    )
    language = (get_language() or "ru")[:2]
    for item in items:
        titles, _service = programme_about(item.programme)
        item.title = titles.get(language) or titles.get("ru") or item.programme  # type: ignore[attr-defined]
    return items


def offer_of(*, actor: CitizenActor, item_id: int) -> Item:
    """An offer once sent to the citizen's family (whatever became of it since: the consent says
    why it is no longer taken), or "not found"."""
    item = Item.objects.filter(_items_q(household(actor)), pk=item_id, offered_at__isnull=False).first()
    if item is None:
        raise NotFound(_not_found())
    return item


def _not_found() -> str:
    from django.utils.translation import gettext as _

    return _("Not found among your family's records.")


@dataclass
class ApplicationPage:
    application: Application
    letters: list[Notification]
    assignments: list[Assignment]
    payments: list[PaymentLine]


def application_of(
    *, actor: CitizenActor, application_id: int, ip_address: str | None = None
) -> ApplicationPage:
    """An application of the citizen's family with its letters, assignment and payments (audited);
    another family's is "not found"."""
    found = household(actor)
    app = applications_of(found).filter(pk=application_id).first()
    if app is None:
        raise NotFound(_not_found())
    assignments = list(Assignment.objects.filter(application_id=app.pk).select_related("bank").order_by("id"))
    page = ApplicationPage(
        application=app,
        letters=list(Notification.objects.filter(application=app).order_by("created_at")),
        assignments=assignments,
        payments=list(
            PaymentLine.objects.filter(assignment_id__in=[a.pk for a in assignments])
            .select_related("bank")
            .order_by("-for_month", "-id")
        ),
    )
    audit.read(
        actor=actor, obj=app, person_id=app.applicant_id, territory=app.kato_id, ip_address=ip_address,
    )  # fmt: skip
    return page


def portal_services() -> list[Service]:
    """The state services a citizen may apply for online (their standard has the portal channel)."""
    return [s for s in Service.objects.filter(active=True).order_by("code") if Channel.PORTAL in s.channels]


def contacts_of(*, actor: CitizenActor, ip_address: str | None = None) -> Person:
    """The citizen's own card for the contacts form (audited)."""
    person = Person.objects.select_related("kato").get(pk=actor.person_id)
    audit.read(actor=actor, obj=person, person_id=person.pk, territory=person.kato_id, ip_address=ip_address)
    return person


def outbox_messages(*, actor: Any) -> QuerySet[Any]:
    """The demo identity provider's messages of the staff member's territory, newest first."""
    from komek.accounts import policy
    from komek.accounts.choices import Capability
    from komek.portal.models import OutboxMessage

    policy.require(actor, Capability.PERSON_VIEW)
    return policy.visible(
        OutboxMessage.objects.select_related("person"), actor, Capability.PROACTIVE_VIEW, field="kato_code"
    ).order_by("-created_at", "-id")
