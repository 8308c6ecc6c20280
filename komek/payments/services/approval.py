"""Approval of a prepared payroll by the head: maker-checker, exactly one approval wins, and never
over a change made since preparation that its lines do not show (``komek.payments.differences``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.accounts.models import User
from komek.common import audit
from komek.common.choices import AuditAction
from komek.common.errors import DomainError, NotFound, PermissionDenied
from komek.common.refusals import audited_refusals
from komek.payments.choices import PayrollStatus
from komek.payments.differences import difference_count
from komek.payments.guards import run_approval_checks
from komek.payments.models import Payroll
from komek.payments.services._checks import OBJECT, require_payroll_territory

if TYPE_CHECKING:
    from komek.accounts.policy import Actor


@audited_refusals(OBJECT, id_kwarg="payroll_id")
def payroll_approve(*, actor: Actor, payroll_id: int) -> Payroll:
    """Approve a prepared payroll. The row is locked: of two heads approving at once, the second
    waits for the first and is then told who approved it. A payroll whose assignments changed since
    it was prepared (amount, account, suspension, termination, a new assignment, a returned payment
    to pay again) is refused, naming how many changes: it is prepared again first."""
    policy.require(actor, Capability.PAYROLL_APPROVE)
    if not isinstance(actor, User):
        raise PermissionDenied(_("A payroll is approved by a person."))
    with transaction.atomic():
        payroll = (
            Payroll.objects.select_for_update(of=("self",))
            .select_related("approved_by")
            .filter(pk=payroll_id)
            .first()
        )
        if payroll is None:
            raise NotFound(_("No such payroll."), field="payroll_id")
        require_payroll_territory(actor, payroll)
        if payroll.status == PayrollStatus.APPROVED:
            raise DomainError(
                _("This payroll was already approved by %(user)s at %(time)s.")
                % {
                    # read after the lock: a join in the locking query could show the row's old version
                    "user": User.objects.filter(pk=payroll.approved_by_id or 0)
                    .values_list("username", flat=True)
                    .first(),
                    "time": date_format(timezone.localtime(payroll.approved_at), "DATETIME_FORMAT"),
                },
                field="payroll_id",
                code="already_approved",
            )
        if payroll.status != PayrollStatus.PREPARED:
            raise DomainError(_("The payroll is still being prepared."), field="payroll_id", code="status")
        if payroll.prepared_by_id == actor.pk:
            raise DomainError(
                _("You prepared this payroll: another person must approve it."),
                field="payroll_id",
                code="maker_checker",
            )
        changes = difference_count(payroll)
        if changes:
            raise DomainError(
                ngettext(
                    "%(n)d change since preparation is not in this payroll's lines: prepare it again, "
                    "then approve it.",
                    "%(n)d changes since preparation are not in this payroll's lines: prepare it again, "
                    "then approve it.",
                    changes,
                )
                % {"n": changes},
                field="payroll_id",
                code="changed",
            )
        run_approval_checks(payroll)
        payroll.status = PayrollStatus.APPROVED
        payroll.approved_by = actor
        payroll.approved_at = timezone.now()
        payroll.save(update_fields=["status", "approved_by", "approved_at"])
        audit.record(
            actor=actor, action=AuditAction.UPDATE, obj=payroll,
            changes={"status": ["prepared", "approved"]}, reason=str(payroll), territory=payroll.territory,
        )  # fmt: skip
    return payroll
