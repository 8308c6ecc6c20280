"""The proactive worklist (Social Code of the Republic of Kazakhstan, art. 24: support assigned
proactively, on the consent of the family, without an application).

A **scan** runs the rules engine over the registry of a territory for a month and leaves
**items**: a family (or a person, for a person's programme) eligible for a programme it does not
receive, or one receiving a programme under an active assignment that the engine no longer finds
it eligible for. Caseworkers work the items: offer (a **notice** sent to the family), dismiss with a
reason, record the consent that opens the application. The application and the assignment belong
to their contexts: ``application_id`` and ``assignment_id`` are plain integers, as an assignment
keeps its application's.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from komek.proactive.choices import LIVE_STATUSES, ItemKind, ItemStatus, NoticeChannel
from komek.registry.fields import PersonAddress


class Scan(models.Model):
    kato = models.ForeignKey(
        "common.KatoUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("territory")
    )
    month = models.DateField(_("month"))  # its first day: the date the rules are run on
    run_by = models.CharField(_("run by"), max_length=150)
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    # What the scan evaluated: per programme code, the candidates, their amount and those no longer
    # eligible; the programmes left out, each with why (``{code: reason}``).
    programmes = models.JSONField(_("programmes"), default=dict)
    skipped = models.JSONField(_("programmes left out"), default=dict)
    created = models.PositiveIntegerField(_("items added"), default=0)
    refreshed = models.PositiveIntegerField(_("items refreshed"), default=0)
    kept = models.PositiveIntegerField(_("items kept as worked"), default=0)
    gone = models.PositiveIntegerField(_("items no longer found"), default=0)

    class Meta:
        verbose_name = _("scan")
        verbose_name_plural = _("scans")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kato_id} {self.month:%Y-%m}"


class Item(models.Model):
    kind = models.CharField(_("kind"), max_length=16, choices=ItemKind.choices)
    programme = models.CharField(_("programme"), max_length=80)
    # The engine's entity: ``f<family id>`` for a family's programme, ``p<person id>`` for a person's.
    entity = models.CharField(max_length=24)
    family = models.ForeignKey(
        "registry.Family", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("family"),
    )  # fmt: skip
    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("person"),
    )  # fmt: skip
    person_territory = PersonAddress("person", null=True, blank=True)
    # Whom the offer is addressed to and who applies on consent: the head of the family, or the person.
    contact = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("contact"),
    )  # fmt: skip
    contact_territory = PersonAddress("contact", null=True, blank=True)
    kato_code = models.CharField(_("KATO"), max_length=9, db_index=True)
    month = models.DateField(_("month"))  # the month of the last scan that found it
    # The engine's monthly amount (a candidate) or the assignment's (no longer eligible), tenge.
    amount = models.PositiveIntegerField(_("amount, tenge"), default=0)
    assignment_id = models.IntegerField(_("assignment"), null=True, blank=True)
    scan = models.ForeignKey(Scan, on_delete=models.PROTECT, related_name="items")
    status = models.CharField(_("status"), max_length=12, choices=ItemStatus.choices, default=ItemStatus.OPEN)
    offered_at = models.DateTimeField(_("offered"), null=True, blank=True)
    offer_expires = models.DateField(_("offer valid until"), null=True, blank=True)
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    dismissed_at = models.DateTimeField(_("dismissed"), null=True, blank=True)
    dismissal_reason = models.TextField(_("reason"), blank=True)
    consented_at = models.DateTimeField(_("consent received"), null=True, blank=True)
    application_id = models.IntegerField(_("application"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("worklist item")
        verbose_name_plural = _("worklist items")
        ordering = ["programme", "kato_code", "id"]
        indexes = [models.Index(fields=["programme", "kind", "status"], name="proactive_item_work_idx")]
        constraints = [
            # One item in the work per beneficiary, programme and kind: a scan run again never adds another.
            models.UniqueConstraint(
                fields=["kind", "programme", "entity"],
                condition=Q(status__in=LIVE_STATUSES),
                name="proactive_item_one_live",
            ),
            models.CheckConstraint(
                condition=Q(family__isnull=False) | Q(person__isnull=False), name="proactive_item_beneficiary"
            ),
            models.CheckConstraint(
                condition=~Q(status=ItemStatus.DISMISSED) | ~Q(dismissal_reason=""),
                name="proactive_item_dismissal_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.entity}"


class Notice(models.Model):
    """A message to a family: written here in the transaction of the offer (the outbox), handed to
    the notification adapter after it commits."""

    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="notices")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    person_territory = PersonAddress("person")
    channel = models.CharField(_("channel"), max_length=8, choices=NoticeChannel.choices)
    address = models.CharField(_("to"), max_length=254)
    text = models.TextField(_("text"))
    kato_code = models.CharField(_("KATO"), max_length=9, db_index=True)
    adapter = models.CharField(_("sent through"), max_length=20)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.channel} #{self.pk}"
