"""The scan: every programme in force, run over the registry of a territory for a month, compared
with the active assignments; what differs becomes the worklist.

Set-based from end to end (ADR 0056): the registry is read once (``registry_population``, the
simulation's columnar read, with the quarter's incomes summed per person by the database), the
engine runs every programme over it at once (recipients only), the assignments and the open
applications are one query each, and the worklist is written by statements over the found rows
staged in a temporary table: one refreshes the items to work, one marks those no longer found, one
adds the new items with their contacts, and their audit rows go in with one ``COPY``. A scan run
again for the same territory and month adds no second item for a beneficiary: an item still to work
is refreshed (its amount, its month), an item already worked (offered, consented, dismissed that
month) is kept as it is, and an item to work that the scan no longer finds is marked as such. A
family with an open application for the programme's state service is on its way already: it is not
listed.

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
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.applications.choices import OPEN_STATUSES
from komek.applications.models import Application
from komek.benefits.choices import AssignmentStatus
from komek.benefits.models import Assignment
from komek.common import audit, bulk_sql
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
from komek.registry.models import Family
from komek.rules.catalogue import HOUSING_VARIABLES
from komek.rules.engine import Engine
from komek.rules.errors import RulesError
from komek.rules.programmes import Programme

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

#: What the registry does not hold: the housing receipts entered on a housing assistance case.
CASE_ONLY = frozenset({v.name for v in HOUSING_VARIABLES} | {"housing_costs"})
_FOUND = {"programme": pl.String, "entity": pl.String, "family_id": pl.Int64, "person_id": pl.Int64,
          "region": pl.String, "amount": pl.Int64}  # fmt: skip
#: The found rows staged for the worklist's statements (a temporary table of the transaction).
STAGE = "komek_proactive_found"
STAGE_SCHEMA = {"kind": pl.String, "programme": pl.String, "entity": pl.String, "family_id": pl.Int64,
                "person_id": pl.Int64, "kato_code": pl.String, "amount": pl.Int64, "assignment_id": pl.Int64,
                "minor": pl.Int64}  # fmt: skip
#: An item of the staged row's kind, programme and beneficiary, in the scanned territory.
_SAME = "i.kind = f.kind AND i.programme = f.programme AND i.entity = f.entity AND i.kato_code LIKE %s"


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
    population = registry_population(on=on, prefix=prefix, programmes=programmes, income_totals=True)
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
            _write(actor, scan, _staged(found, prefix, _minors(population, on)), prefix, on, list(entities))
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


def _minors(population: Any, on: dt.date) -> pl.Series:
    """The persons under 18 on the date: their family's head is addressed and applies for them."""
    adult_from = (
        on.replace(year=on.year - 18)
        if (on.month, on.day) != (2, 29)
        else on.replace(year=on.year - 18, day=28)
    )
    return population.persons.filter(pl.col("birth_date") > adult_from)["person_id"]


def _staged(found: pl.DataFrame, prefix: str, minors: pl.Series) -> pl.DataFrame:
    """The found rows as the worklist holds them: the territory (the scanned unit's when unknown),
    the amount in whole tenge and never below zero, and whether the person is a minor."""
    region = pl.col("region")
    minor = minors.unique().to_frame("person_id").with_columns(pl.lit(1, dtype=pl.Int64).alias("minor"))
    return found.join(minor, on="person_id", how="left").select(
        "kind", "programme", "entity",
        pl.col("family_id").cast(pl.Int64), pl.col("person_id").cast(pl.Int64),
        pl.when(region.is_null() | (region == "")).then(pl.lit(prefix.ljust(9, "0"))).otherwise(region)
        .alias("kato_code"),
        pl.col("amount").fill_null(0).cast(pl.Int64).clip(lower_bound=0).alias("amount"),
        pl.col("assignment_id").cast(pl.Int64),
        pl.col("minor").fill_null(0),
    )  # fmt: skip


def _write(actor: Actor, scan: Scan, found: pl.DataFrame, prefix: str, on: dt.date, codes: list[str]) -> None:
    """The worklist after the scan, set-based: the found rows are staged in a temporary table and
    one statement each refreshes the items to work found again, marks the others no longer found,
    counts the worked ones kept and adds the new items with their contact (the person, or the head
    of the family for a family's programme and for a minor); their audit rows go in column-wise
    (``audit.bulk_frame``). Nothing is read into Python but the new items' ids."""
    created = refreshed = kept = gone = 0
    if codes:
        like, month = f"{prefix}%", connection.ops.adapt_datefield_value(on)
        scope = f"i.kato_code LIKE %s AND i.programme IN ({', '.join(['%s'] * len(codes))})"
        live = [str(s) for s in LIVE_STATUSES]
        worked = [str(s) for s in LIVE_STATUSES if s != ItemStatus.OPEN]
        bulk_sql.create_temp_table(STAGE, STAGE_SCHEMA)
        bulk_sql.load_frame(STAGE, found, analyze=True)
        with connection.cursor() as cursor:
            # Items to work found again: the month, the scan, and the amount, territory and assignment.
            cursor.execute(
                f"UPDATE proactive_item AS i SET month = %s, scan_id = %s, kato_code = f.kato_code, "  # noqa: S608
                f"amount = f.amount, assignment_id = f.assignment_id FROM {STAGE} AS f "
                "WHERE i.kind = f.kind AND i.programme = f.programme AND i.entity = f.entity "
                f"AND i.status = %s AND {scope}",
                [month, scan.pk, ItemStatus.OPEN.value, like, *codes],
            )
            refreshed = cursor.rowcount
            # Items to work the scan did not find again (kept, not deleted).
            cursor.execute(
                f"UPDATE proactive_item AS i SET status = %s "  # noqa: S608
                f"WHERE i.status = %s AND {scope} AND i.scan_id <> %s",
                [ItemStatus.GONE.value, ItemStatus.OPEN.value, like, *codes, scan.pk],
            )
            gone = cursor.rowcount
            # Found again but worked already (offered, consented), or dismissed this month: kept as is.
            cursor.execute(
                f"SELECT COUNT(*) FROM {STAGE} AS f WHERE EXISTS (SELECT 1 FROM proactive_item AS i "  # noqa: S608
                f"WHERE {_SAME} AND i.status IN (%s, %s)) OR (NOT EXISTS (SELECT 1 FROM proactive_item AS i "
                f"WHERE {_SAME} AND i.status = %s) AND EXISTS (SELECT 1 FROM proactive_item AS i "
                f"WHERE {_SAME} AND i.status = %s AND i.month = %s))",
                [like, *worked, like, ItemStatus.OPEN.value, like, ItemStatus.DISMISSED.value, month],
            )
            kept = int(cursor.fetchone()[0])
            new = _insert_new(cursor, scan, prefix, on, live)
        bulk_sql.drop_temp_table(STAGE)
        created = new.height
        audit.bulk_frame(
            actor=actor,
            action=AuditAction.CREATE,
            object_type=audit.object_type_of(Item),
            frame=new.select(
                pl.col("id").cast(pl.String).alias("object_id"),
                pl.col("contact_id").alias("person_id"),
                pl.col("kato_code").alias("territory"),
                # audit.created({"kind", "programme", "amount"}), keys sorted
                pl.concat_str(
                    [
                        pl.lit('{"amount":[null,'),
                        pl.col("amount").cast(pl.String),
                        pl.lit('],"kind":[null,'),
                        audit.json_string(pl.col("kind")),
                        pl.lit('],"programme":[null,'),
                        audit.json_string(pl.col("programme")),
                        pl.lit("]}"),
                    ]
                ).alias("changes"),  # fmt: skip
            ),
        )
    scan.created, scan.refreshed, scan.kept, scan.gone = created, refreshed, kept, gone
    scan.save(update_fields=["created", "refreshed", "kept", "gone"])


def _insert_new(cursor: Any, scan: Scan, prefix: str, on: dt.date, live: list[str]) -> pl.DataFrame:
    """The staged rows without an item in the work nor one dismissed this month become items, in
    one ``INSERT ... SELECT``; their ids, contacts, territories, kinds, programmes and amounts."""
    like, month = f"{prefix}%", connection.ops.adapt_datefield_value(on)
    given = ["kind", "programme", "entity", "family_id", "person_id", "contact_id", "kato_code", "month",
             "amount", "assignment_id", "scan_id"]  # fmt: skip
    addresses = ["person_territory", "contact_territory"]  # joined from the persons below
    defaults = bulk_sql.field_defaults(Item, given=[*given, *addresses], now=timezone.now())
    columns = ", ".join([*given, *defaults, *addresses])
    marks = ", ".join(["%s"] * len(defaults))
    # The head of the family today (the highest person id, should two memberships say head).
    head = (
        "(SELECT MAX(h.person_id) FROM registry_membership AS h "
        "JOIN registry_family AS hf ON hf.id = h.family_id WHERE h.family_id = s.family_id "
        "AND h.relation = %s AND h.valid_to IS NULL AND hf.kato_code LIKE %s)"
    )
    contacts = (
        "(SELECT s.*, CASE WHEN s.person_id IS NOT NULL AND s.minor = 0 THEN s.person_id "  # noqa: S608
        f"ELSE {head} END AS contact_id FROM {STAGE} AS s) AS f"
    )
    cursor.execute(
        # The keys to the person and the contact carry their addresses (ADR 0070).
        f"INSERT INTO proactive_item ({columns}) "  # noqa: S608
        "SELECT f.kind, f.programme, f.entity, f.family_id, f.person_id, f.contact_id, "
        f"f.kato_code, %s, f.amount, f.assignment_id, %s{', ' if defaults else ''}{marks}, "
        f"pp.kato_code, pc.kato_code FROM {contacts} "
        "LEFT JOIN registry_person AS pp ON pp.id = f.person_id "
        "LEFT JOIN registry_person AS pc ON pc.id = f.contact_id "
        f"WHERE NOT EXISTS (SELECT 1 FROM proactive_item AS i WHERE {_SAME} "
        "AND (i.status IN (%s, %s, %s) OR (i.status = %s AND i.month = %s))) "
        "RETURNING id, contact_id, kato_code, kind, programme, amount",
        [
            month,
            scan.pk,
            *defaults.values(),
            Relation.HEAD.value,
            like,
            like,
            *live,
            ItemStatus.DISMISSED.value,
            month,
        ],
    )
    return pl.DataFrame(
        cursor.fetchall(),
        schema={"id": pl.Int64, "contact_id": pl.Int64, "kato_code": pl.String, "kind": pl.String,
                "programme": pl.String, "amount": pl.Int64},
        orient="row",
    )  # fmt: skip
