"""Reads of the legislation and the three uses of the engine, scoped to who is asking.

A family's entitlements are read through the registry's own scoped selector (a family outside the
user's territory does not exist for them) and the read is audited, as opening the family's card
is. A simulation reads the registry of a territory the user may see and shows only aggregates.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.accounts.models import User
from komek.common import audit
from komek.common.errors import DomainError, NotFound, PermissionDenied
from komek.common.kato import PREFIX_LENGTH
from komek.common.models import KatoUnit
from komek.legislation import loader
from komek.legislation.models import ParameterValueRecord, ProgrammeVersion
from komek.legislation.population import registry_population
from komek.legislation.rule_errors import rules_error
from komek.registry.models import Family, Membership
from komek.registry.selectors import RELATION_ORDER, families_visible
from komek.rules.engine import Engine
from komek.rules.errors import RulesError
from komek.rules.explain import calculate
from komek.rules.programmes import Programme
from komek.rules.reform import Reform
from komek.rules.simulation import KATO_DIGITS, Simulation, simulate
from komek.rules.situation import Situation

if TYPE_CHECKING:
    from komek.accounts.policy import Actor


# --- programmes and parameters ------------------------------------------------------------------
@dataclass
class ProgrammeView:
    programme: Programme
    version: ProgrammeVersion | None  # the council decision it comes from, when entered here

    @property
    def code(self) -> str:
        return self.programme.code


def programmes_in_force(*, user: User, on: dt.date) -> list[ProgrammeView]:
    """The programmes in force on ``on`` nationally and in the user's territory."""
    policy.require(user, Capability.RULES_VIEW)
    engine = loader.application_engine()
    prefixes = policy.prefixes(user)
    versions = {(v.code, v.valid_from): v for v in ProgrammeVersion.objects.select_related("kato")}
    out = []
    for programme in sorted(engine.in_force(on), key=lambda p: (p.jurisdiction, p.code)):
        j = programme.jurisdiction
        if prefixes is not None and j and not any(j.startswith(p) or p.startswith(j) for p in prefixes):
            continue
        out.append(ProgrammeView(programme, versions.get((programme.code, programme.valid_from))))
    return out


def programme_decisions(*, user: User) -> list[ProgrammeVersion]:
    """Council decisions entered in the database, newest first."""
    policy.require(user, Capability.RULES_VIEW)
    return list(
        ProgrammeVersion.objects.select_related("kato", "created_by", "retirement").order_by(
            "-created_at", "-id"
        )
    )


def decision_to_retire(*, user: User, version_id: int) -> ProgrammeVersion:
    """A council decision of the user's territory, for the page that retires it: a decision of
    another territory (or a national one, for an administrator without national reach) is not
    found."""
    policy.require(user, Capability.RULES_EDIT)
    found = (
        policy.scoped(ProgrammeVersion.objects.select_related("kato"), user, field="kato__code")
        .filter(pk=version_id)
        .first()
    )
    if found is None:
        raise NotFound(_("No such council decision in your territorial units."))
    return found


@dataclass
class ParameterRow:
    name: str
    unit: str
    description: str
    current: Any  # the national value on the date (None: none in force)
    values: list[dict[str, Any]] = field(default_factory=list)


def parameter_overview(*, user: User, on: dt.date, language: str) -> list[ParameterRow]:
    """Every parameter with its values (shipped or entered here) and the national value on ``on``."""
    policy.require(user, Capability.RULES_VIEW)
    table = loader.application_engine().parameters
    entered = {
        (r.name, r.region, r.purpose, r.valid_from): r
        for r in ParameterValueRecord.objects.select_related("created_by").order_by("created_at", "id")
    }
    rows = []
    for name in sorted(table.names):
        definition = table.definitions.get(name)
        try:
            current = table.value(name, on)
        except RulesError:
            current = None
        values = []
        for value in sorted(
            table.values(name), key=lambda v: (v.region, v.purpose, v.valid_from), reverse=True
        ):
            record = entered.get((value.name, value.region, value.purpose, value.valid_from))
            values.append({"value": value, "record": record})
        description = (definition.description or {}) if definition else {}
        rows.append(
            ParameterRow(
                name=name,
                unit=definition.unit if definition else "",
                description=str(description.get(language) or description.get("en") or ""),
                current=current,
                values=values,
            )
        )
    return rows


# --- one family ------------------------------------------------------------------------------------
@dataclass
class Entitlements:
    family: Family
    on: dt.date
    result: dict[str, Any]  # as komek.rules.explain.calculate gives it
    errors: dict[str, str]  # programme code → why it could not be calculated


def _calculated(engine: Engine, situation: Situation, language: str) -> tuple[dict[str, Any], dict[str, str]]:
    """The whole calculation; when one programme cannot be calculated (a parameter without a value
    on the date), every programme on its own, so that the others are still shown."""
    try:
        return calculate(engine, situation, language), {}
    except RulesError:
        pass
    codes = [p.code for p in engine.in_force(situation.on) if p.in_force(situation.on, situation.region)]
    result: dict[str, Any] | None = None
    errors: dict[str, str] = {}
    for code in codes:
        try:
            one = calculate(engine, dataclasses.replace(situation, programmes=[code]), language)
        except RulesError as exc:
            errors[code] = rules_error(exc)
            continue
        if result is None:
            result = one
        else:
            result["programmes"].update(one["programmes"])
            result["parameter_versions"] += [
                v for v in one["parameter_versions"] if v not in result["parameter_versions"]
            ]
    if result is None:
        result = {"date": situation.on.isoformat(), "region": situation.region, "parameters": {},
                  "programmes": {}, "parameter_versions": []}  # fmt: skip
    return result, errors


def family_entitlements(
    *, user: User, family_id: int, on: dt.date, language: str, ip_address: str | None = None
) -> Entitlements:
    """Every programme in force on ``on`` for the family, each condition explained; audited as a read."""
    policy.require(user, Capability.RULES_VIEW)
    family = families_visible(user).select_related("kato").filter(pk=family_id).first()
    if family is None:
        raise NotFound(_("No such family in your territorial units."))
    population = registry_population(on=on, family_ids=[family.pk])
    members = (
        Membership.objects.filter(family=family, person_id__in=population.persons["person_id"].to_list())
        .select_related("person")
        .order_by(RELATION_ORDER)
    )
    names = {m.person_id: m.person.full_name for m in members}
    situation = Situation(
        on=on, region=family.kato_id, population=population, person_keys=names, programmes=None
    )
    if population.persons.height == 0:
        result: dict[str, Any] = {"programmes": {}, "parameters": {}, "parameter_versions": []}
        errors = {"": _("The family has no members on this date.")}
    else:
        result, errors = _calculated(loader.application_engine(), situation, language)
    head = next((m for m in members if m.relation == "head"), None)
    audit.read(
        territory=family.kato_id,
        actor=user,
        object_type="legislation.family_entitlements",
        object_id=family.pk,
        person_id=head.person_id if head else None,
        persons=list(names),
        ip_address=ip_address,
        changes={"on": [None, on.isoformat()]},
    )
    return Entitlements(family=family, on=on, result=result, errors=errors)


# --- simulation -------------------------------------------------------------------------------------
def simulation_units(*, user: User) -> list[KatoUnit]:
    """The territorial units a user may simulate: those of their territory (every unit when national)."""
    policy.require(user, Capability.SIMULATE)
    return list(policy.scoped(KatoUnit.objects.order_by("code"), user, field="code"))


def district_digits(unit: KatoUnit | None) -> int:
    """Districts one level below the unit (the regions of the country; a settlement is its own)."""
    if unit is None:
        return KATO_DIGITS[0]
    return PREFIX_LENGTH.get(min(unit.level + 1, 4), KATO_DIGITS[-1])


@dataclass
class SimulationReport:
    simulation: Simulation
    unit: KatoUnit | None
    names: dict[str, str]  # district code → name

    def as_dict(self, language: str) -> dict[str, Any]:
        out = self.simulation.as_dict(language)
        out["region_name"] = self.unit.name if self.unit else None
        for row in (*out["rows"], *out["districts"]):
            row["district_name"] = self.names.get(row["district"])
        return out


def simulation_run(
    *,
    user: Actor,
    reform: Reform,
    month: dt.date,
    kato: str = "",
    digits: int | None = None,
) -> SimulationReport:
    """The legislation and the reform over the registry of ``kato`` (the whole country when empty)
    for the month, by district and programme; the command line acts as ``system("simulate")``."""
    unit = None
    if kato:
        unit = KatoUnit.objects.filter(code=kato).first()
        if unit is None:
            raise DomainError(_("Unknown KATO code: %(code)s.") % {"code": kato}, field="kato")
    policy.require(user, Capability.SIMULATE)
    if policy.prefixes(user) is not None and (unit is None or not policy.in_territory(user, unit.code)):
        raise PermissionDenied(_("This territory is outside your territorial units."), field="kato")
    digits = digits or district_digits(unit)
    if digits not in KATO_DIGITS:
        raise DomainError(_("Districts are 2, 4, 6 or 9 digits of the KATO code."), field="digits")
    prefix = unit.prefix if unit else ""
    on = month.replace(day=1)
    population = registry_population(on=on, prefix=prefix)
    try:
        simulation = simulate(
            loader.application_engine(),
            reform,
            population,
            on,
            region=prefix,
            district_digits=max(digits, len(prefix)),
        )
    except RulesError as exc:
        raise DomainError(rules_error(exc)) from None
    codes = {row["district"] for row in simulation.rows.select("district").to_dicts()}
    names = {u.code: u.name for u in KatoUnit.objects.filter(code__in=codes)}
    audit.read(
        actor=user,
        object_type="legislation.simulation",
        territory=prefix,
        changes={"reform": [None, reform.source], "month": [None, on.strftime("%Y-%m")]},
    )
    return SimulationReport(simulation=simulation, unit=unit, names=names)
