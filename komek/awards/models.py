"""A mother's case of a state award: the pendant, the children counted, the documents sent on, the
decision and the presentation (Law of the Republic of Kazakhstan "On State Awards of the Republic of
Kazakhstan" of 12 December 1995 No. 2676).

"Documents were sent to the Administration of the President of the Republic of Kazakhstan and the
akimat of Almaty for 369 mothers of large families, of them 66 for the pendants «Алтын алқа» ... and
303 for «Күміс алқа»" (the report of the Almaty Social Welfare Department for 2020).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from komek.awards.choices import OPEN, Addressee, Decision, Grade, Status
from komek.registry.fields import PersonAddress


class AwardCase(models.Model):
    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("mother")
    )
    person_territory = PersonAddress("person")
    kato = models.ForeignKey(
        "common.KatoUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("territory")
    )
    grade = models.CharField(_("award"), max_length=8, choices=Grade.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PREPARED)
    opened_on = models.DateField(_("documents prepared on"))
    children_registered = models.PositiveSmallIntegerField(_("children in the registry"))
    children_other = models.PositiveSmallIntegerField(_("children not in the registry"), default=0)
    children_other_reason = models.CharField(
        _("why the children are not in the registry"), max_length=300, blank=True
    )
    sent_on = models.DateField(_("documents sent on"), null=True, blank=True)
    addressee = models.CharField(_("sent to"), max_length=10, choices=Addressee.choices, blank=True)
    decision = models.CharField(_("decision"), max_length=8, choices=Decision.choices, blank=True)
    decision_on = models.DateField(_("decision dated"), null=True, blank=True)
    decree = models.CharField(_("decree number"), max_length=60, blank=True)
    presented_on = models.DateField(_("award presented on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = _("award case")
        verbose_name_plural = _("award cases")
        indexes = [
            models.Index(fields=["sent_on"], name="award_sent_on"),
            models.Index(fields=["decision_on"], name="award_decision_on"),
            models.Index(fields=["presented_on"], name="award_presented_on"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "grade"],
                condition=Q(status__in=[s.value for s in OPEN]),
                name="award_one_open_case",
            ),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="award_status_known"),
            models.CheckConstraint(condition=Q(grade__in=Grade.values), name="award_grade_known"),
        ]

    def __str__(self) -> str:
        return f"{self.get_grade_display()} · {self.person_id}"

    @property
    def children(self) -> int:
        return self.children_registered + self.children_other
