from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VeteransConfig(AppConfig):
    name = "komek.veterans"
    label = "veterans"
    verbose_name = _("Work with veterans")

    def ready(self) -> None:
        from komek.common import annual
        from komek.veterans.report import SECTIONS  # the annual report's section of this context

        annual.register(*SECTIONS)
