from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "komek.applications"
    label = "applications"
    verbose_name = _("State services and applications")
