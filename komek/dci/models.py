"""The DCI Social Registry API's own records: the client systems, their transactions, the callbacks
waiting to be delivered, their subscriptions and the outbox of registry events (ADR 0032)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DciClient(models.Model):
    """A government system allowed to read the registry of its territory through the DCI API.

    ``name`` is the ``sender_id`` of its messages; only the SHA-256 of its bearer token is kept."""

    name = models.CharField(_("name (sender id)"), max_length=99, unique=True)
    territory = models.CharField(_("territory (KATO prefix)"), max_length=9)
    record_types = models.JSONField(_("record types"), default=list)
    token_hash = models.CharField(max_length=64, unique=True)
    public_key = models.TextField(_("public key (Ed25519, PEM)"), blank=True)
    callback_uri = models.URLField(_("callback URI"), max_length=500, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("DCI client system")
        verbose_name_plural = _("DCI client systems")

    def __str__(self) -> str:
        return self.name


class DciTransaction(models.Model):
    """One message received (search, subscribe, unsubscribe, txn-status) and what was answered."""

    client = models.ForeignKey(DciClient, on_delete=models.PROTECT, related_name="transactions")
    action = models.CharField(max_length=20)
    message_id = models.CharField(max_length=99)
    transaction_id = models.CharField(max_length=99)
    correlation_id = models.CharField(max_length=99, unique=True)
    reference_ids = models.JSONField(default=list)
    persons = models.JSONField(default=list)  # ids of the persons the response shows (audit of re-reads)
    status = models.CharField(max_length=4)  # rcvd, pdng, succ, rjct
    response = models.JSONField(default=dict)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["client", "transaction_id"], name="dci_txn_client_txn")]

    def __str__(self) -> str:
        return f"{self.action} {self.correlation_id}"


class DciDelivery(models.Model):
    """A callback (on-search, on-subscribe, notify, ...) to post to a client system: kept until
    delivered, tried again by ``komek dci deliver`` when it failed."""

    client = models.ForeignKey(DciClient, on_delete=models.PROTECT, related_name="deliveries")
    action = models.CharField(max_length=20)
    uri = models.URLField(max_length=500)
    body = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["id"], condition=Q(delivered_at__isnull=True), name="dci_delivery_pending")
        ]

    def __str__(self) -> str:
        return f"{self.action} to {self.uri}"


class DciSubscription(models.Model):
    """A client's subscription to one kind of registry event in (part of) its territory."""

    client = models.ForeignKey(DciClient, on_delete=models.PROTECT, related_name="subscriptions")
    code = models.CharField(max_length=99, unique=True)
    reference_id = models.CharField(max_length=99)
    event_type = models.CharField(max_length=40)
    territory = models.CharField(max_length=9)
    record_type = models.CharField(max_length=20)
    uri = models.URLField(max_length=500)
    criteria = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.event_type} {self.code}"


class DciEvent(models.Model):
    """The outbox: a registry change written in the transaction of the change, turned into notify
    deliveries for the subscriptions it matches by ``komek dci deliver`` (or right after commit)."""

    event_type = models.CharField(max_length=40)
    person_id = models.IntegerField(null=True, blank=True)
    family_id = models.IntegerField(null=True, blank=True)
    kato = models.CharField(max_length=9)
    at = models.DateTimeField()
    dispatched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["id"], condition=Q(dispatched_at__isnull=True), name="dci_event_pending")
        ]

    def __str__(self) -> str:
        return f"{self.event_type} {self.kato}"
