"""The choices of payrolls: their statuses, the kinds and statuses of lines, overpayment reasons, the
changes a prepared payroll can miss."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PayrollStatus(models.TextChoices):
    PREPARING = "preparing", _("Being prepared")
    PREPARED = "prepared", _("Prepared")
    APPROVED = "approved", _("Approved")


class LineKind(models.TextChoices):
    REGULAR = "regular", _("Payment for the month")
    ARREARS = "arrears", _("Arrears after recalculation")
    RECOVERY = "recovery", _("Recovery of an overpayment")
    REPAYMENT = "repayment", _("Paid again after a return")


class LineStatus(models.TextChoices):
    PENDING = "pending", _("To be paid")
    RETURNED = "returned", _("Returned by the bank")


class OverpaymentReason(models.TextChoices):
    INCOME_HIDDEN = "income_hidden", _("Hidden income")
    DEATH = "death", _("Paid after the recipient's death")
    NOT_ELIGIBLE = "not_eligible", _("Not eligible")
    RECALCULATION = "recalculation", _("Amount lowered by a recalculation")
    OTHER = "other", _("Other")


class Change(models.TextChoices):
    """What changed since a payroll was prepared (``komek.payments.differences``)."""

    AMOUNT = "amount", _("Amount changed")
    ACCOUNT = "account", _("Bank account corrected")
    TERMINATED = "terminated", _("Assignment terminated")
    SUSPENDED = "suspended", _("Payments suspended")
    NEW = "new", _("New assignment without a payment")
    REPAYMENT = "repayment", _("Returned payment to pay again")


class FamilyType(models.TextChoices):
    """The family a payment went to, as the statistical tables break it down: by its composition on
    the last day of the period (minors as the legislation's age of majority and large family say)."""

    ALONE = "alone", _("Persons living alone")
    LARGE = "large", _("Large families")
    WITH_CHILDREN = "children", _("Families with children")
    WITHOUT_CHILDREN = "no_children", _("Families without children")
