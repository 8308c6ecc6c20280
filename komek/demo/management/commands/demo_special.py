"""``komek demo-special``: Almaty's 2020 of the special social services given by stays (temporary
stay in «Пана», the crisis centre «Жан Сая», the NGOs' services to victims of violence and of
trafficking, early intervention, the independent-living centres), made through the services
(idempotent)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from komek.demo.guard import DemoCommand, demo_actor
from komek.demo.rehabilitation.special import demo_special


class Command(DemoCommand):
    help = "Special social services by stays: Almaty 2020 (temporary stay, crisis centre, NGOs' services)."
    demo_what = "Demo stays in special social services are made"

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            made = demo_special(demo_actor())
        self.stdout.write(f"Special social services: {made} stays recorded.")
