"""The choices of the Enbek programme's directions recorded by the employment centre: vocational
education (ТиПО), the youth projects, the contests and the determination of social status."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class TipoCategory(models.TextChoices):
    """Whom the programme sends to colleges ("выпускников 9-11 классов, находящихся в трудной
    жизненной ситуации и членов малообеспеченных семей, и иных категорий граждан")."""

    GRADUATE_DIFFICULT = "graduate", _("School graduate in a difficult life situation")
    LOW_INCOME = "low_income", _("Member of a low-income family")
    UNEMPLOYED = "unemployed", _("Unemployed")
    SELF_EMPLOYED = "self_employed", _("Self-employed")
    OTHER = "other", _("Other category")


class TipoStatus(models.TextChoices):
    STUDYING = "studying", _("Studying")
    EXPELLED = "expelled", _("Expelled")
    FINISHED = "finished", _("Finished")
    EMPLOYED = "employed", _("Employed after finishing")


#: What each status may be followed by.
TIPO_NEXT: dict[str, tuple[str, ...]] = {
    TipoStatus.STUDYING: (TipoStatus.EXPELLED, TipoStatus.FINISHED),
    TipoStatus.FINISHED: (TipoStatus.EMPLOYED,),
    TipoStatus.EXPELLED: (),
    TipoStatus.EMPLOYED: (),
}


class YouthProject(models.TextChoices):
    ZHAS_MAMAN = "zhas_maman", _("Zhas maman (training by the 100/200 principle)")
    ZHAS_KASIPKER = "zhas_kasipker", _("Zhas kasipker (youth entrepreneurship)")


class YouthOutcome(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    TRAINED = "trained", _("Trained")
    EMPLOYED = "employed", _("Employed")
    BUSINESS = "business", _("Opened a business")
    DROPPED = "dropped", _("Dropped out")


class ContestKind(models.TextChoices):
    ENBEK_ZHOLY = "enbek_zholy", _("Enbek zholy (republican contest)")
    PARYZ = "paryz", _("Paryz (social responsibility of business)")


class Measure(models.TextChoices):
    """The programme's measures a person found without a social status is involved in."""

    PERMANENT = "permanent", _("Permanent job")
    TEMPORARY = "temporary", _("Temporary job")
    TRAINING = "training", _("Short-term vocational training")
    ENTREPRENEURSHIP = "entrepreneurship", _("Support of entrepreneurial initiatives")
    BASTAU = "bastau", _("Bastau Business")
