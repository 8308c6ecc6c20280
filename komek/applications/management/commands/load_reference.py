from typing import Any

from django.core.management.base import BaseCommand

from komek.common.kato import kato_load


class Command(BaseCommand):
    help = "Load the shipped reference data (KATO territorial units, the state-service catalogue)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = kato_load()
        self.stdout.write(f"KATO units loaded: {count}")
        from komek.applications.services.catalogue import catalogue_load

        self.stdout.write(f"State services loaded: {catalogue_load()}")
