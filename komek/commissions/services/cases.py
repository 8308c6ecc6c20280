"""The cases of the commissions on establishing home-front work experience and on registering
citizens affected by the nuclear tests at the Semipalatinsk test site: a person of the registry, the
documents examined, the claimed period and place; the decision at a meeting of that commission; on
a positive decision of the Semipalatinsk commission, the certificate numbered per territory and year.

The rule of the home front: the period established lies within the war period and lasts at least
the shortest period the law counts (22.06.1941–09.05.1945, six months: the legislation's
``home_front_period_start``, ``home_front_period_end`` and ``home_front_min_months``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.commissions.choices import CASE_KINDS, DOCUMENTS_OF, CaseDecision, DocumentKind, Kind, Zone
from komek.commissions.models import Case, CaseDocument
from komek.commissions.services._input import date_of, day_of, fmt, text
from komek.commissions.services.held import held_meeting
from komek.common import audit
from komek.common.choices import AuditAction
from komek.common.errors import DomainError, NotFound
from komek.common.models import KatoUnit
from komek.common.refusals import audited_refusals
from komek.legislation.terms import legal_term
from komek.registry.models import Person
from komek.rules.terms import HOME_FRONT_MIN_MONTHS, HOME_FRONT_PERIOD_END, HOME_FRONT_PERIOD_START

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

CASE = "commissions.case"
PREFIX = {Kind.WORK_EXPERIENCE: "ТС", Kind.SEMIPALATINSK: "СЯП"}  # the case numbers' letters


def _as_date(number: int) -> dt.date:
    return dt.date(number // 10000, number // 100 % 100, number % 100)


def war_period(on: dt.date) -> tuple[dt.date, dt.date, int]:
    """The war period and the shortest work in it, as the legislation in force on ``on`` says."""
    return (
        _as_date(legal_term(HOME_FRONT_PERIOD_START, on)),
        _as_date(legal_term(HOME_FRONT_PERIOD_END, on)),
        legal_term(HOME_FRONT_MIN_MONTHS, on),
    )


def _documents(kind: str, documents: Iterable[Mapping[str, Any]]) -> list[tuple[str, str, dt.date | None]]:
    """The documents examined: at least one, each of a kind this commission examines."""
    allowed = DOCUMENTS_OF[kind]
    read = []
    for n, doc in enumerate(documents or (), start=1):
        what = str(doc.get("kind") or "")
        reference = str(doc.get("reference") or "").strip()
        if not what and not reference:
            continue  # an empty row of the form
        if what not in allowed:
            raise DomainError(
                _("Document %(n)d: choose one of the documents this commission examines.") % {"n": n},
                field="documents",
            )
        if not reference:
            raise DomainError(
                _("Document %(n)d: give its number and issuer, or the witness's name.") % {"n": n},
                field="documents",
            )
        issued = date_of(doc.get("issued"), "documents", required=False)
        read.append((what, reference[:300], issued))
    if not read:
        raise DomainError(
            _("The case has no documents: list the documents examined (%(kinds)s).")
            % {"kinds": ", ".join(str(DocumentKind(k).label) for k in allowed)},
            field="documents",
            code="no_documents",
        )
    return read


@audited_refusals(CASE)
def case_open(
    *,
    actor: Actor,
    kind: Any,
    iin: Any,
    opened_on: Any,
    period_from: Any,
    period_to: Any,
    place: Any,
    documents: Iterable[Mapping[str, Any]],
    zone: Any = "",
) -> Case:
    """A person's case before the commission with the documents examined; the claimed period (of
    work during the war, or of residence in a zone) and the place. Without documents it is refused."""
    policy.require(actor, Capability.COMMISSION_MANAGE)
    if str(kind or "") not in CASE_KINDS:
        raise DomainError(_("Choose the commission."), field="kind")
    kind = str(kind)
    day = day_of(opened_on, "opened_on")
    start = date_of(period_from, "period_from")
    end = date_of(period_to, "period_to")
    assert start is not None and end is not None  # noqa: S101 (required)
    if end < start:
        raise DomainError(_("The period ends before it begins."), field="period_to")
    where = text(place, "place")
    area = str(zone or "")
    if kind == Kind.SEMIPALATINSK and area not in Zone.values:
        raise DomainError(_("Choose the zone of residence."), field="zone")
    if kind == Kind.WORK_EXPERIENCE:
        area = ""
        first, last, _months = war_period(day)
        if start > last or end < first:
            raise DomainError(
                _("The claimed period lies outside the war period %(first)s–%(last)s.")
                % {"first": fmt(first), "last": fmt(last)},
                field="period_from",
            )
    docs = _documents(kind, documents)
    number = str(iin or "").strip()
    if not re.fullmatch(r"[0-9]{12}", number):
        raise DomainError(_("An IIN is 12 digits."), field="iin")
    with transaction.atomic():
        person = Person.objects.select_related("kato").filter(iin=number).first()
        if person is None or not policy.in_territory(actor, person.kato_id):
            raise DomainError(_("No person with this IIN in the registry of your territory."), field="iin")
        if start < person.birth_date:
            raise DomainError(_("The period begins before the person was born."), field="period_from")
        unit = KatoUnit.objects.select_for_update().get(pk=person.kato_id)  # numbers in turn
        count = Case.objects.filter(kato=unit, kind=kind, opened_on__year=day.year).count()
        case = Case.objects.create(
            kind=kind, kato=unit, person=person, number=f"{PREFIX[kind]}-{day.year}-{count + 1:03d}",
            opened_on=day, period_from=start, period_to=end, place=where, zone=area,
        )  # fmt: skip
        CaseDocument.objects.bulk_create(
            CaseDocument(case=case, kind=k, reference=r, issued=i) for k, r, i in docs
        )
        audit.record(
            actor=actor, action=AuditAction.CREATE, obj=case, person_id=person.pk, territory=unit.code,
            changes=audit.created({
                **audit.snapshot(case, ("kind", "number", "opened_on", "period_from", "period_to", "zone")),
                "documents": [k for k, _r, _i in docs],
            }),
        )  # fmt: skip
    return case


def _case(actor: Actor, case_id: Any) -> Case:
    found = Case.objects.select_for_update().select_related("kato").filter(pk=case_id).first()
    if found is None or not policy.in_territory(actor, found.kato_id):
        raise NotFound(_("No such commission case in your territory."))
    return found


def _established(
    case: Case, on: dt.date, established_from: Any, established_to: Any
) -> tuple[dt.date, dt.date]:
    """The period of home-front work established: within the war period, at least its minimum."""
    start = date_of(established_from, "established_from")
    end = date_of(established_to, "established_to")
    assert start is not None and end is not None  # noqa: S101 (required)
    first, last, months = war_period(on)
    if end < start:
        raise DomainError(_("The period ends before it begins."), field="established_to")
    if start < first or end > last:
        raise DomainError(
            _("The period established must lie within %(first)s–%(last)s.")
            % {"first": fmt(first), "last": fmt(last)},
            field="established_from" if start < first else "established_to",
            code="outside_war",
        )
    if end + dt.timedelta(days=1) < start + relativedelta(months=months):
        raise DomainError(
            _(
                "The period established is shorter than %(months)d months: "
                "it gives no home-front work experience."
            )
            % {"months": months},
            field="established_to",
            code="too_short",
        )
    return start, end


@audited_refusals(CASE, id_kwarg="case_id")
def case_decide(
    *,
    actor: Actor,
    case_id: Any,
    meeting_id: Any,
    decision: Any,
    established_from: Any = None,
    established_to: Any = None,
    reason: Any = "",
) -> Case:
    """The commission's decision on a case at a held meeting of the same commission, dated on or
    after the case was opened: positive (with the period established for work experience) or
    refused with its reason."""
    policy.require(actor, Capability.COMMISSION_MANAGE)
    if str(decision or "") not in (CaseDecision.POSITIVE, CaseDecision.REFUSED):
        raise DomainError(_("Choose the decision."), field="decision")
    why = text(reason, "reason", required=decision == CaseDecision.REFUSED, limit=500)
    with transaction.atomic():
        case = _case(actor, case_id)
        if case.decision != CaseDecision.PENDING:
            raise DomainError(
                _("The case is decided already (%(decision)s).") % {"decision": case.get_decision_display()},
                field="decision",
            )
        meeting = held_meeting(actor, meeting_id, CASE_KINDS)
        if meeting.kind != case.kind:
            raise DomainError(
                _("A meeting of the %(meeting)s cannot take a case of the %(case)s.")
                % {"meeting": meeting.get_kind_display(), "case": case.get_kind_display()},
                field="meeting",
                code="kind",
            )
        if not case.kato_id.startswith(meeting.kato.prefix):
            raise DomainError(_("The person lives outside the territory of the meeting."), field="meeting")
        if meeting.date < case.opened_on:
            raise DomainError(
                _("The meeting of %(date)s was held before the case was opened.")
                % {"date": fmt(meeting.date)},
                field="meeting",
            )
        start = end = None
        if decision == CaseDecision.POSITIVE and case.kind == Kind.WORK_EXPERIENCE:
            start, end = _established(case, meeting.date, established_from, established_to)
        case.meeting, case.decision, case.reason = (
            meeting,
            str(decision),
            why if decision == CaseDecision.REFUSED else "",
        )
        case.established_from, case.established_to, case.decided_at = start, end, timezone.now()
        case.save(
            update_fields=[
                "meeting",
                "decision",
                "reason",
                "established_from",
                "established_to",
                "decided_at",
            ]
        )
        changes: dict[str, Any] = {
            "decision": [CaseDecision.PENDING, case.decision],
            "meeting": [None, meeting.number],
        }
        if start and end:
            changes["established"] = [None, [start.isoformat(), end.isoformat()]]
        audit.record(
            actor=actor, action=AuditAction.UPDATE, obj=case, person_id=case.person_id,
            territory=case.kato_id, changes=changes,
        )  # fmt: skip
    return case


@audited_refusals(CASE, id_kwarg="case_id")
def certificate_issue(*, actor: Actor, case_id: Any, issued_on: Any) -> Case:
    """The certificate of a citizen affected by the nuclear tests, on the commission's positive
    decision: numbered per territory of the commission and year (``2018-0001``)."""
    policy.require(actor, Capability.COMMISSION_MANAGE)
    day = day_of(issued_on, "issued_on")
    with transaction.atomic():
        case = _case(actor, case_id)
        if (
            case.kind != Kind.SEMIPALATINSK
            or case.decision != CaseDecision.POSITIVE
            or case.meeting_id is None
        ):
            raise DomainError(
                _("A certificate is issued on a positive decision of the Semipalatinsk commission."),
                field="issued_on",
            )
        if case.certificate_number:
            raise DomainError(
                _("The certificate No. %(number)s is issued already.") % {"number": case.certificate_number},
                field="issued_on",
            )
        meeting = case.meeting
        assert meeting is not None  # noqa: S101 (checked above)
        if day < meeting.date:
            raise DomainError(_("The date is before the decision (%(date)s).") % {"date": fmt(meeting.date)},
                              field="issued_on")  # fmt: skip
        issuer = KatoUnit.objects.select_for_update().get(pk=meeting.kato_id)  # numbers in turn
        count = Case.objects.filter(issuer=issuer, certificate_issued__year=day.year).count()
        case.issuer, case.certificate_issued = issuer, day
        case.certificate_number = f"{day.year}-{count + 1:04d}"
        case.save(update_fields=["issuer", "certificate_issued", "certificate_number"])
        audit.record(
            actor=actor, action=AuditAction.UPDATE, obj=case, person_id=case.person_id,
            territory=case.kato_id,
            changes={"certificate": [None, case.certificate_number], "issued": [None, day.isoformat()]},
        )  # fmt: skip
    return case
