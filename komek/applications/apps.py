from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "komek.applications"
    label = "applications"
    verbose_name = _("State services and applications")

    def ready(self) -> None:
        from komek.applications.report import SECTIONS  # the annual report's sections of this context
        from komek.common import annual

        annual.register(*SECTIONS)

        from komek.applications.card import PANELS  # the panels of the person's and family's card
        from komek.common import card

        card.register(*PANELS)
