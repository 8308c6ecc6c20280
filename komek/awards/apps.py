from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "komek.awards"
    label = "awards"
    verbose_name = _("State awards to mothers of large families")

    def ready(self) -> None:
        from komek.awards.report import SECTIONS  # the annual report's section of this context
        from komek.common import annual

        annual.register(*SECTIONS)
