import importlib

from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "komek.jobs"
    label = "jobs"
    verbose_name = _("Background jobs")

    def ready(self) -> None:
        # Kinds of job of benchmarks or tests (KOMEK_JOBS_EXTRA_MODULES): never set in production.
        for module in settings.KOMEK_JOBS_EXTRA_MODULES:
            importlib.import_module(module)
