"""Family centres «Бақытты отбасы», traditional crafts centres and active longevity centres.

A person is registered at a centre (one open registration at a time); each service given to a
registered person is a dated record (legal, psychological consultation, social work, a training, a
course, online or in person); group activities not tied to a person are events with a number of
participants. The reports count the registered persons and every service given.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from komek.centres.choices import CentreKind, EventKind, ServiceKind
from komek.registry.fields import PersonAddress


class Centre(models.Model):
    kato = models.ForeignKey(
        "common.KatoUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("territory")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=CentreKind.choices)
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("centre")
        verbose_name_plural = _("centres")
        constraints = [models.UniqueConstraint(fields=["kato", "name"], name="centre_unique_name")]

    def __str__(self) -> str:
        return self.name


class Registration(models.Model):
    centre = models.ForeignKey(
        Centre, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("centre")
    )
    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    person_territory = PersonAddress("person")
    registered_on = models.DateField(_("registered on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-registered_on", "-id"]
        verbose_name = _("registration at a centre")
        verbose_name_plural = _("registrations at centres")
        indexes = [models.Index(fields=["registered_on"], name="centre_reg_date")]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "person"], condition=Q(ended_on__isnull=True), name="centre_reg_one_open"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("registered_on")),
                name="centre_reg_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.centre_id} · {self.person_id} · {self.registered_on:%d.%m.%Y}"


class Service(models.Model):
    """One service given to a registered person."""

    registration = models.ForeignKey(
        Registration, on_delete=models.PROTECT, related_name="services", verbose_name=_("registration")
    )
    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="services")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    person_territory = PersonAddress("person")
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=24, choices=ServiceKind.choices)
    online = models.BooleanField(_("online"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("service of a centre")
        verbose_name_plural = _("services of centres")
        indexes = [models.Index(fields=["date"], name="centre_service_date")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.date:%d.%m.%Y}"


class Event(models.Model):
    """A group activity of a centre not tied to a person: its number of participants."""

    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="events")
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=EventKind.choices)
    participants = models.PositiveIntegerField(_("participants"))
    online = models.BooleanField(_("online"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("event of a centre")
        verbose_name_plural = _("events of centres")
        indexes = [models.Index(fields=["date"], name="centre_event_date")]

    def __str__(self) -> str:
        return f"{self.title} · {self.date:%d.%m.%Y}"
