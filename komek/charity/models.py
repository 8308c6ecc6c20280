"""Charity: the one register of NGOs, patrons, donors, funds and enterprises, the charity campaigns and
social projects with what each family or person received in kind, and the sponsorship of the events
for veterans.

"Продолжена работа по актуализации единой базы данных НПО, меценатов, благотворителей и фондов ...
С 1 августа реализуется проект «Социальный клуб «Шыңға өрлеу» ... Всего проектом «Шыңға өрлеу»
охвачено 900 детей ... в декабре 2020 года 527 малообеспеченных семей, а также 455 детей из
социально-уязвимых слоев обеспечены одеждой, обувью, продуктовыми наборами, бытовой химией,
новогодними подарками, играми и др." (the report of the Almaty Social Welfare
Department for 2020, section VI "Проведение благотворительных мероприятий"); "22 events have been held,
attracting sponsorship in the amount of 1.0 million tenge, covering 878 people" (the Balkhash
department's report for 2018).
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from komek.charity.choices import CampaignKind, Item, PartnerKind, TargetGroup
from komek.registry.fields import PersonAddress


class Partner(models.Model):
    """An NGO, a patron, a donor, a fund or an enterprise of the department's one register."""

    kind = models.CharField(_("kind"), max_length=12, choices=PartnerKind.choices)
    name = models.CharField(_("name"), max_length=200)
    bin = models.CharField(_("BIN"), max_length=12, blank=True)
    contact = models.CharField(_("contact"), max_length=300, blank=True)
    kato = models.ForeignKey(
        "common.KatoUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("territory")
    )
    registered_on = models.DateField(_("registered on"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.UniqueConstraint(fields=["bin"], condition=~Q(bin=""), name="charity_partner_bin_unique"),
            models.CheckConstraint(condition=Q(kind__in=PartnerKind.values), name="charity_partner_kind"),
        ]

    def __str__(self) -> str:
        return self.name


class Campaign(models.Model):
    """A charity campaign or a social project: its dates, territory, partners and target group; a
    social project also counts the children it covered and the persons it employed."""

    kind = models.CharField(_("kind"), max_length=10, choices=CampaignKind.choices)
    title = models.CharField(_("title"), max_length=200)
    kato = models.ForeignKey(
        "common.KatoUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("territory")
    )
    started = models.DateField(_("from"))
    ended = models.DateField(_("until"))
    target_group = models.CharField(_("target group"), max_length=16, choices=TargetGroup.choices)
    description = models.TextField(_("description"), blank=True)
    partners = models.ManyToManyField(
        Partner, related_name="campaigns", blank=True, verbose_name=_("partners")
    )
    children_online = models.PositiveIntegerField(_("children covered online"), default=0)
    children_offline = models.PositiveIntegerField(_("children covered in person"), default=0)
    employed = models.PositiveIntegerField(
        _("persons employed (pensioners, persons with disability)"), default=0
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started", "-id"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        indexes = [models.Index(fields=["started", "ended"], name="charity_campaign_dates")]
        constraints = [
            models.CheckConstraint(condition=Q(ended__gte=F("started")), name="charity_campaign_dates_order"),
            models.CheckConstraint(
                condition=Q(kind=CampaignKind.PROJECT) | Q(children_online=0, children_offline=0, employed=0),
                name="charity_participants_of_projects",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def children(self) -> int:
        return self.children_online + self.children_offline


class HelpLine(models.Model):
    """What a person of the registry, or the family of that person, received in kind in a campaign."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="lines", verbose_name=_("campaign")
    )
    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    person_territory = PersonAddress("person")
    family = models.ForeignKey(
        "registry.Family", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("family"),
    )  # fmt: skip
    #: The person was a child on the date (help to a child, not to the family).
    child = models.BooleanField(_("child"), default=False)
    item = models.CharField(_("what was given"), max_length=12, choices=Item.choices)
    description = models.CharField(_("description"), max_length=300, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"))
    value = models.PositiveBigIntegerField(_("estimated value, tenge"))
    date = models.DateField(_("date"))
    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, null=True, blank=True, related_name="lines",
        verbose_name=_("given by"),
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("help in kind")
        verbose_name_plural = _("help in kind")
        indexes = [models.Index(fields=["date"], name="charity_line_date")]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="charity_line_quantity"),
            models.CheckConstraint(
                condition=Q(family__isnull=True) | Q(child=False), name="charity_line_whom"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_item_display()} · {self.date:%d.%m.%Y}"


class Sponsorship(models.Model):
    """A partner's sponsorship of an event for veterans (the event of the work with veterans: its
    date, title, territory and the persons it covered)."""

    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="sponsorships", verbose_name=_("partner")
    )
    event = models.ForeignKey(
        "veterans.Event", on_delete=models.PROTECT, related_name="sponsorships", verbose_name=_("event")
    )
    amount = models.PositiveBigIntegerField(_("amount, tenge"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-event__date", "-id"]
        verbose_name = _("sponsorship")
        verbose_name_plural = _("sponsorships")
        constraints = [models.CheckConstraint(condition=Q(amount__gte=1), name="charity_sponsorship_amount")]

    def __str__(self) -> str:
        return f"{self.partner} · {self.event}"
