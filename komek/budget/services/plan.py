"""Next year's plan of a department: made from the forecast, edited by the accountant, approved by
the head.

``plan_forecast`` makes the plan from the rules engine's forecast (``selectors.forecast``) or
forecasts an existing draft again: a row nobody edited takes the new forecast; a row the accountant
edited keeps its money and recipients and shows the new forecast beside them, so an edit stays
visible as an edit. ``plan_row_edit`` sets a row's money and recipients (a budget programme the
forecast did not give may be added). ``plan_approve``: another person holding ``BUDGET_APPROVE``;
an approved plan is not changed any more. Every change is one audit row; every refusal is audited.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.accounts.models import User
from komek.budget.choices import AllocationStatus
from komek.budget.models import Plan, PlanRow
from komek.budget.selectors.forecast import Forecast, compute_forecast
from komek.budget.services._checks import (
    clean_amount,
    clean_programme,
    clean_recipients,
    clean_source,
    clean_territory,
    clean_year,
)
from komek.common import audit
from komek.common.choices import AuditAction
from komek.common.errors import DomainError, NotFound, PermissionDenied
from komek.common.refusals import audited_refusals

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

OBJECT = audit.object_type_of(Plan)


def clean_plan_year(value: Any) -> int:
    year = clean_year(value)
    if year <= timezone.localdate().year:
        raise DomainError(
            _("A plan is made for a year to come: %(year)d is not after this year.") % {"year": year},
            field="year",
        )
    return year


def _locked_draft(actor: Actor, plan_id: Any) -> Plan:
    plan = Plan.objects.select_for_update().filter(pk=plan_id).first()
    if plan is None:
        raise NotFound(_("No such plan."), field="plan_id")
    if not policy.in_territory(actor, plan.prefix):
        raise PermissionDenied(_("This plan is outside your territorial units."))
    if plan.status == AllocationStatus.APPROVED:
        raise DomainError(
            _("The plan for %(year)d is approved: it is not changed any more.") % {"year": plan.year},
            field="plan_id",
            code="approved",
        )
    return plan


def _months(row: Any) -> dict[str, list[int]]:
    return {str(m): [amount, recipients] for m, (amount, recipients) in sorted(row.months.items())}


@audited_refusals(OBJECT)
def plan_forecast(*, actor: Actor, year: Any, territory: Any) -> Plan:
    """Make the department's plan for ``year`` from the forecast, or forecast its draft again."""
    policy.require(actor, Capability.BUDGET_EDIT)
    if not isinstance(actor, User):
        raise PermissionDenied(_("A plan is made by a person."))
    year = clean_plan_year(year)
    department, prefix = clean_territory(actor, territory)
    forecast: Forecast = compute_forecast(year=year, territory=department)
    now = timezone.now()
    with transaction.atomic():
        plan = Plan.objects.select_for_update().filter(year=year, territory=department).first()
        created = plan is None
        if plan is None:
            plan = Plan.objects.create(
                year=year, territory=department, prefix=prefix, forecast_at=now,
                registry_on=forecast.registry_on, created_by=actor,
            )  # fmt: skip
        else:
            plan = _locked_draft(actor, plan.pk)
            plan.forecast_at, plan.registry_on = now, forecast.registry_on
            plan.save(update_fields=["forecast_at", "registry_on"])
        existing = {(r.programme, r.source): r for r in plan.rows.all()}
        before = {key: (r.forecast_amount, r.amount) for key, r in existing.items()}
        new, changed = [], []
        for f in forecast.rows:
            row = existing.pop((f.programme, f.source), None)
            if row is None:
                new.append(
                    PlanRow(
                        plan=plan, programme=f.programme, source=f.source, forecast_amount=f.amount,
                        forecast_recipients=f.recipients, months=_months(f), amount=f.amount,
                        recipients=f.recipients,
                    )
                )  # fmt: skip
                continue
            row.forecast_amount, row.forecast_recipients, row.months = f.amount, f.recipients, _months(f)
            if not row.edited:
                row.amount, row.recipients = f.amount, f.recipients
            changed.append(row)
        for row in existing.values():  # no longer forecast: an edited row stays, the others go
            if row.edited:
                row.forecast_amount, row.forecast_recipients, row.months = 0, 0, {}
                changed.append(row)
            else:
                row.delete()
        PlanRow.objects.bulk_create(new)
        PlanRow.objects.bulk_update(
            changed, ["forecast_amount", "forecast_recipients", "months", "amount", "recipients"]
        )
        after = {(r.programme, r.source): (r.forecast_amount, r.amount) for r in plan.rows.all()}
        audit.record(
            actor=actor, action=AuditAction.CREATE if created else AuditAction.UPDATE, obj=plan,
            territory=department, reason=_("forecast by the rules engine"),
            changes={
                f"{p} {s}": [list(before[(p, s)]) if (p, s) in before else None, list(after.get((p, s), ()))]
                for p, s in sorted(set(before) | set(after))
                if before.get((p, s)) != after.get((p, s))
            },
        )  # fmt: skip
    return plan


@audited_refusals(OBJECT, id_kwarg="plan_id")
def plan_row_edit(
    *,
    actor: Actor,
    plan_id: Any,
    programme: Any,
    source: Any,
    amount: Any,
    recipients: Any = 0,
    note: Any = "",
) -> PlanRow:
    """Set a row's planned money and recipients by hand (a row of another budget programme is added)."""
    policy.require(actor, Capability.BUDGET_EDIT)
    if not isinstance(actor, User):
        raise PermissionDenied(_("A plan is edited by a person."))
    with transaction.atomic():
        plan = _locked_draft(actor, plan_id)
        code = clean_programme(programme, plan.year)
        source = clean_source(source)
        money = clean_amount(amount)
        count = clean_recipients(recipients)
        row = plan.rows.filter(programme=code, source=source).first()
        old = (row.amount, row.recipients) if row is not None else None
        if row is None:
            row = PlanRow(plan=plan, programme=code, source=source)
        row.amount, row.recipients, row.note = money, count, str(note or "")[:300]
        row.edited, row.edited_by, row.edited_at = True, actor, timezone.now()
        row.save()
        audit.record(
            actor=actor, action=AuditAction.CREATE if old is None else AuditAction.UPDATE, obj=row,
            territory=plan.territory, reason=row.note,
            changes={
                "amount": [old[0] if old else None, money],
                "recipients": [old[1] if old else None, count],
            },
        )  # fmt: skip
    return row


@audited_refusals(OBJECT, id_kwarg="plan_id")
def plan_approve(*, actor: Actor, plan_id: Any) -> Plan:
    """Approve a draft plan: another person than the one who made it."""
    policy.require(actor, Capability.BUDGET_APPROVE)
    if not isinstance(actor, User):
        raise PermissionDenied(_("A plan is approved by a person."))
    with transaction.atomic():
        plan = _locked_draft(actor, plan_id)
        if plan.created_by_id == actor.pk:
            raise DomainError(
                _("You made this plan: another person must approve it."),
                field="plan_id",
                code="maker_checker",
            )
        plan.status, plan.approved_by, plan.approved_at = AllocationStatus.APPROVED, actor, timezone.now()
        plan.save(update_fields=["status", "approved_by", "approved_at"])
        audit.record(
            actor=actor, action=AuditAction.UPDATE, obj=plan, territory=plan.territory,
            changes={"status": ["draft", "approved"]}, reason=str(plan),
        )  # fmt: skip
    return plan
