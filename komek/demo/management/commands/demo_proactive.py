"""``komek demo-proactive``: a scan of the demo town's registry for this month and a few offers,
a consent and a dismissal on its worklist (idempotent)."""

from __future__ import annotations

from typing import Any

from komek.demo.guard import DemoCommand, demo_actor
from komek.demo.proactive import demo_proactive


class Command(DemoCommand):
    help = "Scan the demo town for proactive support and work a few items of the list."
    demo_what = "The demo's proactive worklist is made"

    def handle(self, *args: Any, **options: Any) -> None:
        result = demo_proactive(demo_actor())
        totals = result.as_dict()["totals"]
        self.stdout.write(
            f"Proactive support: {totals['candidates']} entitled without receiving, "
            f"{totals['not_eligible']} no longer eligible."
        )
