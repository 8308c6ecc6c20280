"""Suppliers, contracts, deliveries and issues; sanatorium vouchers; hours of services."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from komek.registry.fields import PersonAddress
from komek.rehabilitation import choices


class Supplier(models.Model):
    bin = models.CharField(_("BIN"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kinds = models.JSONField(_("aid kinds"), default=list)

    class Meta:
        verbose_name = _("supplier")
        ordering = ["name"]
        constraints = [models.CheckConstraint(condition=Q(bin__regex=r"^[0-9]{12}$"), name="supplier_bin_12")]

    def __str__(self) -> str:
        return self.name


class Contract(models.Model):
    """A supply contract of one year, concluded by a district's department."""

    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="contracts")
    number = models.CharField(_("contract number"), max_length=40)
    year = models.PositiveSmallIntegerField(_("year"))
    district = models.CharField(_("district (KATO)"), max_length=9)
    signed_on = models.DateField(_("signed on"))

    class Meta:
        verbose_name = _("contract")
        ordering = ["-year", "number"]
        constraints = [models.UniqueConstraint(fields=["supplier", "number"], name="contract_number_once")]

    def __str__(self) -> str:
        return f"{self.number} ({self.year})"


class ContractLine(models.Model):
    """An aid kind of a contract: unit price (tenge), contracted quantity, and so the amount."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="lines")
    kind = models.CharField(_("aid"), max_length=20, choices=choices.AidKind.choices)
    item = models.CharField(_("item"), max_length=200)
    unit_price = models.PositiveBigIntegerField(_("unit price, tenge"))
    quantity = models.PositiveIntegerField(_("contracted quantity"))

    class Meta:
        verbose_name = _("contract line")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=choices.AidKind.values), name="contract_line_kind_known"
            ),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="contract_line_quantity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.item}"

    @property
    def amount(self) -> int:
        return self.unit_price * self.quantity


class Delivery(models.Model):
    line = models.ForeignKey(ContractLine, on_delete=models.PROTECT, related_name="deliveries")
    delivered_on = models.DateField(_("delivered on"))
    quantity = models.PositiveIntegerField(_("quantity"))
    document = models.CharField(_("waybill"), max_length=60, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("delivery")
        constraints = [models.CheckConstraint(condition=Q(quantity__gt=0), name="delivery_quantity_positive")]

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"


class Issue(models.Model):
    """An aid handed to the person against their signature of receipt."""

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    person_territory = PersonAddress("person")
    entitlement = models.ForeignKey("rehabilitation.Entitlement", on_delete=models.PROTECT, related_name="+")
    line = models.ForeignKey(ContractLine, on_delete=models.PROTECT, related_name="issues")
    kind = models.CharField(_("aid"), max_length=20, choices=choices.AidKind.choices)
    issued_on = models.DateField(_("issued on"))
    quantity = models.PositiveIntegerField(_("quantity"))
    serial_number = models.CharField(_("serial number"), max_length=60, blank=True)
    receipt_signed = models.BooleanField(_("receipt signed"))
    replace_after = models.DateField(_("replacement due"), null=True, blank=True)
    requeued = models.BooleanField(default=False)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("issue")
        indexes = [
            models.Index(fields=["kind", "issued_on"], name="issue_kind_date_idx"),
            models.Index(fields=["person", "kind"], name="issue_person_kind_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="issue_quantity_positive"),
            models.CheckConstraint(condition=Q(receipt_signed=True), name="issue_receipt_signed"),
        ]

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"


class Voucher(models.Model):
    """A sanatorium voucher for one stay; assigned to a person waiting in the sanatorium queue."""

    line = models.ForeignKey(ContractLine, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    district = models.CharField(_("district (KATO)"), max_length=9)
    sanatorium = models.CharField(_("sanatorium"), max_length=200)
    number = models.CharField(_("voucher number"), max_length=40, unique=True)
    starts_on = models.DateField(_("stay from"))
    ends_on = models.DateField(_("stay to"))
    price = models.PositiveBigIntegerField(_("price, tenge"))
    status = models.CharField(
        max_length=10, choices=choices.VoucherStatus.choices, default=choices.VoucherStatus.AVAILABLE
    )
    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    person_territory = PersonAddress("person", null=True, blank=True)
    queue_entry = models.ForeignKey(
        "rehabilitation.QueueEntry", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    assigned_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("sanatorium voucher")
        ordering = ["starts_on", "number"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="voucher_period_order"),
            models.CheckConstraint(
                condition=Q(status__in=["available", "returned"]) | Q(person__isnull=False),
                name="voucher_assigned_has_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"


class HoursRecord(models.Model):
    """Hours of a sign-language specialist or personal assistant (trips of special transport) in a
    month: planned and given, counted against the entitlement's yearly hours."""

    entitlement = models.ForeignKey("rehabilitation.Entitlement", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    person_territory = PersonAddress("person")
    kind = models.CharField(_("service"), max_length=20, choices=choices.AidKind.choices)
    month = models.DateField(_("month"))
    planned = models.PositiveIntegerField(_("hours planned"), default=0)
    given = models.PositiveIntegerField(_("hours given"), default=0)
    line = models.ForeignKey(ContractLine, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("hours of service")
        indexes = [models.Index(fields=["kind", "month"], name="hours_kind_month_idx")]
        constraints = [
            models.UniqueConstraint(fields=["entitlement", "month"], name="hours_one_row_per_month"),
        ]

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"
