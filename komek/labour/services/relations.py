"""The writes of labour relations: inspections with their violations and fines, the execution of a
fine, wage arrears and their repayments, industrial accidents and collective agreements. Each is
atomic and audited; a refusal leaves nothing written but its own audit row."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.common import audit
from komek.common.choices import AuditAction
from komek.common.errors import DomainError, NotFound
from komek.common.money import format_tenge
from komek.common.refusals import audited_refusals
from komek.labour.articles import article_number
from komek.labour.choices import FineStatus, InspectionKind
from komek.labour.models import (
    Accident,
    CollectiveAgreement,
    Fine,
    Inspection,
    Repayment,
    Violation,
    WageArrear,
)
from komek.labour.services._checks import (
    ENTERPRISE,
    can_manage,
    count,
    date,
    enterprise_locked,
    fmt,
    tenge,
    text,
)

if TYPE_CHECKING:
    from komek.accounts.policy import Actor


def _articles(values: Any) -> list[str]:
    """Articles given as a list or as one text separated by commas or semicolons."""
    if isinstance(values, str):
        values = values.replace(";", ",").split(",")
    return [text(v, "violations", limit=40) for v in (values or ()) if str(v or "").strip()]


@audited_refusals(ENTERPRISE, id_kwarg="enterprise_id")
def inspection_record(
    *,
    actor: Actor,
    enterprise_id: Any,
    date: Any,  # noqa: A002 (the form's field)
    kind: Any,
    orders: Any = 0,
    violations: Any = (),
    fines: Iterable[dict[str, Any]] = (),
) -> Inspection:
    """An inspection with the violations it found (articles of the Labour Code) and the fines imposed
    for them (``{"violation": article, "article": article of the Code of Administrative Offences,
    "amount": tenge}``). A fine is for a violation the inspection found: without one it is refused."""
    can_manage(actor)
    if str(kind or "") not in InspectionKind.values:
        raise DomainError(_("Choose planned or unplanned."), field="kind")
    day = _date(date)
    found_articles = _articles(violations)
    issued = count(orders, "orders")
    penalties = []
    for fine in fines or ():
        if not found_articles:
            raise DomainError(
                _("A fine is imposed for a violation: record the violation the inspection found."),
                field="violations",
            )
        of = str(fine.get("violation") or found_articles[0]).strip()
        if of not in found_articles:
            raise DomainError(
                _("The fine's violation (%(article)s) is not among those found.") % {"article": of},
                field="fine_article",
            )
        article = text(fine.get("article"), "fine_article", limit=40)
        number = article_number(article)
        if number is None:
            raise DomainError(
                _("Name the article of the Code by its number, as «ст. 87 ч. 1»."), field="fine_article"
            )
        penalties.append((of, article, number, tenge(fine.get("amount"), "fine_amount")))
    if issued > len(found_articles) and issued:
        raise DomainError(
            _("The orders (%(n)d) are issued on the violations found (%(v)d).")
            % {"n": issued, "v": len(found_articles)},
            field="orders",
        )
    with transaction.atomic():
        found = enterprise_locked(actor, enterprise_id)
        done = Inspection.objects.create(enterprise=found, date=day, kind=str(kind), orders=issued)
        by_article: dict[str, Violation] = {}
        for article in found_articles:
            violation = Violation.objects.create(inspection=done, article=article)
            by_article.setdefault(article, violation)
        for of, article, number, amount in penalties:
            Fine.objects.create(
                violation=by_article[of],
                article=article,
                article_number=number,
                amount=amount,
                status=FineStatus.IMPOSED,
            )
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=done,
            territory=found.kato_id,
            changes=audit.created(
                {
                    **audit.snapshot(done, ("enterprise", "date", "kind", "orders")),
                    "violations": found_articles,
                    "fines": [[a, b, c] for a, b, _n, c in penalties],
                }
            ),
        )
    return done


def _date(value: Any) -> Any:
    return date(value, "date")


@audited_refusals("labour.fine", id_kwarg="fine_id")
def fine_execute(*, actor: Actor, fine_id: Any, status: Any, on: Any) -> Fine:
    """A fine paid (or executed by enforcement) on a date, never before its inspection."""
    can_manage(actor)
    if str(status or "") not in (FineStatus.PAID, FineStatus.EXECUTED):
        raise DomainError(_("Choose paid or executed."), field="status")
    day = date(on, "on")
    with transaction.atomic():
        fine = (
            Fine.objects.select_for_update()
            .select_related("violation__inspection__enterprise")
            .filter(pk=fine_id)
            .first()
        )
        inspection = fine.violation.inspection if fine is not None else None
        if inspection is None or not policy.in_territory(actor, inspection.enterprise.kato_id):
            raise NotFound(_("No such fine in your territory."))
        if fine.status != FineStatus.IMPOSED:  # type: ignore[union-attr]
            raise DomainError(_("The fine is executed already."), field="status")
        if day < inspection.date:
            raise DomainError(
                _("The inspection was on %(date)s.") % {"date": fmt(inspection.date)}, field="on"
            )
        fine.status, fine.executed_on = str(status), day  # type: ignore[union-attr]
        fine.save(update_fields=["status", "executed_on"])  # type: ignore[union-attr]
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=fine,
            territory=inspection.enterprise.kato_id,
            changes={"status": [FineStatus.IMPOSED, str(status)], "executed_on": [None, day.isoformat()]},
        )
    return fine  # type: ignore[return-value]


@audited_refusals(ENTERPRISE, id_kwarg="enterprise_id")
def arrear_record(
    *, actor: Actor, enterprise_id: Any, recorded_on: Any, workers: Any, amount: Any, bankrupt: Any = False
) -> WageArrear:
    """Wages an enterprise owes ``workers`` workers, ``amount`` tenge, found on a date."""
    can_manage(actor)
    day = date(recorded_on, "recorded_on")
    people = count(workers, "workers", required=True)
    if people < 1:
        raise DomainError(_("Arrears are owed to at least one worker."), field="workers")
    money = tenge(amount, "amount")
    with transaction.atomic():
        found = enterprise_locked(actor, enterprise_id)
        done = WageArrear.objects.create(
            enterprise=found, recorded_on=day, workers=people, amount=money, bankrupt=bool(bankrupt)
        )
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=done,
            territory=found.kato_id,
            changes=audit.created(
                audit.snapshot(done, ("enterprise", "recorded_on", "workers", "amount", "bankrupt"))
            ),
        )
    return done


@audited_refusals("labour.wagearrear", id_kwarg="arrear_id")
def repayment_record(*, actor: Actor, arrear_id: Any, date: Any, amount: Any) -> Repayment:  # noqa: A002
    """A repayment of wage arrears: never above what is outstanding, nor before the arrear."""
    can_manage(actor)
    day = _date(date)
    money = tenge(amount, "amount")
    with transaction.atomic():
        arrear = (
            WageArrear.objects.select_for_update().select_related("enterprise").filter(pk=arrear_id).first()
        )
        if arrear is None or not policy.in_territory(actor, arrear.enterprise.kato_id):
            raise NotFound(_("No such wage arrear in your territory."))
        if day < arrear.recorded_on:
            raise DomainError(
                _("The arrear was recorded on %(date)s.") % {"date": fmt(arrear.recorded_on)}, field="date"
            )
        repaid = arrear.repayments.aggregate(s=Sum("amount"))["s"] or 0
        outstanding = arrear.amount - repaid
        lang = get_language() or "ru"
        if money > outstanding:
            raise DomainError(
                _("The repayment (%(amount)s) is above the outstanding arrear (%(left)s).")
                % {
                    "amount": format_tenge(money, language=lang),
                    "left": format_tenge(outstanding, language=lang),
                },
                field="amount",
            )
        done = Repayment.objects.create(arrear=arrear, date=day, amount=money)
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=done,
            territory=arrear.enterprise.kato_id,
            changes=audit.created(audit.snapshot(done, ("arrear", "date", "amount"))),
        )
    return done


@audited_refusals(ENTERPRISE, id_kwarg="enterprise_id")
def accident_record(
    *,
    actor: Actor,
    enterprise_id: Any,
    date: Any,  # noqa: A002
    light: Any = 0,
    severe: Any = 0,
    fatal: Any = 0,
    note: Any = "",
) -> Accident:
    """An industrial accident and its victims by severity (at least one victim)."""
    can_manage(actor)
    day = _date(date)
    victims = {
        "light": count(light, "light"),
        "severe": count(severe, "severe"),
        "fatal": count(fatal, "fatal"),
    }
    if not any(victims.values()):
        raise DomainError(_("An accident has at least one victim."), field="light")
    words = text(note, "note", required=False)
    with transaction.atomic():
        found = enterprise_locked(actor, enterprise_id)
        done = Accident.objects.create(enterprise=found, date=day, note=words, **victims)
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=done,
            territory=found.kato_id,
            changes=audit.created({"enterprise": found.pk, "date": day.isoformat(), **victims}),
        )
    return done


@audited_refusals(ENTERPRISE, id_kwarg="enterprise_id")
def agreement_register(
    *, actor: Actor, enterprise_id: Any, number: Any, registered_on: Any, valid_until: Any, workers: Any
) -> CollectiveAgreement:
    """A collective agreement of an enterprise registered (its number unique at the enterprise)."""
    can_manage(actor)
    code = text(number, "number", limit=40)
    day = date(registered_on, "registered_on")
    until = date(valid_until, "valid_until", future=True)
    if until < day:
        raise DomainError(_("The agreement ends before it is registered."), field="valid_until")
    people = count(workers, "workers", required=True)
    if people < 1:
        raise DomainError(_("An agreement covers at least one worker."), field="workers")
    with transaction.atomic():
        found = enterprise_locked(actor, enterprise_id)
        if CollectiveAgreement.objects.filter(enterprise=found, number=code).exists():
            raise DomainError(_("An agreement with this number is registered already."), field="number")
        done = CollectiveAgreement.objects.create(
            enterprise=found, number=code, registered_on=day, valid_until=until, workers=people
        )
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=done,
            territory=found.kato_id,
            changes=audit.created(
                audit.snapshot(done, ("enterprise", "number", "registered_on", "valid_until", "workers"))
            ),
        )
    return done
