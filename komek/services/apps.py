from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "komek.services"
    label = "services"
    verbose_name = _("State services and applications")
