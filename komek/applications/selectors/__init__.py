"""Reads of the state services, scoped to the user's territory: case lists and dashboards, one case
(an audited read of the applicant's data), the catalogue."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.accounts.models import User
from komek.applications.choices import OPEN_STATUSES, ServiceContext, Status
from komek.applications.models import Application, HousingReceipt, RefusalReason, Service
from komek.common import audit
from komek.common.choices import AuditAction
from komek.common.errors import NotFound
from komek.common.workdays import add_working_days
from komek.legislation import loader
from komek.registry.models import Membership, Person
from komek.registry.selectors import incomes_of
from komek.rules.explain import in_language
from komek.rules.housing import SERVICES as HOUSING_SERVICES
from komek.rules.periods import reference_months

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

PAGE_SIZE = 50
VIEWS = ("mine", "due_soon", "overdue", "all")
DUE_SOON_WORKING_DAYS = 2


def cases_visible(user: Actor) -> QuerySet[Application]:
    return policy.visible(Application.objects.all(), user, Capability.CASE_VIEW, field="kato__code")


def services_active() -> list[Service]:
    """The services received by this context's intake pages (the catalogue's ``applications``)."""
    return list(
        Service.objects.filter(active=True, context=ServiceContext.APPLICATIONS).prefetch_related("documents")
    )


def services_elsewhere() -> list[Service]:
    """The services carried out by another context (employment, rehabilitation): intake links there."""
    return list(Service.objects.filter(active=True).exclude(context=ServiceContext.APPLICATIONS))


def catalogue_listing(*, language: str = "ru", include_withdrawn: bool = False) -> list[dict[str, Any]]:
    """The catalogue as loaded (reference data, no personal data): each service's code, title in
    ``language``, programmes, channels and deadline, in the catalogue's order of codes."""
    services = Service.objects.all() if include_withdrawn else Service.objects.filter(active=True)
    return [
        {
            "code": service.code,
            "title": service.name_in(language),
            "programmes": list(service.programmes),
            "channels": list(service.channels),
            "deadline_working_days": service.deadline_working_days,
        }
        for service in services.order_by("code")
    ]


def refusal_reasons() -> list[RefusalReason]:
    return list(RefusalReason.objects.filter(active=True))


def today() -> dt.date:
    return timezone.localdate()


def due_soon_limit(on: dt.date) -> dt.date:
    return add_working_days(on, DUE_SOON_WORKING_DAYS)


def view_q(user: Actor, view: str, on: dt.date) -> Q:
    open_q = Q(status__in=OPEN_STATUSES)
    if view == "mine":
        return open_q & Q(caseworker=user)
    if view == "due_soon":
        return open_q & Q(due_date__gte=on, due_date__lte=due_soon_limit(on))
    if view == "overdue":
        return open_q & Q(due_date__lt=on)
    return Q()


def cases_listed(user: Actor) -> QuerySet[Application]:
    """The cases of the user's territory with what a row of the case list shows (one query a page)."""
    return cases_visible(user).select_related("service", "applicant", "caseworker").only(
        "number",
        "status",
        "channel",
        "kato",
        "received_at",
        "due_date",
        "decided_amount",
        "service__code",
        "service__name_kk",
        "service__name_ru",
        "service__name_en",
        "applicant__surname",
        "applicant__name",
        "applicant__patronymic",
        "applicant__iin",
        "caseworker__username",
        "caseworker__first_name",
        "caseworker__last_name",
    )  # fmt: skip


def cases_read(*, user: Actor, rows: Iterable[Application], export: bool = False) -> None:
    """A page of the case list (or its export) names its applicants: one audited read of them."""
    rows = list(rows)
    if rows:
        audit.read(
            actor=user,
            action=AuditAction.EXPORT if export else AuditAction.READ,
            object_type="applications.application",
            persons=[r.applicant_id for r in rows],
            territory=audit.common_territory(r.kato_id for r in rows),
        )


@dataclass
class Dashboard:
    mine: int
    due_soon: int
    overdue: int
    by_status: list[tuple[str, str, int]]
    today: dt.date

    def listed(self, *, view: str, status: str = "") -> int:
        """How many cases a list of the territory shows without other filters (``view``, and for
        ``view=all`` a ``status``), from the counters: the page need not count them again."""
        if view == "all":
            return sum(n for code, _label, n in self.by_status if not status or code == status)
        if status:
            raise ValueError(f"The counters do not count the list {view!r} by status.")
        return {"mine": self.mine, "due_soon": self.due_soon, "overdue": self.overdue}[view]


def dashboard(*, user: Actor) -> Dashboard:
    """The caseworker's counters and the cases of the territory by status: one grouped query.

    Grouped by status, a row's status is known once per group: the counters keep the open statuses'
    groups in Python instead of testing every case's status in SQL (the same counts as
    :func:`view_q`'s lists, a third cheaper over a city's 50,000 cases)."""
    on = today()
    rows = (
        cases_visible(user)
        .values("status")
        .annotate(
            n=Count("id"),
            mine=Count("id", filter=Q(caseworker=user)),
            due_soon=Count("id", filter=Q(due_date__gte=on, due_date__lte=due_soon_limit(on))),
            overdue=Count("id", filter=Q(due_date__lt=on)),
        )
        .order_by()
    )
    by_status = {row["status"]: row for row in rows}
    open_rows = [row for code, row in by_status.items() if code in OPEN_STATUSES]
    return Dashboard(
        mine=sum(row["mine"] for row in open_rows),
        due_soon=sum(row["due_soon"] for row in open_rows),
        overdue=sum(row["overdue"] for row in open_rows),
        by_status=[
            (code, str(label), by_status[code]["n"] if code in by_status else 0)
            for code, label in Status.choices
        ],
        today=on,
    )


def cases_due(*, user: Actor, limit: int = 10) -> list[Application]:
    """The user's own open cases, the most pressing first (overdue, then by due date): one query."""
    return list(
        cases_visible(user)
        .filter(view_q(user, "mine", today()))
        .select_related("service", "applicant")
        .only(
            "number",
            "status",
            "due_date",
            "service__code",
            "service__name_kk",
            "service__name_ru",
            "service__name_en",
            "applicant__surname",
            "applicant__name",
            "applicant__patronymic",
        )  # fmt: skip
        .order_by("due_date", "id")[:limit]
    )


@dataclass
class CaseCard:
    app: Application
    events: list[Any]
    notifications: list[Any]
    appeals: list[Any]
    documents: list[tuple[Any, bool]]
    overdue: bool
    incomes: list[Any]
    income_months: list[dt.date]


def case_detail(*, user: Actor, application_id: int, ip_address: str | None = None) -> CaseCard:
    """One case with its history; audited as a read of the applicant's data."""
    app = (
        cases_visible(user)
        .select_related(
            "service", "applicant", "family", "kato", "caseworker", "refusal_reason", "decided_by"
        )
        .filter(pk=application_id)
        .first()
    )
    if app is None:
        raise NotFound(_("No such application in your territorial units."))
    presented = set(app.documents)
    months = reference_months(timezone.localtime(app.received_at).date())
    incomes: list[Any] = []
    members: list[int] = []
    if app.family_id:
        # The members: their incomes and the calculation's explanation name them.
        addresses = list(
            Membership.objects.filter(family_id=app.family_id, valid_to__isnull=True).values_list(
                "person_id", "person__kato_id"
            )
        )
        members = [person_id for person_id, _kato in addresses]
        incomes = list(
            incomes_of(addresses)
            .filter(month__in=months)
            .select_related("person")
            .order_by("person__surname", "person__name", "month", "income_type")
        )
    audit.read(
        actor=user,
        obj=app,
        person_id=app.applicant_id,
        persons=[app.applicant_id, *members],
        ip_address=ip_address,
        territory=app.kato_id,
    )
    return CaseCard(
        app=app,
        events=list(app.events.select_related("actor")),
        notifications=list(app.notifications.all()),
        appeals=list(app.appeals.all()),
        documents=[(d, d.code in presented) for d in app.service.documents.all()],
        overdue=app.is_open and app.due_date < today(),
        incomes=incomes,
        income_months=months,
    )


def notification_for_download(*, user: Actor, notification_id: int) -> Any:
    from komek.applications.models import Notification

    note = (
        Notification.objects.select_related("application")
        .filter(pk=notification_id, application__in=cases_visible(user))
        .first()
    )
    if note is None:
        raise NotFound(_("No such letter in your territorial units."))
    audit.read(
        actor=user,
        action=AuditAction.EXPORT,
        obj=note,
        person_id=note.application.applicant_id,
        territory=note.application.kato_id,
    )
    return note


def applicant_by_iin(*, user: Actor, iin: str) -> Person | None:
    """The person of the user's territory with this IIN, or None (also when the IIN is registered in
    another territory: intake must not tell that it exists there)."""
    policy.require(user, Capability.APPLICATION_INTAKE)
    found = policy.scoped(Person.objects.all(), user, field="kato__code")
    return found.filter(iin=(iin or "").strip()).first()


def case_by_number(*, number: str) -> Application | None:
    """For the portal's status query (authenticated by the channel's signature, not a user)."""
    return Application.objects.select_related("service").filter(number=number).first()


def caseworkers_for(*, user: Actor, application: Application) -> list[User]:
    """Active caseworkers whose units cover the case's address (for a department head's choice)."""
    policy.require(user, Capability.CASE_DISTRIBUTE)
    from komek.accounts.roles import CAPABILITIES

    roles = [role for role, caps in CAPABILITIES.items() if Capability.CASE_PROCESS in caps]
    code = application.kato_id
    prefixes = [code[:i] for i in range(1, len(code) + 1)]
    return list(
        User.objects.filter(role__in=roles, is_active=True, units__prefix__in=prefixes)
        .distinct()
        .order_by("username")
    )


def housing_receipts(*, application: Application) -> list[HousingReceipt]:
    """The receipts of a case already read through ``case_detail`` (its scope), each with the
    service's title and unit in the user's language."""
    language = (get_language() or "en")[:2]
    receipts = list(application.housing_receipts.all())
    for receipt in receipts:
        service = HOUSING_SERVICES.get(receipt.service)
        receipt.title = (service.title.get(language) or service.title["en"]) if service else receipt.service  # type: ignore[attr-defined]
        receipt.unit_text = service.unit_text(language) if service else receipt.unit  # type: ignore[attr-defined]
    return receipts


def programmes_to_apply_for(*, application: Application, language: str) -> list[tuple[str, str]]:
    """(code, title) of the service's programmes in force on the date of the application where the
    applicant lives: what the caseworker may name as the programme applied for."""
    on = timezone.localtime(application.received_at).date()
    return [
        (p.code, p.title.get(language) or p.title.get("en") or p.code)
        for p in loader.application_engine().in_force(on)
        if p.code in application.service.programmes and p.in_force(on, application.kato_id)
    ]


def calculation_told(*, application: Application, language: str) -> list[tuple[str, dict[str, Any]]]:
    """The case's kept calculation, programme by programme (the entitled first), told in the reader's
    ``language`` whatever language it was calculated in."""
    told = in_language(application.calculation, language)
    return sorted(told["programmes"].items(), key=lambda item: not item[1].get("eligible"))
