from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "komek.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from komek.jobs import registry
        from komek.reports.jobs import ANNUAL_REPORT  # the annual report's export as a background job

        registry.register(ANNUAL_REPORT)
