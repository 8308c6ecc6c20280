from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RehabilitationConfig(AppConfig):
    name = "komek.rehabilitation"
    label = "rehabilitation"
    verbose_name = _("Rehabilitation and special social services")

    def ready(self) -> None:
        from komek.common import annual
        from komek.rehabilitation.report import SECTIONS  # the annual report's sections of this context

        annual.register(*SECTIONS)

        from komek.common import card
        from komek.rehabilitation.card import PANELS  # the panels of the person's and family's card

        card.register(*PANELS)
