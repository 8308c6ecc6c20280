"""The state-service catalogue, applications (cases) and what happens to them.

The catalogue (services, their documents, the refusal reasons) is reference data loaded from
``komek/rules/data/services.yaml``; an application is one case from intake to decision,
with an optimistic ``version`` that makes two caseworkers deciding the same case see one win.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from komek.applications.choices import (
    OPEN_STATUSES,
    AppealOutcome,
    Channel,
    Decision,
    Language,
    ServiceContext,
    Status,
)
from komek.registry.fields import PersonAddress


class Trilingual(models.Model):
    name_kk = models.CharField(_("name (kk)"), max_length=300)
    name_ru = models.CharField(_("name (ru)"), max_length=300)
    name_en = models.CharField(_("name (en)"), max_length=300)

    class Meta:
        abstract = True

    @property
    def name(self) -> str:
        return self.name_in((get_language() or "ru")[:2])

    def name_in(self, language: str) -> str:
        return str(getattr(self, f"name_{language}", "") or self.name_ru)


class Service(Trilingual):
    """A state service of the standard: who may apply where, with what, and how fast."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    legal_basis = models.TextField(_("legal basis"))
    channels = models.JSONField(_("channels"), default=list)
    deadline_working_days = models.PositiveSmallIntegerField(_("deadline, working days"))
    # Derived from the programmes' own `service` when the catalogue is loaded, never entered.
    programmes = models.JSONField(_("programmes of the rules engine"), default=list)
    context = models.CharField(
        _("carried out by"),
        max_length=16,
        choices=ServiceContext.choices,
        default=ServiceContext.APPLICATIONS,
    )
    commission = models.BooleanField(_("a commission decides"), default=False)
    result_kk = models.CharField(_("result (kk)"), max_length=300)
    result_ru = models.CharField(_("result (ru)"), max_length=300)
    result_en = models.CharField(_("result (en)"), max_length=300)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("state service")
        verbose_name_plural = _("state services")
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline_working_days__gte=1), name="service_deadline_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def result(self) -> str:
        return self.result_in((get_language() or "ru")[:2])

    def result_in(self, language: str) -> str:
        return str(getattr(self, f"result_{language}", "") or self.result_ru)


class ServiceDocument(Trilingual):
    """One line of a service's document checklist."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="documents")
    code = models.SlugField(_("code"), max_length=40)
    order = models.PositiveSmallIntegerField(default=0)
    required = models.BooleanField(_("required"), default=True)
    state_database = models.BooleanField(_("supplied by the state databases on the portal"), default=False)

    class Meta:
        ordering = ["service", "order"]
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")
        constraints = [
            models.UniqueConstraint(fields=["service", "code"], name="service_document_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class RefusalReason(Trilingual):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("refusal reason")
        verbose_name_plural = _("refusal reasons")

    def __str__(self) -> str:
        return self.name


class Application(models.Model):
    """An application for a state service and the case built on it."""

    number = models.CharField(_("registration number"), max_length=24, unique=True)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    external_id = models.CharField(_("portal reference"), max_length=64, blank=True)
    applicant = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("applicant")
    )
    applicant_territory = PersonAddress("applicant")
    family = models.ForeignKey(
        "registry.Family", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The applicant's address when received: what territorial scoping filters on.
    kato = models.ForeignKey("common.KatoUnit", on_delete=models.PROTECT, related_name="+")
    language = models.CharField(_("language of letters"), max_length=2, choices=Language.choices)
    documents = models.JSONField(_("documents presented"), default=list)
    circumstances = models.JSONField(_("circumstances"), default=list, blank=True)
    housing_costs = models.PositiveIntegerField(_("housing costs per month, tenge"), default=0)
    bank_bic = models.CharField(_("bank BIC"), max_length=11, blank=True)
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    received_at = models.DateTimeField(_("received"))
    due_date = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.REGISTERED)
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("caseworker"),
    )
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Verification and calculation
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    verification_note = models.TextField(_("verification note"), blank=True)
    calculation = models.JSONField(_("calculation"), null=True, blank=True)
    calculated_at = models.DateTimeField(_("calculated"), null=True, blank=True)
    programme = models.CharField(_("programme"), max_length=60, blank=True)
    programme_kind = models.CharField(max_length=30, blank=True)
    periodicity = models.CharField(max_length=10, blank=True)
    calculated_amount = models.PositiveIntegerField(_("calculated amount, tenge"), null=True, blank=True)
    amount_limit = models.PositiveIntegerField(_("amount limit, tenge"), null=True, blank=True)
    mci = models.PositiveIntegerField(_("MCI on the date"), null=True, blank=True)
    # The decision
    decision = models.CharField(_("decision"), max_length=8, choices=Decision.choices, blank=True)
    decided_amount = models.PositiveIntegerField(_("amount, tenge"), null=True, blank=True)
    period_start = models.DateField(_("from"), null=True, blank=True)
    period_end = models.DateField(_("to"), null=True, blank=True)
    refusal_reason = models.ForeignKey(
        RefusalReason, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision_note = models.TextField(_("note"), blank=True)
    protocol_number = models.CharField(_("commission protocol"), max_length=24, blank=True)
    missing_documents = models.JSONField(default=list, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    assignment_id = models.BigIntegerField(_("assignment"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        indexes = [
            models.Index(fields=["caseworker", "status", "due_date"], name="app_caseworker_idx"),
            models.Index(fields=["status", "due_date"], name="app_status_due_idx"),
            models.Index(fields=["kato", "status", "due_date"], name="app_kato_idx"),
            # The case list's order: a page of a city's 50,000 cases read in order, not sorted whole.
            models.Index(fields=["due_date", "id"], name="app_due_order_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(channel__in=Channel.values), name="application_channel_known"),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="application_status_known"),
            models.UniqueConstraint(
                fields=["channel", "external_id"],
                condition=~Q(external_id=""),
                name="application_portal_once",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.ASSIGNED)
                | (
                    Q(decided_amount__isnull=False)
                    & Q(period_start__isnull=False)
                    & Q(period_end__isnull=False)
                ),
                name="application_assigned_has_amount",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.REFUSED) | Q(refusal_reason__isnull=False),
                name="application_refused_has_reason",
            ),
            # One open application per family and programme (the programme is known from the
            # calculation; intake refuses a second application of a one-programme service before).
            models.UniqueConstraint(
                fields=["family", "programme"],
                condition=Q(status__in=OPEN_STATUSES, family__isnull=False) & ~Q(programme=""),
                name="application_one_open_per_family_programme",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def limit_in_mci(self) -> str:
        """The amount limit as a multiple of the MCI of the date ("45", "200"), for the commission."""
        if not self.mci or self.amount_limit is None:
            return ""
        return f"{self.amount_limit / self.mci:.2f}".rstrip("0").rstrip(".")


EVENT_LABELS = {
    "received": _("Received"),
    "reassigned": _("Handed to another caseworker"),
    "verified": _("Documents and incomes verified"),
    "calculated": _("Entitlement calculated"),
    "to_commission": _("Sent to the commission"),
    "documents_brought": _("Documents brought"),
    "decided_assign": _("Assigned"),
    "decided_refuse": _("Refused"),
    "decided_return": _("Returned for documents"),
    "rendered": _("Rendered: the result given (register of services rendered)"),
    "appealed": _("Refusal appealed"),
    "appeal_upheld": _("Appeal upheld"),
    "appeal_dismissed": _("Appeal dismissed"),
    "receipt_added": _("Housing receipt entered"),
    "receipt_removed": _("Housing receipt removed"),
}


class Event(models.Model):
    """The case's history: each step, who took it and what it recorded."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=20)
    status = models.CharField(max_length=12, choices=Status.choices)
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.application_id} {self.kind}"

    @property
    def label(self) -> str:
        return str(EVENT_LABELS.get(self.kind, self.kind))


class IntakeRefusal(models.Model):
    """A package refused at intake because documents were missing (the standard requires a
    written refusal listing them)."""

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    applicant = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    applicant_territory = PersonAddress("applicant")
    kato = models.ForeignKey("common.KatoUnit", on_delete=models.PROTECT, related_name="+")
    missing = models.JSONField(default=list)
    refused_at = models.DateTimeField(auto_now_add=True)
    refused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-refused_at"]

    def __str__(self) -> str:
        return f"{self.service_id} {self.refused_at:%Y-%m-%d}"


class Appeal(models.Model):
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="appeals")
    lodged_at = models.DateTimeField(auto_now_add=True)
    grounds = models.TextField(_("grounds"))
    outcome = models.CharField(max_length=10, choices=AppealOutcome.choices, default=AppealOutcome.PENDING)
    outcome_note = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-lodged_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"], condition=Q(outcome="pending"), name="appeal_one_pending"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.outcome}"


class Notification(models.Model):
    """A letter to the applicant about the decision, in the applicant's language."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notifications")
    decision = models.CharField(max_length=8, choices=Decision.choices)
    language = models.CharField(max_length=2, choices=Language.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    content = models.JSONField(default=dict)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.application_id} {self.decision}"


class Counter(models.Model):
    """Registration numbers: one counter per territory prefix and year."""

    key = models.CharField(max_length=20, unique=True)
    value = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key}={self.value}"


class HousingReceipt(models.Model):
    """One month's receipt of one housing or utility service of a housing case: the consumption in
    the service's unit and the amount paid (komek.rules.housing names the services and units)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="housing_receipts")
    month = models.DateField(_("month"))
    service = models.CharField(_("service"), max_length=32)
    unit = models.CharField(_("unit"), max_length=16)
    consumption = models.DecimalField(_("consumption"), max_digits=12, decimal_places=3)
    paid = models.DecimalField(_("amount paid, tenge"), max_digits=12, decimal_places=2)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    entered_at = models.DateTimeField(_("entered"), auto_now_add=True)

    class Meta:
        ordering = ["month", "service"]
        constraints = [
            models.UniqueConstraint(fields=["application", "month", "service"], name="housing_receipt_once"),
            models.CheckConstraint(
                condition=models.Q(consumption__gte=0), name="housing_receipt_consumption"
            ),
            models.CheckConstraint(condition=models.Q(paid__gte=0), name="housing_receipt_paid"),
        ]

    def __str__(self) -> str:
        return f"{self.service} {self.month:%Y-%m}"

    def as_dict(self) -> dict[str, str]:
        return {
            "month": self.month.strftime("%Y-%m"),
            "service": self.service,
            "unit": self.unit,
            "consumption": str(self.consumption),
            "paid": str(self.paid),
        }
