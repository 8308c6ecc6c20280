"""Deciding a case: assign (amount within the programme's limit, period, bank details), refuse with
a reason of the reference list, or return for documents; the applicant's letter; appeals.

The assignment itself belongs to the benefits context: ``_create_assignment`` is the one place that
calls its contract (``komek.benefits.services.assignment_create``), inside the decision's
transaction, so a refused assignment leaves the decision unwritten too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.accounts.models import User
from komek.applications.choices import CASE_DECISIONS, AppealOutcome, Decision, Status
from komek.applications.letters import letter_content
from komek.applications.models import Appeal, Application, Notification, RefusalReason
from komek.applications.services._common import bump, locked_case, log, log_refusal, now, staff
from komek.benefits.accounts import bank_account_check
from komek.common import periods
from komek.common.errors import DomainError
from komek.common.money import format_tenge
from komek.common.validation import today
from komek.employment.selectors.contracts import social_contract_for_tsa
from komek.employment.services.contracts import social_contract_link_assignment
from komek.legislation import loader
from komek.rules.errors import RulesError
from komek.rules.schedule import amount_multiple, assignment_term_months, payment_span_months, version_on

if TYPE_CHECKING:
    from komek.accounts.policy import Actor
    from komek.employment.models import SocialContract
    from komek.rules.programmes import Programme


def _version(app: Application, on: dt.date) -> Programme | None:
    """The version of the case's programme in force on ``on`` where the applicant lives, if any."""
    try:
        return version_on(loader.application_engine(), app.programme, on, app.kato_id)
    except RulesError:
        return None


def default_period(app: Application) -> tuple[dt.date, dt.date]:
    """From the first day of the month of the application, for the term the programme's legislation
    assigns it for (``assignment_term``: a quarter for TSA and housing assistance, one month for a
    one-time payment); a case without a programme in force, for the months one payment covers."""
    start = periods.month_start(timezone.localtime(app.received_at).date())
    version = _version(app, start) if app.programme else None
    months = assignment_term_months(version) if version else payment_span_months(app.periodicity or "once")
    return start, periods.add_months(start, months) - dt.timedelta(days=1)


def assignment_kind(app: Application) -> str:
    """Assistance in kind for a programme whose legislation says so (``form: in_kind``: the
    assignment records the provision and its cost, the payroll pays nobody for it); conditional or
    unconditional cash assistance for a programme whose legislation ties a kind to a social contract
    (``social_contract_kinds``); else a one-time or a regular benefit."""
    on = app.period_start or periods.month_start(timezone.localtime(app.received_at).date())
    version = _version(app, on)
    if version is not None and version.facts.form == "in_kind":
        return "in_kind"
    contract_kinds = version.facts.social_contract_kinds if version is not None else ()
    if contract_kinds:
        return "tsa_conditional" if app.programme_kind in contract_kinds else "tsa_unconditional"
    return "one_time" if app.periodicity == "once" else "regular"


def _entity(app: Application) -> str:
    programmes = (app.calculation or {}).get("programmes") or {}
    steps = (programmes.get(app.programme) or {}).get("explanation") or []
    return "person" if any("person" in step for step in steps) else "family"


def _eligible_rows(app: Application) -> list[dict[str, Any]]:
    """The values of the amount of each eligible row of the case's programme (its family, or each
    member entitled), as the calculation explained them."""
    programmes = (app.calculation or {}).get("programmes") or {}
    steps = (programmes.get(app.programme) or {}).get("explanation") or []
    rows: list[dict[str, Any]] = []
    passed = True
    for step in steps:
        if step.get("step") == "condition":
            passed = passed and step.get("result") is True
        elif step.get("step") == "amount":
            if passed:
                rows.append(dict(step.get("values") or {}))
            passed = True
    return rows


def amount_in_parameter(app: Application) -> tuple[str, Decimal] | None:
    """``(parameter, multiple)``: the decided amount as a multiple of the dated parameter the
    programme's amount is proportional to ("12 MCI a month", "2 subsistence minimums a month"), so
    that a payment after a change of its value pays the new value (ADR 0012, "Amounts on the
    payment date, one way"); None for an amount of another kind. An amount decided below the
    entitlement keeps its proportion of it."""
    date = (app.calculation or {}).get("date")
    version = _version(app, dt.date.fromisoformat(date)) if date else None
    found = amount_multiple(version, _eligible_rows(app)) if version is not None else None
    if found is None or not app.decided_amount or not app.calculated_amount:
        return None
    parameter, multiple = found
    if app.decided_amount != app.calculated_amount:
        multiple = multiple * app.decided_amount / app.calculated_amount
    return parameter, multiple.quantize(Decimal("0.0001"))


def _create_assignment(app: Application, *, actor: User, contract: SocialContract | None = None) -> int:
    """The benefits contract's ``assignment_create`` for an assign decision; returns its id. A
    conditional TSA assignment names the social ``contract`` it rests on, and the contract is linked
    back to it (the employment centre's sanction suspends the assignment the contract names)."""
    from komek.benefits import services as benefit_services

    person = _entity(app) == "person"
    if app.period_start is None or app.period_end is None:
        raise DomainError(_("Enter the period of the assignment."), field="period_start")
    # A commission's decision is carried out by the department: when the secretary who signed the
    # protocol may not manage assignments, the case's caseworker is the one who assigns.
    if not policy.can(actor, Capability.ASSIGNMENT_MANAGE) and app.caseworker is not None:
        actor = app.caseworker
    multiple = amount_in_parameter(app)
    assignment = benefit_services.assignment_create(
        actor=actor,
        programme=app.programme,
        family_id=None if person else app.family_id,
        person_id=app.applicant_id if person else None,
        recipient_id=app.applicant_id,
        kind=assignment_kind(app),
        monthly_amount=int(app.decided_amount or 0),
        period_start=app.period_start,
        period_end=app.period_end,
        bank_bic=app.bank_bic,
        iban=app.iban,
        basis=app.number,
        application_id=app.pk,
        social_contract_ref=contract.number if contract is not None else "",
        amount_limit=app.amount_limit,
        amount_mci=multiple[1] if multiple is not None else None,
        amount_parameter=multiple[0] if multiple is not None else "",
    )
    if contract is not None:
        social_contract_link_assignment(actor=actor, contract_id=contract.pk, assignment_id=assignment.pk)
    return int(assignment.pk)


def _check_assign(
    app: Application, amount: int | None, period_start: dt.date | None, period_end: dt.date | None
) -> tuple[int, dt.date, dt.date]:
    if app.calculated_at is None or app.calculation is None:
        raise DomainError(_("Calculate the entitlement before assigning."), code="status")
    if not app.programme:
        raise DomainError(
            _("The calculation found no programme the applicant is entitled to: refuse or return the case."),
            field="decision",
        )
    if amount is None:
        raise DomainError(_("Enter the amount."), field="amount")
    if amount <= 0:
        raise DomainError(_("The amount must be positive."), field="amount")
    # No limit: a programme that pays the actual costs (the invoice) gives none (cases.py).
    limit = app.amount_limit
    if limit is not None and amount > limit:
        raise DomainError(
            _("The amount %(amount)s ₸ is above the programme's limit of %(limit)s ₸ on the date.")
            % {"amount": format_tenge(amount, sign=""), "limit": format_tenge(limit, sign="")},
            field="amount",
            code="above_limit",
        )
    if period_start is None or period_end is None:
        raise DomainError(_("Enter the period of the assignment."), field="period_start")
    if period_end < period_start:
        raise DomainError(_("The end of the period is before its start."), field="period_end")
    if not app.bank_bic or not app.iban:
        raise DomainError(_("Enter the applicant's bank details (BIC and IBAN)."), field="iban")
    return amount, period_start, period_end


def application_decide(
    *,
    actor: User,
    application_id: int,
    version: int | None,
    decision: str,
    amount: int | None = None,
    period_start: dt.date | None = None,
    period_end: dt.date | None = None,
    refusal_reason: str = "",
    missing_documents: Iterable[str] = (),
    note: str = "",
    bank_bic: str = "",
    iban: str = "",
    social_contract_ref: str = "",
    via_commission: bool = False,
    protocol_number: str = "",
    ip_address: str | None = None,
) -> Application:
    """Decide the case. Exactly one of two concurrent decisions wins: the case is locked and its
    version compared; the other gets a message naming the decision already taken. A refused
    decision writes nothing but its audit row."""
    try:
        return _decide(
            actor=actor, application_id=application_id, version=version, decision=decision, amount=amount,
            period_start=period_start, period_end=period_end, refusal_reason=refusal_reason,
            missing_documents=missing_documents, note=note, bank_bic=bank_bic, iban=iban,
            social_contract_ref=social_contract_ref, via_commission=via_commission,
            protocol_number=protocol_number, ip_address=ip_address,
        )  # fmt: skip
    except DomainError as exc:
        attempt = {
            "decision": decision,
            "amount": amount,
            "refusal_reason": refusal_reason,
            "version": version,
        }
        tried = {k: v for k, v in attempt.items() if v not in (None, "")}
        log_refusal(
            actor=actor, application_id=application_id, step="decide", exc=exc, attempt=tried,
            ip_address=ip_address,
        )  # fmt: skip
        raise


def _decide(
    *,
    actor: User,
    application_id: int,
    version: int | None,
    decision: str,
    amount: int | None,
    period_start: dt.date | None,
    period_end: dt.date | None,
    refusal_reason: str,
    missing_documents: Iterable[str],
    note: str,
    bank_bic: str,
    iban: str,
    social_contract_ref: str,
    via_commission: bool,
    protocol_number: str,
    ip_address: str | None,
) -> Application:
    if not via_commission:
        policy.require(actor, Capability.CASE_PROCESS)
    if decision not in CASE_DECISIONS:
        raise DomainError(_("Choose a decision."), field="decision")
    with transaction.atomic():
        app = locked_case(actor=actor, application_id=application_id, version=version)
        expected = Status.COMMISSION if via_commission else Status.IN_REVIEW
        if app.status != expected:
            raise DomainError(
                _("Application %(number)s is already %(status)s: it cannot be decided now.")
                % {"number": app.number, "status": app.get_status_display()},
                code="status",
            )
        if app.service.commission and not via_commission and decision == Decision.ASSIGN:
            raise DomainError(
                _("The commission decides this service: send the case to the commission."), field="decision"
            )
        if bank_bic or iban:
            account = bank_account_check(bic=bank_bic or app.bank_bic, iban=iban or app.iban)
            app.bank_bic, app.iban = account.bic, account.iban
        changes: dict[str, Any] = {"decision": [None, decision]}
        contract: SocialContract | None = None
        if decision == Decision.ASSIGN:
            amount, start, end = _check_assign(app, amount, period_start, period_end)
            if assignment_kind(app) == "tsa_conditional":
                # The reference must name a signed contract of this family in force (not a number
                # typed from memory): the employment centre, below us, says which.
                contract = social_contract_for_tsa(
                    actor=actor, family_id=app.family_id, number=social_contract_ref, on=today()
                )
            app.decided_amount, app.period_start, app.period_end = amount, start, end
            app.status = Status.ASSIGNED
            changes.update({
                "decided_amount": [None, amount], "period_start": [None, start.isoformat()],
                "period_end": [None, end.isoformat()], "programme": [None, app.programme],
            })  # fmt: skip
        elif decision == Decision.REFUSE:
            reason = RefusalReason.objects.filter(code=refusal_reason, active=True).first()
            if reason is None:
                raise DomainError(
                    _("Choose the reason of the refusal from the list."), field="refusal_reason"
                )
            app.refusal_reason = reason
            app.decided_amount = None
            app.status = Status.REFUSED
            changes["refusal_reason"] = [None, reason.code]
        else:
            wanted = sorted(set(missing_documents))
            known = {d.code for d in app.service.documents.all()}
            if not wanted or any(c not in known for c in wanted):
                raise DomainError(
                    _("List the documents the applicant must bring (from the service's checklist)."),
                    field="missing_documents",
                )
            app.missing_documents = wanted
            app.status = Status.RETURNED
            changes["missing_documents"] = [None, wanted]
        app.decision = decision
        app.decision_note = note.strip()
        app.protocol_number = protocol_number if via_commission else ""
        app.decided_by = staff(actor)
        app.decided_at = now()
        bump(app)
        app.save()
        if decision == Decision.ASSIGN:
            app.assignment_id = _create_assignment(app, actor=actor, contract=contract)
            app.save(update_fields=["assignment_id"])
            changes["assignment"] = [None, app.assignment_id]
        Notification.objects.create(
            application=app, decision=decision, language=app.language, content=letter_content(app)
        )
        log(application=app, actor=actor, kind=f"decided_{decision}", changes=changes,
            note=app.decision_note, ip_address=ip_address)  # fmt: skip
    return app


def application_appeal(
    *, actor: Actor, application_id: int, grounds: str, ip_address: str | None = None
) -> Appeal:
    """Record the applicant's appeal of a refusal."""
    policy.require(actor, Capability.APPLICATION_INTAKE)
    if not grounds.strip():
        raise DomainError(_("State the grounds of the appeal."), field="grounds")
    with transaction.atomic():
        app = locked_case(actor=actor, application_id=application_id, version=None)
        if app.status != Status.REFUSED:
            raise DomainError(_("Only a refusal can be appealed."), code="status")
        appeal = Appeal.objects.create(application=app, grounds=grounds.strip())
        app.status = Status.APPEALED
        bump(app)
        app.save()
        log(application=app, actor=actor, kind="appealed", changes={"appeal": [None, appeal.pk]},
            note=appeal.grounds, ip_address=ip_address)  # fmt: skip
    return appeal


def appeal_decide(
    *, actor: Actor, appeal_id: int, upheld: bool, note: str = "", ip_address: str | None = None
) -> Appeal:
    """The head of the department upholds an appeal (the case is reviewed again by its caseworker)
    or dismisses it (the refusal stands)."""
    policy.require(actor, Capability.CASE_DISTRIBUTE)
    appeal = Appeal.objects.filter(pk=appeal_id).first()
    if appeal is None:
        raise DomainError(_("No such appeal."), field="appeal")
    with transaction.atomic():
        app = locked_case(actor=actor, application_id=appeal.application_id, version=None)
        appeal = Appeal.objects.select_for_update().get(pk=appeal_id)
        if appeal.outcome != AppealOutcome.PENDING or app.status != Status.APPEALED:
            raise DomainError(_("This appeal has already been decided."), code="status")
        appeal.outcome = AppealOutcome.UPHELD if upheld else AppealOutcome.DISMISSED
        appeal.outcome_note = note.strip()
        appeal.decided_at = now()
        appeal.decided_by = staff(actor)
        appeal.save()
        if upheld:
            app.status = Status.IN_REVIEW
            app.decision = ""
            app.refusal_reason = None
            app.calculated_at = None
        else:
            app.status = Status.REFUSED
        bump(app)
        app.save()
        log(application=app, actor=actor, kind="appeal_" + appeal.outcome,
            changes={"appeal": [appeal.pk, appeal.outcome]}, note=appeal.outcome_note,
            ip_address=ip_address)  # fmt: skip
    return appeal
