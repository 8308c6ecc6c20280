from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CentresConfig(AppConfig):
    name = "komek.centres"
    label = "centres"
    verbose_name = _("Family and active longevity centres")

    def ready(self) -> None:
        from komek.centres.report import SECTIONS  # the annual report's section of this context
        from komek.common import annual

        annual.register(*SECTIONS)
