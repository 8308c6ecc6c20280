"""The choices of state awards to mothers of large families: the pendants, where the documents go,
what was decided, and the steps of a case.

Law of the Republic of Kazakhstan "On State Awards of the Republic of Kazakhstan" of 12 December
1995 No. 2676: the pendant «Алтын алқа» is awarded to mothers who bore and raised seven or more
children, the pendant «Күміс алқа» to mothers who bore and raised six children.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

LAW = _(
    'Law of the Republic of Kazakhstan "On State Awards of the Republic of Kazakhstan" '
    "of 12 December 1995 No. 2676"
)


class Grade(models.TextChoices):
    ALTYN = "altyn", _("«Altyn alqa» pendant (seven or more children)")
    KUMIS = "kumis", _("«Kumis alqa» pendant (six children)")


#: The children a mother has born and raised for each pendant (the law cited in :data:`LAW`).
CHILDREN_REQUIRED = {Grade.ALTYN: 7, Grade.KUMIS: 6}


class Addressee(models.TextChoices):
    PRESIDENT = "president", _("Administration of the President of the Republic of Kazakhstan")
    AKIMAT = "akimat", _("Akimat of the region or city")


class Status(models.TextChoices):
    PREPARED = "prepared", _("Documents prepared")
    SENT = "sent", _("Documents sent")
    GRANTED = "granted", _("Awarded by decree")
    REFUSED = "refused", _("Refused")
    PRESENTED = "presented", _("Award presented")


#: A mother has one case of a pendant at a time while it is in these steps.
OPEN = (Status.PREPARED, Status.SENT, Status.GRANTED)


class Decision(models.TextChoices):
    GRANTED = "granted", _("Awarded")
    REFUSED = "refused", _("Refused")
