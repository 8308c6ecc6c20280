from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenefitsConfig(AppConfig):
    name = "komek.benefits"
    label = "benefits"
    verbose_name = _("Assignments of benefits")

    def ready(self) -> None:
        from komek.benefits.card import PANELS  # the panels of the person's and family's card
        from komek.common import card

        card.register(*PANELS)
