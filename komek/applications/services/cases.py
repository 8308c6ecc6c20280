"""Processing a case: verification of documents and incomes, the rules engine's calculation with
its explanation kept on the case, routing to the commission, documents brought after a return."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import polars as pl
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.applications.choices import OPEN_STATUSES, Status
from komek.applications.models import Application
from komek.applications.services._common import bump, locked_case, log, log_refusal, now, staff
from komek.applications.services.housing import receipts_frame
from komek.common.errors import DomainError
from komek.legislation import loader
from komek.legislation.population import registry_population
from komek.legislation.rule_errors import rules_error
from komek.registry.models import Membership
from komek.rules.errors import RulesError
from komek.rules.explain import calculate
from komek.rules.population import Population
from komek.rules.situation import Situation

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

WORKABLE = (Status.IN_REVIEW, Status.REGISTERED)
# The kind of a programme whose amount is the invoice (the legislation's ``kind: '"actual_costs"'``).
ACTUAL_COSTS = "actual_costs"


def _workable(app: Application, actor: Actor) -> None:
    if app.status not in WORKABLE:
        raise DomainError(
            _("Application %(number)s is %(status)s: this step is not possible now.")
            % {"number": app.number, "status": app.get_status_display()},
            code="status",
        )


def application_verify(
    *,
    actor: Actor,
    application_id: int,
    version: int | None,
    documents: Iterable[str],
    incomes_checked: bool,
    note: str = "",
    ip_address: str | None = None,
) -> Application:
    """Record that every presented document was checked and the incomes verified."""
    policy.require(actor, Capability.CASE_PROCESS)
    with transaction.atomic():
        app = locked_case(actor=actor, application_id=application_id, version=version)
        _workable(app, actor)
        checked = set(documents)
        unchecked = [c for c in app.documents if c not in checked]
        if unchecked:
            raise DomainError(
                _("Check every presented document first: %(codes)s.") % {"codes": ", ".join(unchecked)},
                field="documents",
            )
        if not incomes_checked:
            raise DomainError(_("Confirm that the incomes were verified."), field="incomes_checked")
        app.verified_at = now()
        app.verification_note = note.strip()
        if app.caseworker_id is None:
            app.caseworker = staff(actor)
        app.status = Status.IN_REVIEW
        bump(app)
        app.save()
        log(
            application=app,
            actor=actor,
            kind="verified",
            changes={
                "verified_at": [None, app.verified_at.isoformat()],
                "documents": [None, sorted(checked)],
            },
            note=app.verification_note,
            ip_address=ip_address,
        )
    return app


def _population(app: Application, on: dt.date) -> Population:
    """The registry's population of the applicant's family on the date, with what the application
    states and the registry does not hold: the circumstances of the situation, the declared housing
    costs and the housing receipts entered on the case."""
    family_id = app.family_id
    if family_id is None:
        membership = Membership.objects.filter(person_id=app.applicant_id, valid_to__isnull=True).first()
        family_id = membership.family_id if membership else None
    if family_id is None:
        raise DomainError(
            _("The applicant belongs to no family in the registry: register the family first."),
            field="family",
        )
    population = registry_population(on=on, family_ids=[family_id])
    # The circumstances recorded in the registry and those the application states count together.
    families = population.families.with_columns(
        pl.col("circumstances")
        .list.concat(pl.lit(list(app.circumstances), dtype=pl.List(pl.String)))
        .list.unique()
        .list.sort()
        .alias("circumstances"),
        pl.lit(float(app.housing_costs)).alias("housing_costs"),
    )
    return Population(
        persons=population.persons,
        families=families,
        incomes=population.incomes,
        receipts=receipts_frame(app, family_id),
    )


def calculation_of(app: Application, language: str, programme: str = "") -> dict[str, Any]:
    """The engine's result for the service's programmes in force in the applicant's region, or for
    the one applied for (``programme``): a tuberculosis patient's case is not held up by a
    parameter that only another programme of the service needs."""
    engine = loader.application_engine()
    on = timezone.localtime(app.received_at).date()
    population = _population(app, on)
    if population.persons.height == 0:
        raise DomainError(_("The applicant's family has no members on the date of the application."))
    region = str(population.families["region"][0])
    codes = [
        p.code
        for p in engine.in_force(on)
        if p.code in app.service.programmes and p.in_force(on, region) and p.code == (programme or p.code)
    ]
    if not codes:
        return {"date": on.isoformat(), "region": region, "programmes": {}, "parameters": {},
                "parameter_versions": []}  # fmt: skip
    ids = population.persons["person_id"].to_list()
    names = {
        m.person_id: m.person.full_name
        for m in Membership.objects.filter(person_id__in=ids, valid_to__isnull=True).select_related("person")
    }
    situation = Situation(on=on, region=region, population=population, person_keys=names, programmes=codes)
    try:
        return calculate(engine, situation, language)
    except RulesError as exc:
        raise DomainError(rules_error(exc), code="rules") from None


def best_programme(result: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """The eligible programme with the highest amount (the one the decision assigns)."""
    eligible = [(code, p) for code, p in result.get("programmes", {}).items() if p.get("eligible")]
    if not eligible:
        return None
    return max(eligible, key=lambda item: (int(item[1].get("amount") or 0), item[0]))


def chosen_programme(result: dict[str, Any], programme: str) -> tuple[str, dict[str, Any]] | None:
    """The programme the applicant applies for, when named (one of the service's programmes in
    force, and eligible), else the best entitlement. A service of several programmes needs the
    choice: a family whose dwelling burnt and who lost a member gets the assistance for each (the
    one for the dwelling is larger), a tuberculosis patient the food package and the one-time
    assistance, a TSA family the guaranteed social package besides TSA."""
    if not programme:
        return best_programme(result)
    found = (result.get("programmes") or {}).get(programme)
    if found is None:
        raise DomainError(
            _("“%(code)s” is not a programme of this service in force on the date of the application.")
            % {"code": programme},
            field="programme",
        )
    if not found.get("eligible"):
        raise DomainError(
            _("The applicant is not entitled to “%(programme)s” on the date of the application: "
              "calculate without choosing a programme to see why.")
            % {"programme": found.get("title") or programme},
            field="programme",
        )  # fmt: skip
    return programme, found


def refuse_second_open_programme(app: Application, programme: str, title: str) -> None:
    """A family has one open application per programme: the calculation of a second one names the
    first (refuse this case or continue that one)."""
    if app.family_id is None:
        return
    other = (
        Application.objects.filter(family_id=app.family_id, programme=programme, status__in=OPEN_STATUSES)
        .exclude(pk=app.pk)
        .first()
    )
    if other is not None:
        raise DomainError(
            _(
                "The family already has an open application %(number)s for “%(programme)s”: "
                "continue that case, or refuse this one."
            )
            % {"number": other.number, "programme": title},
            code="second_open",
        )


def application_calculate(
    *,
    actor: Actor,
    application_id: int,
    version: int | None,
    programme: str = "",
    ip_address: str | None = None,
) -> Application:
    """Run the rules engine on the case and keep its explanation (a snapshot: later changes of the
    legislation do not alter what the decision was based on). ``programme``: the one applied for
    (``chosen_programme``); a choice refused writes nothing but its audit row."""
    try:
        return _calculate(actor=actor, application_id=application_id, version=version,
                          programme=(programme or "").strip(), ip_address=ip_address)  # fmt: skip
    except DomainError as exc:
        if exc.field == "programme":
            log_refusal(actor=actor, application_id=application_id, step="calculate", exc=exc,
                        attempt={"programme": programme}, ip_address=ip_address)  # fmt: skip
        raise


def _calculate(
    *, actor: Actor, application_id: int, version: int | None, programme: str, ip_address: str | None
) -> Application:
    policy.require(actor, Capability.CASE_PROCESS)
    with transaction.atomic():
        app = locked_case(actor=actor, application_id=application_id, version=version)
        _workable(app, actor)
        if app.verified_at is None:
            raise DomainError(_("Verify the documents and incomes before the calculation."), code="status")
        result = calculation_of(app, (get_language() or app.language)[:2], programme)
        best = chosen_programme(result, programme)
        if best is not None:
            refuse_second_open_programme(app, best[0], str(best[1].get("title") or best[0]))
        app.calculation = result
        app.calculated_at = now()
        app.programme = best[0] if best else ""
        app.programme_kind = str(best[1].get("kind") or "") if best else ""
        app.periodicity = str(best[1].get("period") or "") if best else ""
        app.calculated_amount = int(best[1]["amount"]) if best else 0
        # The decided amount may not exceed what the engine gives on the date; for programmes "up
        # to N MCI" the engine's amount is that cap (see the ADR). A programme that pays the actual
        # costs (its kind in the legislation: the gas connection, the Leningrad journey) has no
        # amount of its own: the decision enters the invoice, with no limit from the rule.
        app.amount_limit = None if app.programme_kind == ACTUAL_COSTS else app.calculated_amount
        mci = (result.get("parameters") or {}).get("mci")
        app.mci = int(mci) if mci else None
        bump(app)
        app.save()
        log(
            application=app,
            actor=actor,
            kind="calculated",
            changes={
                "programme": [None, app.programme],
                "calculated_amount": [None, app.calculated_amount],
                "parameter_versions": [None, len(result.get("parameter_versions", []))],
            },  # fmt: skip
            ip_address=ip_address,
        )
    return app


def application_to_commission(
    *, actor: Actor, application_id: int, version: int | None, ip_address: str | None = None
) -> Application:
    """Send a calculated case of a commission-decided service to the commission's next agenda."""
    policy.require(actor, Capability.CASE_PROCESS)
    with transaction.atomic():
        app = locked_case(actor=actor, application_id=application_id, version=version)
        _workable(app, actor)
        if not app.service.commission:
            raise DomainError(_("A commission does not decide this service."), code="status")
        if app.calculated_at is None:
            raise DomainError(_("Calculate the entitlement before sending the case to the commission."))
        app.status = Status.COMMISSION
        bump(app)
        app.save()
        log(application=app, actor=actor, kind="to_commission",
            changes={"status": [Status.IN_REVIEW, Status.COMMISSION]}, ip_address=ip_address)  # fmt: skip
    return app


def application_documents_brought(
    *,
    actor: Actor,
    application_id: int,
    version: int | None,
    documents: Iterable[str],
    ip_address: str | None = None,
) -> Application:
    """The applicant brought what a return asked for: the case is reviewed again."""
    policy.require(actor, Capability.CASE_PROCESS)
    with transaction.atomic():
        app = locked_case(actor=actor, application_id=application_id, version=version)
        if app.status != Status.RETURNED:
            raise DomainError(_("The case was not returned for documents."), code="status")
        brought = set(documents)
        still = [c for c in app.missing_documents if c not in brought]
        if still:
            raise DomainError(_("Still missing: %(codes)s.") % {"codes": ", ".join(still)}, field="documents")
        app.documents = sorted(set(app.documents) | brought)
        app.status = Status.IN_REVIEW
        app.decision = ""
        app.missing_documents = []
        app.verified_at = None
        app.calculated_at = None
        bump(app)
        app.save()
        log(application=app, actor=actor, kind="documents_brought",
            changes={"documents": [None, sorted(brought)]}, ip_address=ip_address)  # fmt: skip
    return app
