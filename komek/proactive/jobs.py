"""The scan as a background job (``proactive.scan``) and its monthly schedule (ADR 0051).

The job is split by region (ADR 0049): one part per district of the territory scanned
(:func:`scan_territories`), each part the scan of its district (``proactive_scan``, the same
service as ``komek proactive scan`` and the page's button), its steps reported as the part's
progress. A part is safe to run again (a worker died in it, or the month is scanned once more): the
worklist holds one item in the work per kind, programme and beneficiary, so a second run refreshes
the items the first wrote and adds none. A cancel stops a part before it writes its worklist; the
districts already written keep their worklist, which is whole for each of them (a scan writes in
one transaction), and is what a scan run later would refresh anyway.

The schedule scans every region of the installation (the KATO units of region level that hold
families) for the month, on the 1st at 02:00 Asia/Almaty: ``komek jobs beat`` fires it, or
``komek jobs due`` from cron; once a month per region.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from komek.accounts.choices import Capability
from komek.common.choices import KatoLevel
from komek.common.errors import DomainError
from komek.common.models import KatoUnit
from komek.common.periods import month_of
from komek.jobs.registry import JobKind
from komek.jobs.schedules import Schedule
from komek.jobs.services import part_progress
from komek.proactive.services import proactive_scan, scan_territories
from komek.registry.models import Family

if TYPE_CHECKING:
    import datetime as dt

    from komek.accounts.policy import Actor
    from komek.jobs.models import Job, Part

KIND = "proactive.scan"
FIGURES = ("candidates", "amount", "not_eligible")
ITEMS = ("added", "refreshed", "kept", "no_longer_found")


def _month(text: Any) -> dt.date:
    try:
        return month_of(str(text))
    except ValueError:
        raise DomainError(_("Give the month as YYYY-MM."), field="month") from None


def clean(parameters: dict[str, Any], actor: Actor) -> dict[str, Any]:
    month = _month(parameters.get("month"))
    territory = str(parameters.get("territory") or "").strip()
    if not KatoUnit.objects.filter(code=territory).exists():
        raise DomainError(_("Unknown KATO code: %(code)s.") % {"code": territory}, field="territory")
    return {"territory": territory, "month": f"{month:%Y-%m}"}


def run(job: Job, actor: Actor) -> dict[str, Any]:  # pragma: no cover (the kind is split by region)
    raise DomainError(_("The scan runs by district."))


def split(job: Job, actor: Actor) -> list[str]:
    return scan_territories(actor=actor, kato=job.parameters["territory"])


def run_part(job: Job, part: Part, actor: Actor) -> dict[str, Any]:
    """One district's scan of the month: its worklist written in one transaction."""
    result = proactive_scan(
        actor=actor, kato=part.territory, month=_month(job.parameters["month"]),
        on_step=lambda done, total, stage: part_progress(part, done, total, stage),
    )  # fmt: skip
    data = result.as_dict(job.language)
    return {
        "scan": result.scan.pk,
        "programmes": {p["code"]: {k: p[k] for k in FIGURES} for p in data["programmes"]},
        "items": data["items"],
        "skipped": data["skipped"],
    }


def merge(results: list[dict[str, Any]]) -> dict[str, Any]:
    """The region's figures: the districts' summed per programme, and the worklist's counts."""
    programmes: dict[str, dict[str, int]] = {}
    for r in results:
        for code, figures in r["programmes"].items():
            row = programmes.setdefault(code, dict.fromkeys(FIGURES, 0))
            for k in FIGURES:
                row[k] += figures[k]
    skipped: dict[str, str] = {}
    for r in results:
        skipped.update(r.get("skipped", {}))
    items = {k: sum(r["items"][k] for r in results) for k in ITEMS}
    candidates = sum(p["candidates"] for p in programmes.values())
    not_eligible = sum(p["not_eligible"] for p in programmes.values())
    return {
        "scans": [r["scan"] for r in results],
        "programmes": dict(sorted(programmes.items())),
        "candidates": candidates,
        "not_eligible": not_eligible,
        "items": items,
        "skipped": skipped,
        # Shown on the job's page, in the job's language (the merge runs in it).
        "facts": [
            [_("Entitled, not receiving"), candidates],
            [_("Recipients no longer eligible"), not_eligible],
            [_("Worklist items added"), items["added"]],
            [_("Worklist items refreshed"), items["refreshed"]],
            [_("Items no longer found"), items["no_longer_found"]],
        ],
        "links": [{"url": reverse("proactive:worklist"), "label": _("The worklist")}],
    }


def describe(parameters: dict[str, Any]) -> str:
    return ", ".join(str(v) for v in (parameters.get("territory"), parameters.get("month")) if v)


PROACTIVE_SCAN = JobKind(
    name=KIND,
    label=gettext_lazy("Proactive scan"),
    capability=Capability.PROACTIVE_MANAGE,
    run=run,
    clean=clean,
    describe=describe,
    split=split,
    run_part=run_part,
    merge=merge,
)


def regions_scanned(period: str) -> list[tuple[str, dict[str, Any]]]:
    """Every region (KATO region level) where the registry holds a family: one job each."""
    regions = KatoUnit.objects.filter(level=KatoLevel.REGION).order_by("code").values_list("code", "prefix")
    return [
        (code, {"territory": code, "month": period})
        for code, prefix in regions
        if Family.objects.filter(kato__code__startswith=prefix).exists()
    ]


MONTHLY_SCAN = Schedule(name="proactive.monthly-scan", kind=KIND, targets=regions_scanned, day=1, hour=2)
