"""``komek jobs sweep``: send again the parts of running jobs whose worker has been silent past the
lease (``KOMEK_JOBS_LEASE_SECONDS``), once per lapse: on the embedded filesystem broker nothing else
does (``komek jobs worker`` sweeps too, when it starts and every ``KOMEK_JOBS_SWEEP_SECONDS``)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Send again the parts of background jobs whose worker has been silent past the lease."

    def handle(self, *args: Any, **options: Any) -> None:
        from komek.jobs.services import parts_resend_stale

        sent = parts_resend_stale()
        self.stdout.write(
            f"{len(sent)} parts sent again" + (f": {', '.join(map(str, sent))}" if sent else "")
        )
