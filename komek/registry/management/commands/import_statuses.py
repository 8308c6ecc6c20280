"""``komek import statuses FILE.csv [--user NAME]``: see docs/import-format.md (statuses)."""

from __future__ import annotations

import sys
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from komek.accounts.policy import system
from komek.common.errors import DomainError
from komek.registry.services.status_import import statuses_import
from komek.registry.services.summary import summary_refresh


class Command(BaseCommand):
    help = "Import statuses with their validity dates from a UTF-8 CSV file, all or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV: iin,kind,category,valid_from,valid_to,note")
        parser.add_argument(
            "--user", help="username recorded as the importer (default: the system, system:import-statuses)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        actor: Any = system("import-statuses")
        if options["user"]:
            actor = get_user_model().objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(_("No such user: %(name)s") % {"name": options["user"]})
        try:
            result = statuses_import(actor=actor, path=options["file"])
        except DomainError as exc:
            raise CommandError(str(exc), returncode=2) from None
        if result.errors:
            for error in result.errors:
                sys.stderr.write(f"{error}\n")
            raise CommandError(
                _("Nothing imported: %(errors)s errors.") % {"errors": len(result.errors)}, returncode=2
            )
        summary_refresh(actor=system("registry-summary"))  # the start pages' head-count
        self.stdout.write(_("Imported %(imported)s statuses.") % {"imported": result.imported})
