"""``komek report annual --year YYYY --territory KATO --format json|pdf|docx|xlsx [--language kk|ru|en]
[--output FILE]``: the annual report of a territory, as JSON on stdout or as a file.

Run by an operator of the installation, it acts as the system (``system:annual-report`` in the audit
log, which records the export); staff read the report at ``/reports/annual/``, scoped to their units.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from komek.accounts.policy import system
from komek.common.errors import DomainError
from komek.reports.selectors import annual_report

FORMATS = ("json", "pdf", "docx", "xlsx")
LANGUAGES = ("kk", "ru", "en")


class Command(BaseCommand):
    help = "The annual report of a territory for a year: JSON, PDF, DOCX or XLSX."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", required=True, type=int, help="the calendar year, YYYY")
        parser.add_argument("--territory", required=True, help="KATO code of the territory")
        parser.add_argument("--format", required=True, choices=FORMATS, dest="fmt")
        parser.add_argument("--language", default="ru", choices=LANGUAGES, help="default: ru")
        parser.add_argument("--output", help="file to write (default: standard output)")
        parser.add_argument(
            "--background",
            action="store_true",
            help="queue the export as a background job and print its page",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        fmt = options["fmt"]
        if options["background"]:
            from komek.jobs.services import job_enqueue

            try:
                job = job_enqueue(
                    actor=system("annual-report"), kind="report.annual", territory=options["territory"],
                    parameters={"year": options["year"], "territory": options["territory"], "format": fmt,
                                "language": options["language"]},
                )  # fmt: skip
            except DomainError as exc:
                raise CommandError(f"--{exc.field or 'territory'}: {exc}", returncode=2) from None
            self.stdout.write(f"job {job.pk} queued: /jobs/{job.pk}/")
            return
        try:
            report = annual_report(
                actor=system("annual-report"),
                year=options["year"],
                territory=options["territory"],
                language=options["language"],
                export=fmt,
            )
        except DomainError as exc:
            raise CommandError(f"--{exc.field or 'territory'}: {exc}", returncode=2) from None
        if fmt == "json":
            content = (json.dumps(report.as_json(), ensure_ascii=False, indent=2) + "\n").encode()
        else:
            content = self._document(report, fmt)
        if options["output"]:
            Path(options["output"]).write_bytes(content)
        elif fmt == "json":
            self.stdout.write(content.decode(), ending="")
        else:
            sys.stdout.buffer.write(content)

    @staticmethod
    def _document(report: Any, fmt: str) -> bytes:
        # Imported here: the PDF, DOCX and XLSX libraries take a second to load, which the JSON
        # (what scripts ask for) does not need.
        from komek.reports import documents

        if fmt == "pdf":
            return documents.report_pdf(report)
        if fmt == "docx":
            return documents.report_docx(report)
        return documents.report_xlsx(report)
