from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LabourConfig(AppConfig):
    name = "komek.labour"
    label = "labour"
    verbose_name = _("Labour market and labour relations")

    def ready(self) -> None:
        from komek.common import annual
        from komek.labour.report import SECTIONS  # the annual report's sections of this context

        annual.register(*SECTIONS)
