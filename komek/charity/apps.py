from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CharityConfig(AppConfig):
    name = "komek.charity"
    label = "charity"
    verbose_name = _("Charity")

    def ready(self) -> None:
        from komek.charity.report import SECTIONS  # the annual report's section of this context
        from komek.common import annual

        annual.register(*SECTIONS)
