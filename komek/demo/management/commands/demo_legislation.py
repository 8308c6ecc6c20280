"""``komek demo-legislation``: the demo installation's illustrative median income (idempotent)."""

from __future__ import annotations

from typing import Any

from komek.demo.guard import DemoCommand
from komek.demo.legislation import DEMO_MEDIAN_INCOME, demo_legislation


class Command(DemoCommand):
    demo_what = "Demo legislation is entered"
    help = "Enter the demo installation's illustrative median income (demo installations only)."

    def handle(self, *args: Any, **options: Any) -> None:
        if demo_legislation() is not None:
            self.stdout.write(f"Demo median income entered: {DEMO_MEDIAN_INCOME} tenge from 01.01.2025.")
