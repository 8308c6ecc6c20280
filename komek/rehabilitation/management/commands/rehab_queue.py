"""``komek rehab queue --aid KIND [--district KATO] [--json]``: a provision queue in order."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from komek.accounts.policy import system
from komek.rehabilitation import choices
from komek.rehabilitation.selectors.queues import queue_export


class Command(BaseCommand):
    help = "Print a provision queue in order: position, application date, priority (JSON with --json)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--aid", required=True, help="aid kind: " + ", ".join(sorted(choices.QUEUE_KINDS))
        )
        parser.add_argument("--district", default=None, help="KATO code of the district (default: all)")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        kind = options["aid"]
        if kind not in choices.QUEUE_KINDS:
            raise CommandError(
                f"Unknown aid kind with a queue: {kind}. Known: {', '.join(sorted(choices.QUEUE_KINDS))}"
            )
        # An operator of the installation at the command line: the whole country, as the ``komek``
        # command's other reports; staff pages are scoped to the user's territory.
        rows = queue_export(user=system("rehab-queue"), kind=kind, district=options["district"])
        if options["json"]:
            data = {
                "aid": kind,
                "queue": [
                    {
                        "position": r.position,
                        "district": r.district,
                        "entry_id": r.entry_id,
                        "person_id": r.person_id,
                        "iin": r.iin,
                        "applied_on": r.applied_on.isoformat(),
                        "priority": choices.Priority(r.priority).name.lower(),
                    }
                    for r in rows
                ],
            }
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        for r in rows:
            self.stdout.write(
                f"{r.district} {r.position:>5}  {r.applied_on:%d.%m.%Y}  {r.priority_label}  {r.iin}"
            )
