"""``komek demo-migration``: Almaty's 2020 of kandas and foreign labour as the report of the Almaty
Social Welfare Department prints it (idempotent)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from komek.demo.guard import DemoCommand, demo_actor
from komek.demo.migration import demo_migration


class Command(DemoCommand):
    help = "Kandas, invitations, permits for foreign labour and checks of employers of Almaty's 2020."
    demo_what = "Demo migration records are made"

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            made = demo_migration(demo_actor())
        self.stdout.write(f"Migration: {made} kandas statuses assigned.")
