"""The work with veterans: the veterans of the registry, their patronage by enterprises, visits and
congratulations at home, the exemption from utility payments under a memorandum, and the events.

"There are 5 veterans of the Great Patriotic War in the city ... the participants of the Great
Patriotic War are for life assigned to the enterprises of the town ... a Memorandum was concluded with
the municipal enterprises of the town on exemption from paying utility expenses ... 14 dates of
commemoration ... at home with the presentation of a memorable gift and a grocery basket ... 22 events
have been held, attracting sponsorship in the amount of 1.0 million tenge, covering 878 people" (the
Balkhash department's report for 2018).
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from komek.registry.fields import PersonAddress
from komek.veterans.choices import Category, Occasion


class Veteran(models.Model):
    """A person of the registry recorded as a veteran (or a person equated to veterans)."""

    person = models.OneToOneField(
        "registry.Person", on_delete=models.PROTECT, related_name="veteran", verbose_name=_("person")
    )
    person_territory = PersonAddress("person")
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    recorded_on = models.DateField(_("recorded on"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["person__search_key", "id"]
        verbose_name = _("veteran")
        verbose_name_plural = _("veterans")
        indexes = [models.Index(fields=["category", "recorded_on"], name="vet_category_recorded")]
        constraints = [
            models.CheckConstraint(condition=Q(category__in=Category.values), name="vet_category_known"),
        ]

    def __str__(self) -> str:
        return str(self.person)


class Patronage(models.Model):
    """An enterprise or organisation assigned to a veteran (for life unless it ends)."""

    veteran = models.ForeignKey(
        Veteran, on_delete=models.PROTECT, related_name="patronages", verbose_name=_("veteran")
    )
    patron = models.CharField(_("patron organisation"), max_length=200)
    patron_bin = models.CharField(_("BIN"), max_length=12, blank=True)
    started = models.DateField(_("from"))
    ended = models.DateField(_("until"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started", "-id"]
        verbose_name = _("patronage")
        verbose_name_plural = _("patronages")
        constraints = [
            models.UniqueConstraint(
                fields=["veteran"], condition=Q(ended__isnull=True), name="vet_one_open_patronage"
            ),
            models.CheckConstraint(
                condition=Q(ended__isnull=True) | Q(ended__gte=F("started")), name="vet_patronage_dates"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.patron} · {self.veteran}"


class Visit(models.Model):
    """A visit or congratulation at home, with its gift."""

    veteran = models.ForeignKey(
        Veteran, on_delete=models.PROTECT, related_name="visits", verbose_name=_("veteran")
    )
    date = models.DateField(_("date"))
    occasion = models.CharField(_("occasion"), max_length=16, choices=Occasion.choices)
    gift = models.CharField(_("gift"), max_length=300, blank=True)
    gift_value = models.PositiveBigIntegerField(_("gift's value, tenge"), default=0)
    visitors = models.CharField(_("who visited"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("visit at home")
        verbose_name_plural = _("visits at home")
        indexes = [models.Index(fields=["date"], name="vet_visit_date")]

    def __str__(self) -> str:
        return f"{self.veteran} · {self.date:%d.%m.%Y}"


class Memorandum(models.Model):
    """A memorandum of the akim with a supplier of utilities on exempting veterans from payments."""

    kato = models.ForeignKey(
        "common.KatoUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("territory")
    )
    supplier = models.CharField(_("supplier"), max_length=200)
    signed = models.DateField(_("signed on"))
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    terms = models.TextField(_("terms"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-signed", "-id"]
        verbose_name = _("memorandum")
        verbose_name_plural = _("memoranda")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="vet_memorandum_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.supplier} · {self.signed:%d.%m.%Y}"


class Exemption(models.Model):
    """A veteran exempted from utility payments under a memorandum, from a date (until a date)."""

    memorandum = models.ForeignKey(
        Memorandum, on_delete=models.PROTECT, related_name="exemptions", verbose_name=_("memorandum")
    )
    veteran = models.ForeignKey(
        Veteran, on_delete=models.PROTECT, related_name="exemptions", verbose_name=_("veteran")
    )
    started = models.DateField(_("from"))
    ended = models.DateField(_("until"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started", "-id"]
        verbose_name = _("exemption from utility payments")
        verbose_name_plural = _("exemptions from utility payments")
        constraints = [
            models.UniqueConstraint(
                fields=["memorandum", "veteran"],
                condition=Q(ended__isnull=True),
                name="vet_one_open_exemption",
            ),
            models.CheckConstraint(
                condition=Q(ended__isnull=True) | Q(ended__gte=F("started")), name="vet_exemption_dates"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.veteran} · {self.memorandum}"


class Event(models.Model):
    """An event for veterans: how many it covered, and which veterans when they are known."""

    kato = models.ForeignKey(
        "common.KatoUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("territory")
    )
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    occasion = models.CharField(_("occasion"), max_length=16, choices=Occasion.choices)
    covered = models.PositiveIntegerField(_("persons covered"))
    veterans = models.ManyToManyField(Veteran, related_name="events", blank=True, verbose_name=_("veterans"))
    sponsor = models.CharField(_("sponsor"), max_length=200, blank=True)
    sponsorship = models.PositiveBigIntegerField(_("sponsorship, tenge"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("event for veterans")
        verbose_name_plural = _("events for veterans")
        indexes = [models.Index(fields=["date"], name="vet_event_date")]

    def __str__(self) -> str:
        return f"{self.title} · {self.date:%d.%m.%Y}"
