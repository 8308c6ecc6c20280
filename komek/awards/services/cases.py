"""A mother's case of a pendant goes prepared → sent → granted or refused → presented. Each step is
checked against the one before: a decision is never recorded before the documents were sent, nor an
award presented that was not granted. The pendant needs its number of children (seven or more for
«Алтын алқа», six for «Күміс алқа»: Law of the Republic of Kazakhstan "On State Awards of the
Republic of Kazakhstan" of 12 December 1995 No. 2676)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.awards.choices import CHILDREN_REQUIRED, OPEN, Addressee, Decision, Grade, Status
from komek.awards.models import AwardCase
from komek.awards.selectors import registered_children
from komek.common import audit
from komek.common.choices import AuditAction
from komek.common.errors import DomainError, NotFound
from komek.common.refusals import audited_refusals
from komek.registry.choices import Sex
from komek.registry.models import Person

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

CASE = "awards.awardcase"
FIRST_YEAR = 1995  # the law on state awards
FIELDS = ("status", "sent_on", "addressee", "decision", "decision_on", "decree", "presented_on")


def _date(value: Any, field: str) -> dt.date:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise DomainError(_("Enter a date as YYYY-MM-DD."), field=field) from None
    if not isinstance(value, dt.date):
        raise DomainError(_("This field is required."), field=field)
    if value > timezone.localdate():
        raise DomainError(_("The date is in the future."), field=field)
    if value.year < FIRST_YEAR:
        raise DomainError(_("The date is before %(year)d.") % {"year": FIRST_YEAR}, field=field)
    return value


def _count(value: Any, field: str) -> int:
    try:
        number = int(str(value if value not in (None, "") else 0).strip())
    except ValueError:
        raise DomainError(_("Enter a whole number."), field=field) from None
    if not 0 <= number <= 30:
        raise DomainError(_("Enter a number from 0 to 30."), field=field)
    return number


def _case(actor: Actor, case_id: Any) -> AwardCase:
    found = AwardCase.objects.select_for_update().filter(pk=case_id).first()
    if found is None or not policy.in_territory(actor, found.kato_id):
        raise NotFound(_("No such award case in your territory."))
    return found


def _save(actor: Actor, found: AwardCase, before: dict[str, Any]) -> AwardCase:
    found.save(update_fields=list(FIELDS))
    audit.record(
        actor=actor, action=AuditAction.UPDATE, obj=found, territory=found.kato_id, person_id=found.person_id,
        changes=audit.diff(before, audit.snapshot(found, FIELDS)),
    )  # fmt: skip
    return found


@audited_refusals(CASE)
def case_open(
    *,
    actor: Actor,
    person_id: Any,
    grade: Any,
    opened_on: Any = None,
    children_other: Any = 0,
    children_other_reason: Any = "",
) -> AwardCase:
    """The documents of a mother for a pendant prepared: her children counted from the registry's
    families where she is a parent, plus those not in the registry (with the reason)."""
    policy.require(actor, Capability.AWARDS_MANAGE)
    if str(grade or "") not in Grade.values:
        raise DomainError(_("Choose the award."), field="grade")
    chosen = Grade(str(grade))
    day = _date(opened_on or timezone.localdate(), "opened_on")
    other = _count(children_other, "children_other")
    reason = str(children_other_reason or "").strip()
    if other and not reason:
        raise DomainError(
            _("Say why these children are not in the registry (e.g. grown up and living apart)."),
            field="children_other_reason",
        )
    if len(reason) > 300:
        raise DomainError(_("At most %(limit)d characters.") % {"limit": 300}, field="children_other_reason")
    with transaction.atomic():
        mother = Person.objects.select_for_update().filter(pk=person_id).first()
        if mother is None or not policy.in_territory(actor, mother.kato_id):
            raise NotFound(_("No such person in your territory."), field="person")
        if mother.sex != Sex.FEMALE:
            raise DomainError(
                _("The pendants «Altyn alqa» and «Kumis alqa» are awarded to mothers only."), field="person"
            )
        registered = registered_children(mother.pk)
        needed = CHILDREN_REQUIRED[chosen]
        if registered + other < needed:
            raise DomainError(
                _(
                    "%(award)s needs %(needed)d children born and raised; %(counted)d are counted "
                    "(%(registered)d in the registry, %(other)d entered)."
                )
                % {
                    "award": chosen.label,
                    "needed": needed,
                    "counted": registered + other,
                    "registered": registered,
                    "other": other,
                },  # fmt: skip
                field="children_other",
            )
        if AwardCase.objects.filter(person=mother, grade=chosen, status__in=OPEN).exists():
            raise DomainError(_("The mother already has an open case of this award."), field="grade")
        try:
            with transaction.atomic():
                found = AwardCase.objects.create(
                    person=mother, kato_id=mother.kato_id, grade=chosen, opened_on=day,
                    children_registered=registered, children_other=other, children_other_reason=reason,
                )  # fmt: skip
        except IntegrityError:  # a concurrent opening of the same case won the race
            raise DomainError(
                _("The mother already has an open case of this award."), field="grade"
            ) from None
        audit.record(
            actor=actor, action=AuditAction.CREATE, obj=found, territory=found.kato_id, person_id=mother.pk,
            changes=audit.created(audit.snapshot(found, (
                "grade", "opened_on", "children_registered", "children_other", "children_other_reason",
            ))),
        )  # fmt: skip
    return found


@audited_refusals(CASE, id_kwarg="case_id")
def documents_send(*, actor: Actor, case_id: Any, sent_on: Any, addressee: Any) -> AwardCase:
    """The prepared documents sent to the Administration of the President or the akimat."""
    policy.require(actor, Capability.AWARDS_MANAGE)
    day = _date(sent_on, "sent_on")
    if str(addressee or "") not in Addressee.values:
        raise DomainError(_("Choose where the documents are sent."), field="addressee")
    with transaction.atomic():
        found = _case(actor, case_id)
        if found.status != Status.PREPARED:
            raise DomainError(_("The documents of this case were sent already."))
        if day < found.opened_on:
            raise DomainError(
                _("The documents cannot be sent before they were prepared (%(date)s).")
                % {"date": found.opened_on.strftime("%d.%m.%Y")},
                field="sent_on",
            )
        before = audit.snapshot(found, FIELDS)
        found.status, found.sent_on, found.addressee = Status.SENT, day, str(addressee)
        return _save(actor, found, before)


@audited_refusals(CASE, id_kwarg="case_id")
def decision_record(
    *, actor: Actor, case_id: Any, decision_on: Any, decision: Any, decree: Any = ""
) -> AwardCase:
    """The decision on the documents sent: awarded by a decree (its number), or refused."""
    policy.require(actor, Capability.AWARDS_MANAGE)
    day = _date(decision_on, "decision_on")
    if str(decision or "") not in Decision.values:
        raise DomainError(_("Choose the decision."), field="decision")
    number = str(decree or "").strip()
    if decision == Decision.GRANTED and not number:
        raise DomainError(_("Enter the number of the decree that awards the pendant."), field="decree")
    if len(number) > 60:
        raise DomainError(_("At most %(limit)d characters.") % {"limit": 60}, field="decree")
    with transaction.atomic():
        found = _case(actor, case_id)
        if found.status == Status.PREPARED or found.sent_on is None:
            raise DomainError(_("The documents are not sent yet: send them before recording the decision."))
        if found.status != Status.SENT:
            raise DomainError(_("The decision on this case is recorded already."))
        if day < found.sent_on:
            raise DomainError(
                _("The decision cannot precede the sending of the documents (%(date)s).")
                % {"date": found.sent_on.strftime("%d.%m.%Y")},
                field="decision_on",
            )
        before = audit.snapshot(found, FIELDS)
        found.decision, found.decision_on, found.decree = str(decision), day, number
        found.status = Status.GRANTED if decision == Decision.GRANTED else Status.REFUSED
        return _save(actor, found, before)


@audited_refusals(CASE, id_kwarg="case_id")
def award_present(*, actor: Actor, case_id: Any, presented_on: Any) -> AwardCase:
    """The pendant handed to the mother: only once it was awarded."""
    policy.require(actor, Capability.AWARDS_MANAGE)
    day = _date(presented_on, "presented_on")
    with transaction.atomic():
        found = _case(actor, case_id)
        if found.status == Status.PRESENTED:
            raise DomainError(_("The award was presented already."))
        if found.status != Status.GRANTED or found.decision_on is None:
            raise DomainError(_("The award is not granted: it is presented only after the decree."))
        if day < found.decision_on:
            raise DomainError(
                _("The award cannot be presented before the decree (%(date)s).")
                % {"date": found.decision_on.strftime("%d.%m.%Y")},
                field="presented_on",
            )
        before = audit.snapshot(found, FIELDS)
        found.status, found.presented_on = Status.PRESENTED, day
        return _save(actor, found, before)
