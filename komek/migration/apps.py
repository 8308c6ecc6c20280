from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MigrationConfig(AppConfig):
    name = "komek.migration"
    label = "migration"
    verbose_name = _("Migration")

    def ready(self) -> None:
        from komek.common import annual
        from komek.migration.report import SECTIONS  # the annual report's section of this context

        annual.register(*SECTIONS)
