from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProactiveConfig(AppConfig):
    name = "komek.proactive"
    label = "proactive"
    verbose_name = _("Proactive support")

    def ready(self) -> None:
        from komek.common import annual
        from komek.proactive.report import SECTIONS  # the annual report's section of this context

        annual.register(*SECTIONS)
