from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BarrierFreeConfig(AppConfig):
    name = "komek.barrier_free"
    label = "barrier_free"
    verbose_name = _("Barrier-free environment")

    def ready(self) -> None:
        from komek.barrier_free.report import SECTIONS  # the annual report's section of this context
        from komek.common import annual

        annual.register(*SECTIONS)
