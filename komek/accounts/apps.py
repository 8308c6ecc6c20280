from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "komek.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from komek.accounts import signals  # login and logout go into the audit log

        signals.connect_territory_signal()
