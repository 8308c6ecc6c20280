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

        from komek.jobs import registry, schedules
        from komek.proactive.jobs import MONTHLY_SCAN, PROACTIVE_SCAN  # the scan as a job, monthly

        registry.register(PROACTIVE_SCAN)
        schedules.register(MONTHLY_SCAN)
