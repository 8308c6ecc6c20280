"""The annual report's export as a background job (``report.annual``): the report read (its
sections figured) and written to a file in the job's folder, which the job's page offers for
download. The read is audited by the report's selector as an export, as from the command line."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from komek.accounts.choices import Capability
from komek.common.errors import DomainError
from komek.jobs.registry import JobKind
from komek.jobs.services import progress

if TYPE_CHECKING:
    from komek.accounts.policy import Actor
    from komek.jobs.models import Job

FORMATS = ("json", "pdf", "docx", "xlsx")
LANGUAGES = ("kk", "ru", "en")


def clean(parameters: dict[str, Any], actor: Actor) -> dict[str, Any]:
    fmt = parameters.get("format") or "xlsx"
    if fmt not in FORMATS:
        raise DomainError(_("Choose one of the formats: JSON, PDF, DOCX, XLSX."), field="format")
    language = parameters.get("language") or "ru"
    if language not in LANGUAGES:
        raise DomainError(_("Choose Kazakh, Russian or English."), field="language")
    try:
        year = int(parameters.get("year") or 0)
    except (TypeError, ValueError):
        year = 0
    if not 2000 <= year <= 2100:
        raise DomainError(_("Give the year as four digits."), field="year")
    return {
        "year": year,
        "territory": str(parameters.get("territory") or ""),
        "format": fmt,
        "language": language,
    }


def run(job: Job, actor: Actor) -> dict[str, Any]:
    from komek.reports import documents
    from komek.reports.selectors import annual_report

    p = job.parameters
    progress(job, 0, 2, gettext_noop("Figuring the report"))
    report = annual_report(
        actor=actor, year=p["year"], territory=p["territory"], language=p["language"], export=p["format"]
    )
    progress(job, 1, 2, gettext_noop("Writing the file"))
    fmt = p["format"]
    if fmt == "json":
        content = (json.dumps(report.as_json(), ensure_ascii=False, indent=2) + "\n").encode()
    else:
        render = {"pdf": documents.report_pdf, "docx": documents.report_docx, "xlsx": documents.report_xlsx}
        content = render[fmt](report)
    name = f"annual-report-{report.year}-{report.territory}.{fmt}"
    folder = settings.JOBS_FILES_DIR / str(job.pk)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(content)  # the last chunk: no cancel point after it, so no file is left
    figures = sum(len(s.lines) for s in report.sections)
    return {"file": name, "figures": figures, "sections": len(report.sections)}


def describe(parameters: dict[str, Any]) -> str:
    fmt = str(parameters.get("format", "")).upper()
    return f"{parameters.get('year')}, {parameters.get('territory')}, {fmt}"


ANNUAL_REPORT = JobKind(
    name="report.annual",
    label=gettext_lazy("Annual report export"),
    capability=Capability.REPORT_VIEW,
    run=run,
    clean=clean,
    describe=describe,
)
