"""The employment centre's choices: stable values stored in the database, labels translated."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class EmployerSize(models.TextChoices):
    MICRO = "micro", _("Micro (up to 15 staff)")
    SMALL = "small", _("Small (up to 100 staff)")
    MEDIUM = "medium", _("Medium (up to 250 staff)")
    LARGE = "large", _("Large (over 250 staff)")


class AgreementKind(models.TextChoices):
    PUBLIC_WORKS = "public_works", _("Public-works contract")
    SOCIAL_JOBS = "social_jobs", _("Social-jobs contract")
    YOUTH_PRACTICE = "youth_practice", _("Youth-practice contract")
    ROAD_MAP = "road_map", _("Road map agreement (over 250 staff)")
    QUOTA_DISABLED = "quota_disabled", _("Job quota for persons with disabilities")
    QUOTA_RELEASED = "quota_released", _("Job quota for persons released from prison")


class Education(models.IntegerChoices):
    """Ordered: a vacancy asking for a level is met by that level or a higher one."""

    NONE = 0, _("No requirement / basic")
    SECONDARY = 1, _("General secondary")
    VOCATIONAL = 2, _("Technical and vocational")
    HIGHER = 3, _("Higher")


class Schedule(models.TextChoices):
    FULL_TIME = "full_time", _("Full time")
    PART_TIME = "part_time", _("Part time")
    SHIFTS = "shifts", _("Shifts")
    ROTATION = "rotation", _("Rotation (vakhta)")
    REMOTE = "remote", _("Remote")


class VacancyStatus(models.TextChoices):
    OPEN = "open", _("Open")
    FILLED = "filled", _("Filled")
    CLOSED = "closed", _("Withdrawn")


class JobseekerStatus(models.TextChoices):
    JOBSEEKER = "jobseeker", _("Jobseeker")
    UNEMPLOYED = "unemployed", _("Unemployed")
    DEREGISTERED = "deregistered", _("Deregistered")


ACTIVE_STATUSES = (JobseekerStatus.JOBSEEKER, JobseekerStatus.UNEMPLOYED)


class DeregistrationGround(models.TextChoices):
    EMPLOYED = "employed", _("Employed")
    SELF_EMPLOYED = "self_employed", _("Started a business or self-employment")
    REFUSED_TWO_OFFERS = "refused_two_offers", _("Refused two suitable offers")
    FAILED_TO_APPEAR = "failed_to_appear", _("Failed to appear for re-registration")
    MOVED = "moved", _("Moved to another place")
    TRAINING = "training", _("Full-time study")
    PENSION = "pension", _("Retired on a pension")
    OWN_REQUEST = "own_request", _("At own request")
    DEATH = "death", _("Death")


class ReferralOutcome(models.TextChoices):
    PENDING = "pending", _("Awaiting the outcome")
    HIRED = "hired", _("Hired")
    NOT_HIRED = "not_hired", _("Not hired by the employer")
    REFUSED = "refused", _("Refused by the jobseeker")


class MeasureKind(models.TextChoices):
    PUBLIC_WORKS = "public_works", _("Public works")
    SOCIAL_JOB = "social_job", _("Social job")
    YOUTH_PRACTICE = "youth_practice", _("Youth practice")
    TRAINING = "training", _("Short-term vocational training")
    ENTREPRENEURSHIP = "entrepreneurship", _("Entrepreneurship training")
    MICROCREDIT = "microcredit", _("Microcredit")
    GRANT = "grant", _("Grant for a business project")


class MeasureOutcome(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    DROPPED = "dropped", _("Dropped out")


class Repayment(models.TextChoices):
    NOT_APPLICABLE = "", _("Not applicable")
    CURRENT = "current", _("Repaid on schedule")
    OVERDUE = "overdue", _("Overdue")
    REPAID = "repaid", _("Repaid in full")


class TargetGroup(models.TextChoices):
    """The groups counted in every report; each is a boolean column of the jobseeker and measure."""

    YOUTH = "youth", _("Youth")
    WOMEN = "women", _("Women")
    DISABILITY = "disability", _("Persons with disabilities")
    RELEASED = "released", _("Released from prison or on probation")
    LOW_INCOME = "low_income", _("Low-income citizens")
    PRE_RETIREMENT = "pre_retirement", _("Pre-retirement age")
    LARGE_FAMILY = "large_family", _("Large families")


TARGET_FIELDS: dict[str, str] = {g: f"tg_{g}" for g in TargetGroup.values}


class ContractStatus(models.TextChoices):
    ACTIVE = "active", _("In force")
    FULFILLED = "fulfilled", _("Fulfilled")
    SANCTIONED = "sanctioned", _("Ended by sanction")


class ObligationStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    FULFILLED = "fulfilled", _("Fulfilled")
    OVERDUE = "overdue", _("Overdue")
    REFUSED = "refused", _("Refused")


class Indicator(models.TextChoices):
    """What an annual plan counts; each has one set-based actual in ``selectors.figures``."""

    CAPTURED = "captured", _("Captured by measures of employment")
    APPLIED = "applied", _("Applied for labour mediation")
    EMPLOYED = "employed", _("Employed on vacant jobs")
    PUBLIC_WORKS = "public_works", _("Public works")
    SOCIAL_JOB = "social_job", _("Social jobs")
    YOUTH_PRACTICE = "youth_practice", _("Youth practice")
    TRAINING = "training", _("Directed to short-term training")
    ENTREPRENEURSHIP = "entrepreneurship", _("Entrepreneurship training")
    MICROCREDIT = "microcredit", _("Microcredits")
    GRANT = "grant", _("Grants")
    # The year's money, in tenge, not people: what the microfinance organisations may lend on the
    # centre's referrals and what may guarantee their microcredits (ADR 0061).
    MICROCREDIT_FUND = "microcredit_fund", _("Money provided for microcredits, tenge")
    GUARANTEE_FUND = "guarantee_fund", _("Money provided for guarantees of microcredits, tenge")


#: The indicators of the plan that are money (tenge), not people.
MONEY_INDICATORS = (Indicator.MICROCREDIT_FUND, Indicator.GUARANTEE_FUND)


class MicrocreditDecision(models.TextChoices):
    """What a microfinance organisation decided on a project the centre referred to it."""

    APPROVED = "approved", _("Microcredit approved")
    FINANCED = "financed", _("Microcredit financed")
    REFUSED = "refused", _("Microcredit refused")
    GUARANTEE = "guarantee", _("Guarantee of the microcredit approved")


class WorkKind(models.TextChoices):
    """The kinds of work of the employment road map's (ДКЗ) infrastructure projects."""

    CONSTRUCTION = "construction", _("Construction")
    REPAIR = "repair", _("Repair and reconstruction")
    ROADS = "roads", _("Roads and streets")
    UTILITIES = "utilities", _("Utility networks")
    LANDSCAPING = "landscaping", _("Landscaping and improvement")


class JobKind(models.TextChoices):
    PERMANENT = "permanent", _("Permanent")
    TEMPORARY = "temporary", _("Temporary")


class JobPlanIndicator(models.TextChoices):
    """What the year's plans of job creation and of the e-labour exchange count."""

    JOBS = "jobs", _("New jobs to be created")
    JOBS_PERMANENT = "jobs_permanent", _("New permanent jobs to be created")
    EXCHANGE_SELF = "exchange_self", _("Applicants self-registered on the e-labour exchange")
    EXCHANGE_EMPLOYED = "exchange_employed", _("Employed through the e-labour exchange")
