from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DciConfig(AppConfig):
    name = "komek.dci"
    label = "dci"
    verbose_name = _("Social registry API for other government systems")

    def ready(self) -> None:
        from komek.dci import events  # registry changes written to the outbox of subscriptions

        events.connect()
