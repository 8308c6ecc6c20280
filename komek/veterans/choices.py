"""The choices of the work with veterans: the categories of the Law of the Republic of Kazakhstan of
6 May 2020 No. 323-VI "On veterans" and the occasions of visits and events."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from komek.registry.choices import VeteranCategory

#: The Great Patriotic War: from the attack of 22 June 1941 to the Victory of 9 May 1945.
WAR_START = dt.date(1941, 6, 22)
WAR_END = dt.date(1945, 5, 9)


#: The categories of the registry's veteran status (one list for the whole system).
Category = VeteranCategory

#: The categories of persons who lived through the war themselves: they were born before its end.
WAR_CATEGORIES = frozenset({Category.WWII_PARTICIPANT, Category.WWII_DISABLED, Category.HOME_FRONT})


class Occasion(models.TextChoices):
    VICTORY_DAY = "victory_day", _("Victory Day")
    BIRTHDAY = "birthday", _("Birthday")
    ELDERLY_DAY = "elderly_day", _("Day of older persons")
    DEFENDER_DAY = "defender_day", _("Defender of the Fatherland Day")
    NAURYZ = "nauryz", _("Nauryz")
    NEW_YEAR = "new_year", _("New Year")
    OTHER = "other", _("Other")
