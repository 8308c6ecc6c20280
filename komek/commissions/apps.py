from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommissionsConfig(AppConfig):
    name = "komek.commissions"
    label = "commissions"
    verbose_name = _("Commissions")

    def ready(self) -> None:
        from komek.commissions.report import SECTIONS  # the annual report's sections of this context
        from komek.common import annual

        annual.register(*SECTIONS)

        from komek.commissions.card import PANELS  # the panels of the person's and family's card
        from komek.common import card

        card.register(*PANELS)
