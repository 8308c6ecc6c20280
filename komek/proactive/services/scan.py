"""The scan: every programme in force, run over the registry of a territory for a month, compared
with the active assignments; what differs becomes the worklist.

Set-based from end to end: the registry is read once (``registry_population``, the simulation's
columnar read), the engine runs every programme over it at once (recipients only), the assignments,
the heads of families and the items already on the list are one query each, and the new items and
their audit rows are written in bulk. A scan run again for the same territory and month adds no
second item for a beneficiary: an item still to work is refreshed (its amount, its month), an item
already worked (offered, consented, dismissed that month) is kept as it is, and an item to work
that the scan no longer finds is marked as such. A family with an open application for the
programme's state service is on its way already: it is not listed.

Left out, each with why: a programme no state service assigns (the category payments' lists pay
those) and a programme whose amount needs what the registry does not hold (the housing receipts of
a housing assistance case).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import polars as pl
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.applications.choices import OPEN_STATUSES
from komek.applications.models import Application
from komek.benefits.choices import AssignmentStatus
from komek.benefits.models import Assignment
from komek.common import audit
from komek.common.choices import AuditAction, KatoLevel
from komek.common.errors import DomainError
from komek.common.models import KatoUnit
from komek.common.periods import add_months
from komek.legislation import loader
from komek.legislation.population import registry_population
from komek.legislation.rule_errors import rules_error
from komek.proactive.choices import LIVE_STATUSES, ItemKind, ItemStatus
from komek.proactive.models import Item, Scan
from komek.registry.choices import Relation
from komek.registry.models import Family, Membership
from komek.rules.catalogue import HOUSING_VARIABLES
from komek.rules.engine import Engine
from komek.rules.errors import RulesError
from komek.rules.programmes import Programme

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

#: What the registry does not hold: the housing receipts entered on a housing assistance case.
REFRESH_BATCH = 5000
CASE_ONLY = frozenset({v.name for v in HOUSING_VARIABLES} | {"housing_costs"})
_FOUND = {"programme": pl.String, "entity": pl.String, "family_id": pl.Int64, "person_id": pl.Int64,
          "region": pl.String, "amount": pl.Int64}  # fmt: skip


@dataclass
class ScanResult:
    scan: Scan
    unit: KatoUnit
    titles: dict[str, dict[str, str]] = field(default_factory=dict)  # code → title by language

    def as_dict(self, language: str = "en") -> dict[str, Any]:
        """The JSON of ``komek proactive scan --json``: figures only, nobody named."""
        programmes = [
            {"code": code, "title": self.title(code, language), **figures}
            for code, figures in sorted(self.scan.programmes.items())
        ]
        return {
            "territory": self.unit.code,
            "territory_name": self.unit.name,
            "month": self.scan.month.strftime("%Y-%m"),
            "programmes": programmes,
            "totals": {
                "candidates": sum(p["candidates"] for p in programmes),
                "amount": sum(p["amount"] for p in programmes),
                "not_eligible": sum(p["not_eligible"] for p in programmes),
            },
            "skipped": self.scan.skipped,
            "items": {
                "added": self.scan.created,
                "refreshed": self.scan.refreshed,
                "kept": self.scan.kept,
                "no_longer_found": self.scan.gone,
            },  # fmt: skip
        }

    def title(self, code: str, language: str) -> str:
        titles = self.titles.get(code, {})
        return titles.get(language) or titles.get("en") or code


def scannable(programme: Programme) -> str:
    """Why a programme is left out of a scan ("" when it is scanned)."""
    if not programme.raw.get("service"):
        return _("No state service assigns it: it is paid by lists of recipients.")
    if programme.names() & CASE_ONLY:
        return _("Its amount needs the receipts entered on a case, which the registry does not hold.")
    return ""


def _programmes(engine: Engine, on: dt.date, prefix: str) -> tuple[list[Programme], dict[str, str]]:
    chosen, skipped = [], {}
    for p in engine.in_force(on):
        if not (p.jurisdiction.startswith(prefix) or prefix.startswith(p.jurisdiction)):
            continue
        reason = scannable(p)
        if reason:
            skipped[p.code] = reason
        else:
            chosen.append(p)
    return chosen, skipped


def _eligible(
    engine: Engine, programmes: list[Programme], population: Any, on: dt.date, skipped: dict[str, str]
) -> pl.DataFrame:
    """The engine's recipients of every programme, one row per programme and beneficiary; a programme
    that cannot be calculated (a parameter without a value) is left out with its reason."""
    try:
        results = engine.run(population, on, [p.code for p in programmes], recipients_only=True).results
    except RulesError:
        results = {}
        for p in programmes:
            try:
                results.update(engine.run(population, on, [p.code], recipients_only=True).results)
            except RulesError as exc:
                skipped[p.code] = rules_error(exc)
    entities = {p.code: p.entity for p in programmes}
    frames = []
    for code, frame in results.items():
        person = entities[code] == "person"
        frames.append(
            frame.select(
                pl.lit(code).alias("programme"),
                (pl.lit("p" if person else "f") + pl.col("entity_id").cast(pl.String)).alias("entity"),
                pl.col("family_id"),
                (pl.col("entity_id") if person else pl.lit(None, dtype=pl.Int64)).alias("person_id"),
                pl.col("region"),
                pl.col("amount"),
            )
        )
    return pl.concat(frames) if frames else pl.DataFrame(schema=_FOUND)


def _assignments(prefix: str, on: dt.date, entities: dict[str, str]) -> pl.DataFrame:
    """The active assignments of the territory covering the month, of the programmes scanned (one query)."""
    last = add_months(on, 1) - dt.timedelta(days=1)
    rows = list(
        Assignment.objects.filter(
            status=AssignmentStatus.ACTIVE,
            kato_code__startswith=prefix,
            programme__in=list(entities),
            period_start__lte=last,
            period_end__gte=on,
        )  # fmt: skip
        .exclude(terminated_on__lte=on)
        .values_list(
            "id", "programme", "family_id", "person_id", "recipient_id", "kato_code", "monthly_amount"
        )
    )
    frame = pl.DataFrame(
        rows,
        schema={"assignment_id": pl.Int64, "programme": pl.String, "family_id": pl.Int64,
                "person_id": pl.Int64, "recipient_id": pl.Int64, "region": pl.String, "amount": pl.Int64},
        orient="row",
    )  # fmt: skip
    family = pl.col("programme").replace_strict(entities, default="family") == "family"
    entity = (
        pl.when(family & pl.col("family_id").is_not_null())
        .then(pl.lit("f") + pl.col("family_id").cast(pl.String))
        .otherwise(pl.lit("p") + pl.coalesce("person_id", "recipient_id").cast(pl.String))
    )
    # Two assignments of one beneficiary and programme (a renewal overlapping): the later one counts.
    return (
        frame.with_columns(entity.alias("entity"))
        .sort("assignment_id")
        .unique(["programme", "entity"], keep="last")
    )


def _applied(prefix: str, services: dict[str, str]) -> pl.DataFrame:
    """The programmes whose service a family of the territory has an open application for: it is
    on its way, not a family to offer it to (one query)."""
    rows = list(
        Application.objects.filter(
            status__in=OPEN_STATUSES, kato__code__startswith=prefix, family_id__isnull=False,
            service__code__in=sorted(set(services.values())),
        ).values_list("service__code", "family_id").distinct()
    )  # fmt: skip
    by_service: dict[str, list[str]] = {}
    for code, service in services.items():
        by_service.setdefault(service, []).append(code)
    pairs = [(code, family) for service, family in rows for code in by_service.get(service, [])]
    return pl.DataFrame(pairs, schema={"programme": pl.String, "family_id": pl.Int64}, orient="row")


def _heads(prefix: str) -> dict[int, int]:
    """The head of each family of the territory today (one query)."""
    return dict(
        Membership.objects.filter(
            relation=Relation.HEAD, valid_to__isnull=True, family__kato__code__startswith=prefix
        ).values_list("family_id", "person_id")
    )


def _unit(actor: Actor, kato: str) -> KatoUnit:
    unit = KatoUnit.objects.filter(code=str(kato or "").strip()).first()
    if unit is None:
        raise DomainError(_("Unknown KATO code: %(code)s.") % {"code": kato}, field="territory")
    policy.require_territory(actor, unit.code, field="territory")
    return unit


#: The steps of a scan, as a background job's part reports them (translated when shown).
STEPS = (
    gettext_noop("Reading the registry"),
    gettext_noop("Running the rules"),
    gettext_noop("Writing the worklist"),
)


def scan_territories(*, actor: Actor, kato: str) -> list[str]:
    """The parts of a scan of ``kato`` run as a background job (ADR 0051): one per district (the
    units of district level under a region) when the region is scanned, else the unit itself. The
    districts' prefixes do not overlap, and their scans together are the region's scan: a family,
    an assignment and an item belong to one district. Should a family of the region be registered
    outside every district, the region stays one part (nothing left out)."""
    policy.require(actor, Capability.PROACTIVE_MANAGE)
    unit = _unit(actor, kato)
    if unit.level >= KatoLevel.DISTRICT:
        return [unit.code]
    districts = list(
        KatoUnit.objects.filter(level=KatoLevel.DISTRICT, prefix__startswith=unit.prefix)
        .order_by("code")
        .values_list("code", "prefix")
    )
    if not districts:
        return [unit.code]
    outside = Family.objects.filter(kato__code__startswith=unit.prefix)
    for _code, prefix in districts:
        outside = outside.exclude(kato__code__startswith=prefix)
    if outside.exists():
        return [unit.code]
    return [code for code, _prefix in districts]


def proactive_scan(
    *, actor: Actor, kato: str, month: dt.date, on_step: Callable[[int, int, str], None] | None = None
) -> ScanResult:
    """Scan the registry of the territory ``kato`` for ``month`` and update its worklist.

    ``on_step(done, total, words)`` is told before each step (reading the registry, running the
    rules, writing the worklist): a background job's part reports its progress there, and a cancel
    raised from it stops the scan before its worklist is written."""
    policy.require(actor, Capability.PROACTIVE_MANAGE)
    unit = _unit(actor, kato)

    def step(done: int) -> None:
        if on_step is not None:
            on_step(done, len(STEPS), STEPS[done])

    step(0)
    on, prefix = month.replace(day=1), unit.prefix
    engine = loader.application_engine()
    programmes, skipped = _programmes(engine, on, prefix)
    population = registry_population(on=on, prefix=prefix, programmes=programmes)
    step(1)
    eligible = _eligible(engine, programmes, population, on, skipped)
    programmes = [p for p in programmes if p.code not in skipped]
    entities = {p.code: p.entity for p in programmes}
    assigned = _assignments(prefix, on, entities)
    keys = ["programme", "entity"]
    services = {p.code: str(p.raw.get("service")) for p in programmes}
    candidates = (
        eligible.join(assigned.select(keys), on=keys, how="anti").join(
            _applied(prefix, services), on=["programme", "family_id"], how="anti"
        )
    ).with_columns(
        pl.lit(ItemKind.CANDIDATE.value).alias("kind"), pl.lit(None, dtype=pl.Int64).alias("assignment_id")
    )
    lost = (
        assigned.join(eligible.select(keys), on=keys, how="anti")
        .with_columns(pl.lit(ItemKind.NOT_ELIGIBLE.value).alias("kind"))
        .select("programme", "entity", "family_id", "person_id", "region", "amount", "kind", "assignment_id")
    )
    found = pl.concat([candidates.select(lost.columns), lost], how="vertical_relaxed")
    figures = {
        p.code: {"candidates": 0, "amount": 0, "not_eligible": 0} for p in programmes
    }  # every programme scanned, found or not
    for row in (
        found.group_by("programme", "kind").agg(pl.len().alias("n"), pl.col("amount").sum()).to_dicts()
    ):
        if row["kind"] == ItemKind.CANDIDATE:
            figures[row["programme"]].update(candidates=int(row["n"]), amount=int(row["amount"] or 0))
        else:
            figures[row["programme"]]["not_eligible"] = int(row["n"])
    step(2)
    try:
        with transaction.atomic():
            # Scans of one territory one after the other: the second sees the first one's items.
            KatoUnit.objects.select_for_update().filter(code=unit.code).first()
            scan = Scan.objects.create(
                kato=unit, month=on, run_by=str(actor.username)[:150], programmes=figures, skipped=skipped
            )
            _write(actor, scan, found, prefix, on, list(entities), _heads(prefix), _minors(population, on))
            audit.record(
                actor=actor, action=AuditAction.CREATE, obj=scan, territory=unit.code,
                changes=audit.created({
                    "territory": unit.code, "month": on.strftime("%Y-%m"), "added": scan.created,
                    "refreshed": scan.refreshed, "kept": scan.kept, "no_longer_found": scan.gone,
                }),
            )  # fmt: skip
    except IntegrityError:
        # A scan of an overlapping territory wrote the same items at the same moment.
        raise DomainError(_("Another scan of this territory is running: run it again in a moment.")) from None
    titles = {p.code: dict(p.title) for p in programmes}
    return ScanResult(scan=scan, unit=unit, titles=titles)


def _minors(population: Any, on: dt.date) -> set[int]:
    """The persons under 18 on the date: their family's head is addressed and applies for them."""
    adult_from = (
        on.replace(year=on.year - 18)
        if (on.month, on.day) != (2, 29)
        else on.replace(year=on.year - 18, day=28)
    )
    return set(population.persons.filter(pl.col("birth_date") > adult_from)["person_id"].to_list())


def _write(
    actor: Actor,
    scan: Scan,
    found: pl.DataFrame,
    prefix: str,
    on: dt.date,
    codes: list[str],
    heads: dict[int, int],
    minors: set[int],
) -> None:
    """The worklist after the scan: new items in bulk, items to work refreshed, worked ones kept."""
    known = list(
        Item.objects.filter(kato_code__startswith=prefix, programme__in=codes)
        .filter(status__in=[*LIVE_STATUSES, ItemStatus.DISMISSED])
        .values_list(
            "id", "kind", "programme", "entity", "status", "month", "kato_code", "amount", "assignment_id"
        )
    )
    live: dict[tuple[str, str, str], tuple[int, str, tuple[Any, ...]]] = {}
    dismissed: set[tuple[str, str, str]] = set()
    for pk, kind, programme, entity, status, month, *held in known:
        if status == ItemStatus.DISMISSED:
            if month == on:
                dismissed.add((kind, programme, entity))
        else:
            live[(kind, programme, entity)] = (pk, status, tuple(held))
    new: list[Item] = []
    fresh: list[int] = []
    changed: list[Item] = []
    seen: set[int] = set()
    kept = 0
    for row in found.iter_rows(named=True):
        key = (row["kind"], row["programme"], row["entity"])
        family, person = row["family_id"], row["person_id"]
        values = {
            "kato_code": row["region"] or prefix.ljust(9, "0"), "month": on,
            "amount": max(int(row["amount"] or 0), 0), "assignment_id": row["assignment_id"], "scan": scan,
        }  # fmt: skip
        if key in live:
            pk, status, before = live[key]
            seen.add(pk)
            if status == ItemStatus.OPEN:
                fresh.append(pk)
                if before != (values["kato_code"], values["amount"], values["assignment_id"]):
                    changed.append(Item(pk=pk, **values))
            else:
                kept += 1
            continue
        if key in dismissed:
            kept += 1
            continue
        contact = person if person is not None and person not in minors else heads.get(family)
        new.append(
            Item(
                kind=row["kind"],
                programme=row["programme"],
                entity=row["entity"],
                family_id=family,
                person_id=person,
                contact_id=contact,
                **values,
            )  # fmt: skip
        )
    Item.objects.bulk_create(new, batch_size=2000)
    # Items to work found again: the month and the scan in one statement per batch; the amount, the
    # territory or the assignment only where they changed (a row-by-row update of every item of a
    # city would take minutes).
    for start in range(0, len(fresh), REFRESH_BATCH):
        Item.objects.filter(pk__in=fresh[start : start + REFRESH_BATCH]).update(month=on, scan=scan)
    Item.objects.bulk_update(changed, ["kato_code", "amount", "assignment_id"], batch_size=1000)
    stale = [pk for pk, status, _held in live.values() if status == ItemStatus.OPEN and pk not in seen]
    gone = Item.objects.filter(pk__in=stale).update(status=ItemStatus.GONE) if stale else 0
    audit.bulk(
        actor=actor,
        action=AuditAction.CREATE,
        object_type=audit.object_type_of(Item),
        entries=[
            audit.Entry(
                object_id=i.pk,
                person_id=i.contact_id,
                territory=i.kato_code,
                changes=audit.created({"kind": i.kind, "programme": i.programme, "amount": i.amount}),
            )
            for i in new
        ],  # fmt: skip
    )
    scan.created, scan.refreshed, scan.kept, scan.gone = len(new), len(fresh), kept, gone
    scan.save(update_fields=["created", "refreshed", "kept", "gone"])
