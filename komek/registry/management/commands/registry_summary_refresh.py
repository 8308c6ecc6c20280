"""``komek registry summary refresh [--on YYYY-MM-DD]``: count the registry per unit and store it for
the start pages (run nightly and after imports; the demo and the import commands run it)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from komek.accounts.policy import system
from komek.registry.services.summary import summary_refresh


class Command(BaseCommand):
    help = "Count persons, families, children, disability and pensioners per unit and store the figures."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--on", type=dt.date.fromisoformat, help="the date counted (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        units = summary_refresh(actor=system("registry-summary"), on=options["on"])
        if options["verbosity"]:
            self.stdout.write(_("Registry summary refreshed: %(units)s units.") % {"units": units})
