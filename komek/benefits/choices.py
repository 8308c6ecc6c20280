"""The choices of assignments: kinds, statuses, budget sources, reasons to suspend or terminate."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AssignmentKind(models.TextChoices):
    REGULAR = "regular", _("Monthly benefit")
    TSA_UNCONDITIONAL = "tsa_unconditional", _("Unconditional cash assistance (TSA)")
    TSA_CONDITIONAL = "tsa_conditional", _("Conditional cash assistance (TSA)")
    ONE_TIME = "one_time", _("One-time payment")
    # A provision in kind (a food package, a voucher, a set-top box): the assignment records it and
    # its cost on its schedule; the payroll pays nobody for it.
    IN_KIND = "in_kind", _("Assistance in kind")


class AssignmentStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    TERMINATED = "terminated", _("Terminated")
    ENDED = "ended", _("Ended")


class BudgetSource(models.TextChoices):
    REPUBLICAN = "republican", _("Republican budget")
    REGIONAL = "regional", _("Regional budget")
    LOCAL = "local", _("Local budget")


class Periodicity(models.TextChoices):
    """The payment schedules a programme's legislation names (``komek.rules.schedule``)."""

    MONTH = "month", _("Every month")
    QUARTER = "quarter", _("Once a quarter")
    HALF_YEAR = "half-year", _("Once a half-year")
    ONCE = "once", _("Once")


class SuspensionReason(models.TextChoices):
    SOCIAL_CONTRACT_REFUSAL = "social_contract_refusal", _("Refusal to fulfil the social contract")
    DOCUMENTS_PENDING = "documents_pending", _("Documents pending")
    DEATH = "death", _("Death of the recipient")
    MOVED = "moved", _("Moved away")
    INCOME_HIDDEN = "income_hidden", _("Hidden income")
    OTHER = "other", _("Other")


class TerminationReason(models.TextChoices):
    DEATH = "death", _("Death of the recipient")
    MOVED = "moved", _("Moved away")
    INCOME_HIDDEN = "income_hidden", _("Hidden income")
    NOT_ELIGIBLE = "not_eligible", _("No longer eligible")
    OWN_REQUEST = "own_request", _("At the recipient's request")
    SOCIAL_CONTRACT_REFUSAL = "social_contract_refusal", _("Refusal to fulfil the social contract")
    OTHER = "other", _("Other")


class AmountParameter(models.TextChoices):
    """The dated parameter an assignment's amount is a multiple of (``komek.rules.schedule``'s
    ``FOLLOWED_PARAMETERS``): a change of its value changes the payments after it."""

    MCI = "mci", _("MCI")
    SUBSISTENCE_MINIMUM = "subsistence_minimum", _("subsistence minimum")
