from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmploymentConfig(AppConfig):
    name = "komek.employment"
    label = "employment"
    verbose_name = _("Employment centre")

    def ready(self) -> None:
        from komek.common import annual
        from komek.employment.report import SECTIONS  # the annual report's sections of this context

        annual.register(*SECTIONS)

        from komek.common import card
        from komek.employment.card import PANELS  # the panels of the person's and family's card

        card.register(*PANELS)
