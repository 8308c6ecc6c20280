"""``komek import persons FILE.csv [--all-or-nothing]``: see docs/import-format.md."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from komek.accounts.policy import system
from komek.common.errors import DomainError
from komek.registry.services.imports import persons_import
from komek.registry.services.summary import summary_refresh


class Command(BaseCommand):
    help = "Import persons and families from a UTF-8 CSV file; row errors go to FILE.errors.csv."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV file in the format of docs/import-format.md")
        parser.add_argument(
            "--all-or-nothing", action="store_true", help="import nothing if any row has an error"
        )
        parser.add_argument(
            "--user", help="username recorded as the importer (default: the system, system:import-persons)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        actor: Any = system("import-persons")
        if options["user"]:
            actor = get_user_model().objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(_("No such user: %(name)s") % {"name": options["user"]})
        try:
            result = persons_import(
                path=options["file"], actor=actor, all_or_nothing=options["all_or_nothing"]
            )
        except DomainError as exc:
            raise CommandError(str(exc)) from None
        if result.batch_id is None:
            self.stdout.write(
                _("Nothing imported (--all-or-nothing): %(errors)s errors in %(rows)s rows.")
                % {"errors": result.errors, "rows": result.rows_total}
            )
        else:
            summary_refresh(actor=system("registry-summary"))  # the start pages' head-count
            self.stdout.write(
                _("Imported %(imported)s persons (%(families)s families), rejected %(rejected)s rows.")
                % {
                    "imported": result.rows_imported,
                    "families": result.families_imported,
                    "rejected": result.rows_rejected,
                }
            )
        self.stdout.write(_("Error report: %(path)s") % {"path": result.report_path})
        if result.rows_rejected:
            raise CommandError(_("Some rows were rejected; see the error report."), returncode=2)
