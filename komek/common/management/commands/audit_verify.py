"""``komek audit verify``: walk the audit log's hash chain and report the first broken link.

Prints ``audit chain sound: N records`` and exits 0, or ``audit chain broken at record S (id I):
<what is wrong>`` on stderr after ``N records sound before it`` and exits 1 (ADR 0024). It reads
the whole log in order, in chunks, and writes nothing.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand

from komek.common import audit_chain


class Command(BaseCommand):
    help = "Verify the audit log's hash chain; exit 1 at the first broken link."

    def handle(self, *args: Any, **options: Any) -> None:
        checked, broken = audit_chain.verify()
        if broken is None:
            self.stdout.write(f"audit chain sound: {checked} records")
            return
        self.stdout.write(f"{checked} records sound before it")
        self.stderr.write(f"audit chain {broken}")
        sys.exit(1)
