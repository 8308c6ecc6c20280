"""Entering a council decision (a programme or a new version of one) and retiring it.

Each decision is checked by the rules engine itself before it is stored: an expression with an
unknown name or a type error, a parameter without a value on the date in the council's territory.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.accounts.models import User
from komek.common import audit
from komek.common.audit import created
from komek.common.choices import AuditAction
from komek.common.errors import DomainError, ValidationFailed
from komek.common.kato import kato_unit
from komek.common.validation import full_clean
from komek.legislation import loader
from komek.legislation.models import ProgrammeRetirement, ProgrammeVersion
from komek.legislation.rule_errors import expression_error, rules_error
from komek.legislation.services._checks import CODE, NAME, after_commit, require_legislation_territory
from komek.rules.catalogue import VARIABLES
from komek.rules.engine import namespace
from komek.rules.errors import ExpressionError, MissingParameter, RulesError
from komek.rules.expressions import compile_expression
from komek.rules.programmes import PERIODICITIES, parse_programme
from komek.rules.reform import supersede


@dataclass(frozen=True)
class ConditionSpec:
    name: str
    expression: str
    label: dict[str, str]  # kk, ru, en


@dataclass(frozen=True)
class ProgrammeSpec:
    """A council decision as the administrator enters it."""

    code: str
    title: dict[str, str]  # kk, ru, en
    legal_basis: str
    kato: str  # the council's territorial unit
    valid_from: dt.date
    periodicity: str
    entity: str
    conditions: tuple[ConditionSpec, ...]
    amount: str
    valid_to: dt.date | None = None
    kind: str = ""
    limit: str = ""
    commission: bool = False
    assignment_term_months: int | None = None  # the term a decided case is assigned for

    def document(self, jurisdiction: str) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "code": self.code,
            "title": dict(self.title),
            "legal_basis": self.legal_basis,
            "jurisdiction": jurisdiction,
            "valid_from": self.valid_from.isoformat(),
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
            "periodicity": self.periodicity,
            "entity": self.entity,
            "commission": self.commission,
            "conditions": [
                {"name": c.name, "expression": c.expression, "label": dict(c.label)} for c in self.conditions
            ],
            "amount": self.amount,
        }
        if self.kind:
            doc["kind"] = self.kind
        if self.limit:
            doc["limit"] = self.limit
        if self.assignment_term_months is not None:
            doc["assignment_term"] = {"months": self.assignment_term_months, "reference": self.legal_basis}
        return doc


def _check_expressions(spec: ProgrammeSpec, names: dict[str, Any]) -> dict[str, list[str]]:
    """Compile every expression on its own, so that each error lands at its field."""
    errors: dict[str, list[str]] = {}
    person = {n for n, v in VARIABLES.items() if v.entity == "person"}
    fields = [(f"condition_{i}", c.expression, "bool") for i, c in enumerate(spec.conditions)]
    fields += [("amount", spec.amount, "number")]
    fields += [
        (f, getattr(spec, f), t) for f, t in (("kind", "str"), ("limit", "number")) if getattr(spec, f)
    ]
    for field, text, kind in fields:
        try:
            compiled = compile_expression(text, names, expect=kind)  # type: ignore[arg-type]
        except ExpressionError as exc:
            errors.setdefault(field, []).append(expression_error(exc))
            continue
        if spec.entity == "family":
            wrong = sorted(compiled.names & person)
            if wrong:
                errors.setdefault(field, []).append(
                    _(
                        "“%(name)s” is a variable of a person, and this programme is for families: count "
                        "it over the members (count_%(name)s) or make the programme one for persons."
                    )
                    % {"name": wrong[0]}
                )
    return errors


def _check_parameters_in_force(spec: ProgrammeSpec, jurisdiction: str, engine: Any) -> dict[str, list[str]]:
    """Every parameter the decision uses must have a value on its first day in its territory."""
    errors: dict[str, list[str]] = {}
    fields = [(f"condition_{i}", c.expression) for i, c in enumerate(spec.conditions)]
    fields += [("amount", spec.amount), ("kind", spec.kind), ("limit", spec.limit)]
    names = namespace(engine.parameters)
    for field, text in fields:
        if not text:
            continue
        for name in sorted(compile_expression(text, names).names - set(VARIABLES)):
            try:
                engine.resolve(name, spec.valid_from, jurisdiction)
            except MissingParameter as exc:
                errors.setdefault(field, []).append(rules_error(exc))
    return errors


def _check_spec(spec: ProgrammeSpec) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if not CODE.match(spec.code or ""):
        add("code", _("A code is lower-case Latin letters, digits, _ and ., e.g. balkhash.heating_aid."))
    for lang in ("kk", "ru", "en"):
        if not (spec.title.get(lang) or "").strip():
            add(f"title_{lang}", _("Give the title in this language."))
    if not spec.legal_basis.strip():
        add("legal_basis", _("Cite the council's decision: its date and number."))
    if spec.periodicity not in PERIODICITIES:
        add("periodicity", _("Choose how often the benefit is paid."))
    if spec.entity not in ("family", "person"):
        add("entity", _("Choose whether the benefit is for a family or a person."))
    if spec.assignment_term_months is not None and spec.assignment_term_months < 1:
        add("assignment_term_months", _("The term of an assignment is a whole number of months, at least 1."))
    if spec.valid_to is not None and spec.valid_to < spec.valid_from:
        add("valid_to", _("The end of the period is before its start."))
    if not spec.conditions:
        add("conditions", _("Give at least one condition."))
    for field, messages in _check_conditions(spec).items():
        errors.setdefault(field, []).extend(messages)
    return errors


def _check_conditions(spec: ProgrammeSpec) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    seen: set[str] = set()
    for i, condition in enumerate(spec.conditions):
        field = errors.setdefault(f"condition_{i}", [])
        if not NAME.match(condition.name):
            field.append(_("A condition's name is lower-case Latin letters, digits and _."))
        elif condition.name in seen:
            field.append(_("Two conditions have the same name."))
        seen.add(condition.name)
        if not all((condition.label.get(lang) or "").strip() for lang in ("kk", "ru", "en")):
            field.append(_("Explain the condition in Kazakh, Russian and English."))
    return {k: v for k, v in errors.items() if v}


def _refuse_identical(code: str, jurisdiction: str, valid_from: dt.date, document: dict[str, Any]) -> None:
    """The same decision entered twice (the same programme, territory, date and content, and not
    retired) is refused, naming the one already entered. The versions of the code are locked, so
    two administrators saving it at once see one win."""
    entered = ProgrammeVersion.objects.select_for_update(of=("self",)).filter(
        code=code, jurisdiction=jurisdiction, valid_from=valid_from, retirement__isnull=True
    )
    for version in entered.select_related("created_by"):
        if version.document == document:
            raise DomainError(
                _(
                    "This council decision was already entered on %(date)s by %(name)s (%(basis)s): "
                    "it is in force, nothing was saved."
                )
                % {
                    "date": version.created_at.strftime("%d.%m.%Y"),
                    "name": version.created_by.get_full_name() or version.created_by.username,
                    "basis": version.legal_basis,
                },
                field="legal_basis",
                code="duplicate",
            )


@transaction.atomic
def programme_version_add(*, actor: User, spec: ProgrammeSpec) -> ProgrammeVersion:
    """Enter a council decision: a programme (new, or a new version of one) in force from its date."""
    policy.require(actor, Capability.RULES_EDIT)
    if not spec.kato:
        raise ValidationFailed({"kato": [_("Choose the territory of the council that took the decision.")]})
    unit = kato_unit(spec.kato)
    require_legislation_territory(actor, unit, field="kato")
    jurisdiction = unit.prefix
    engine = loader.application_engine()
    names = namespace(engine.parameters)
    errors = _check_spec(spec)
    for field, messages in _check_expressions(spec, names).items():
        errors.setdefault(field, []).extend(messages)
    for p in engine.programmes:
        if p.code == spec.code and p.jurisdiction != jurisdiction:
            errors.setdefault("code", []).append(
                _("The code %(code)s belongs to a programme of another territory (%(region)s).")
                % {"code": spec.code, "region": p.jurisdiction or _("the whole country")}
            )
            break
    if errors:
        raise ValidationFailed(errors)
    parameter_errors = _check_parameters_in_force(spec, jurisdiction, engine)
    if parameter_errors:
        raise ValidationFailed(parameter_errors)
    document = spec.document(jurisdiction)
    _refuse_identical(spec.code, jurisdiction, spec.valid_from, document)
    try:
        programme = parse_programme(document, names, source=spec.code)
        supersede(engine.programmes, programme)
    except RulesError as exc:  # what the field checks above cannot see
        raise DomainError(rules_error(exc)) from None
    version = ProgrammeVersion(
        code=spec.code, kato=unit, jurisdiction=jurisdiction, valid_from=spec.valid_from,
        valid_to=spec.valid_to, legal_basis=spec.legal_basis.strip(), document=document, created_by=actor,
    )  # fmt: skip
    full_clean(version, exclude=["created_by"])
    version.save()
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=version,
        territory=jurisdiction,
        changes=created(
            {
                "code": spec.code,
                "valid_from": str(spec.valid_from),
                "valid_to": str(spec.valid_to) if spec.valid_to else None,
                "legal_basis": version.legal_basis,
                "conditions": [c.expression for c in spec.conditions],
                "amount": spec.amount,
            }
        ),  # fmt: skip
    )
    after_commit()
    return version


@transaction.atomic
def programme_version_retire(
    *, actor: User, version: ProgrammeVersion, effective_from: dt.date, reason: str
) -> ProgrammeRetirement:
    """End a council decision from a date (from its first day: it was entered in error)."""
    policy.require(actor, Capability.RULES_EDIT)
    version = ProgrammeVersion.objects.select_for_update().select_related("kato").get(pk=version.pk)
    require_legislation_territory(actor, version.kato, field="effective_from")
    if ProgrammeRetirement.objects.filter(version=version).exists():
        raise DomainError(_("This decision is already retired."), field="effective_from")
    if not (reason or "").strip():
        raise DomainError(_("A reason is required."), field="reason")
    if version.valid_to is not None and effective_from > version.valid_to:
        raise DomainError(_("The decision has ended by then already."), field="effective_from")
    effective_from = max(effective_from, version.valid_from)
    retirement = ProgrammeRetirement(
        version=version, effective_from=effective_from, reason=reason.strip(), created_by=actor
    )
    full_clean(retirement, exclude=["created_by", "version"])
    retirement.save()
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=retirement,
        territory=version.jurisdiction,
        changes=created({"version": version.pk, "code": version.code, "effective_from": str(effective_from)}),
        reason=retirement.reason,
    )
    after_commit()
    return retirement
