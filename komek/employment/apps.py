from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmploymentConfig(AppConfig):
    name = "komek.employment"
    label = "employment"
    verbose_name = _("Employment centre")
