"""The microfinance organisations of the programme's second direction: an organisation registered by
its BIN, the centre's referral of a person to it, its decisions on the project (the microcredit
approved, financed or refused, the guarantee approved), one by one or from the organisation's file.

Each write checks the capability and the territory through the policy, runs in one transaction and
is audited (a refusal too). The decisions file is all or nothing: every row is checked and a file
with an error is refused whole, each error named by row and column (docs/import-format.md)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.common import audit as audit_log
from komek.common.audit import created
from komek.common.choices import AuditAction
from komek.common.errors import DomainError, NotFound
from komek.common.kato import kato_unit
from komek.common.refusals import audited_refusals
from komek.common.tables import RowError, TableRefused, read_rows
from komek.employment.bin import validate_bin
from komek.employment.choices import MicrocreditDecision
from komek.employment.models import MicrocreditDecisionRecord, MicrocreditReferral, MicrofinanceOrganisation
from komek.employment.services._checks import audit, manage, not_future, positive_int
from komek.registry.iin import InvalidIIN, parse_iin
from komek.registry.models import Person

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

DECISION_COLUMNS = ("referral", "iin", "decision", "decided_on", "amount")
MAX_ROWS = 20000
#: The words an organisation's file may use for a decision, besides the codes themselves.
DECISION_WORDS = {
    "одобрен": MicrocreditDecision.APPROVED,
    "одобрено": MicrocreditDecision.APPROVED,
    "мақұлданды": MicrocreditDecision.APPROVED,
    "профинансирован": MicrocreditDecision.FINANCED,
    "профинансировано": MicrocreditDecision.FINANCED,
    "қаржыландырылды": MicrocreditDecision.FINANCED,
    "отказ": MicrocreditDecision.REFUSED,
    "отказано": MicrocreditDecision.REFUSED,
    "бас тартылды": MicrocreditDecision.REFUSED,
    "гарантирование": MicrocreditDecision.GUARANTEE,
    "гарантия": MicrocreditDecision.GUARANTEE,
    "кепілдік": MicrocreditDecision.GUARANTEE,
}


class DecisionsImportRefused(TableRefused):
    """The organisation's decisions file has errors: nothing was written."""


def _text(value: str, field: str, limit: int = 250, *, required: bool = True) -> str:
    found = (value or "").strip()
    if required and not found:
        raise DomainError(_("This field is required."), field=field)
    if len(found) > limit:
        raise DomainError(_("At most %(limit)d characters.") % {"limit": limit}, field=field)
    return found


@audited_refusals("employment.microfinanceorganisation")
@transaction.atomic
def microfinance_organisation_register(
    *, actor: Actor, bin: str, name: str, kato: str
) -> MicrofinanceOrganisation:
    """A microfinance organisation of the territory, by its BIN (checked as every BIN in Komek)."""
    unit = kato_unit(kato)
    manage(actor, unit.code)
    code = validate_bin(bin)
    if MicrofinanceOrganisation.objects.filter(bin=code).exists():
        raise DomainError(_("An organisation with this BIN is registered already."), field="bin")
    organisation = MicrofinanceOrganisation.objects.create(bin=code, name=_text(name, "name"), kato=unit)
    audit(
        actor=actor,
        territory=unit.code,
        obj=organisation,
        changes=created({"bin": code, "name": organisation.name}),
    )
    return organisation


def _organisation(actor: Actor, organisation_id: int) -> MicrofinanceOrganisation:
    policy.require(actor, Capability.EMPLOYMENT_MANAGE)
    found = (
        MicrofinanceOrganisation.objects.filter(pk=organisation_id)
        .filter(policy.territory_q(actor, "kato__code"))
        .first()
    )
    if found is None:
        raise NotFound(_("No such microfinance organisation in your territory."))
    return found


def _person(actor: Actor, iin: str, field: str = "iin") -> Person:
    code = (iin or "").replace(" ", "")
    try:
        parse_iin(code)
    except InvalidIIN as exc:
        raise DomainError(str(exc), field=field) from None
    person = Person.objects.filter(iin=code).filter(policy.territory_q(actor, "kato__code")).first()
    if person is None:
        raise DomainError(_("No person with this IIN in your territory."), field=field)
    return person


@audited_refusals("employment.microcreditreferral", id_kwarg="organisation_id")
@transaction.atomic
def microcredit_referral_issue(
    *, actor: Actor, organisation_id: int, iin: str, referred_on: dt.date, project: str = ""
) -> MicrocreditReferral:
    """The centre's referral of a person of the registry with a project to an organisation."""
    organisation = _organisation(actor, organisation_id)
    person = _person(actor, iin)
    manage(actor, person.kato_id)
    not_future(referred_on, field="referred_on")
    referral = MicrocreditReferral.objects.create(
        organisation=organisation,
        person=person,
        kato_id=person.kato_id,
        referred_on=referred_on,
        project=_text(project, "project", required=False),
    )
    audit(
        actor=actor,
        territory=person.kato_id,
        obj=referral,
        person_id=person.pk,
        changes=created(
            {"organisation": organisation.pk, "referred_on": str(referred_on), "project": referral.project}
        ),
    )
    return referral


def _decision_errors(
    decision: str, decided_on: dt.date, amount: int, referral: MicrocreditReferral, taken: set[str]
) -> DomainError | None:
    """What is wrong with a decision on a referral that has the decisions ``taken`` (else None)."""
    if decision not in MicrocreditDecision.values:
        return DomainError(
            _("Write approved, financed, refused or guarantee."), field="decision", code="decision_unknown"
        )
    if decided_on < referral.referred_on:
        return DomainError(
            _("The decision cannot precede the referral of %(day)s.")
            % {"day": referral.referred_on.strftime("%d.%m.%Y")},
            field="decided_on",
        )
    if decision != MicrocreditDecision.REFUSED and amount <= 0:
        return DomainError(_("The amount must be positive."), field="amount")
    if decision in taken:
        return DomainError(_("This decision on the referral is recorded already."), field="decision")
    if decision == MicrocreditDecision.REFUSED and taken - {MicrocreditDecision.REFUSED}:
        return DomainError(_("The project was approved already; it cannot be refused."), field="decision")
    if decision != MicrocreditDecision.REFUSED and MicrocreditDecision.REFUSED in taken:
        return DomainError(_("The project was refused."), field="decision")
    return None


@audited_refusals("employment.microcreditdecision", id_kwarg="referral_id")
@transaction.atomic
def microcredit_decision_record(
    *,
    actor: Actor,
    referral_id: int,
    decision: str,
    decided_on: dt.date,
    amount: int = 0,
    organisation_id: int | None = None,
) -> MicrocreditDecisionRecord:
    """The organisation's decision on a referred project, with its date and amount in tenge (when
    ``organisation_id`` is given, the referral must be to that organisation)."""
    policy.require(actor, Capability.EMPLOYMENT_MANAGE)
    referral = (
        MicrocreditReferral.objects.select_for_update()
        .filter(pk=referral_id)
        .filter(policy.territory_q(actor, "kato__code"))
        .first()
    )
    if referral is None:
        raise NotFound(_("No such referral in your territory."))
    if organisation_id is not None and referral.organisation_id != organisation_id:
        raise DomainError(
            _("No referral with this number to this organisation in your territory."), field="referral_id"
        )
    manage(actor, referral.kato_id)
    not_future(decided_on, field="decided_on")
    amount = positive_int(amount, field="amount", allow_zero=True)
    taken = set(referral.decisions.values_list("decision", flat=True))
    error = _decision_errors(decision, decided_on, amount, referral, taken)
    if error is not None:
        raise error
    record = MicrocreditDecisionRecord.objects.create(
        referral=referral, decision=decision, decided_on=decided_on, amount=amount
    )
    audit(
        actor=actor,
        territory=referral.kato_id,
        obj=record,
        person_id=referral.person_id,
        changes=created(
            {"referral": referral.pk, "decision": decision, "decided_on": str(decided_on), "amount": amount}
        ),
    )
    return record


def _date(value: str, field: str) -> dt.date:
    text = (value or "").strip()
    if not text:
        raise DomainError(_("This field is required."), field=field)
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            day = dt.datetime.strptime(text[:10], fmt).date()  # noqa: DTZ007 (a calendar date)
        except ValueError:
            continue
        not_future(day, field=field)
        return day
    raise DomainError(_("Enter a date as YYYY-MM-DD or DD.MM.YYYY."), field=field)


def _amount(value: str) -> int:
    text = (value or "0").replace(" ", "").replace("\u00a0", "").removesuffix(".0")
    try:
        number = int(text)
    except ValueError:
        raise DomainError(_("Enter a whole number of tenge."), field="amount") from None
    if number < 0:
        raise DomainError(_("The amount must be positive."), field="amount")
    return number


def _parsed(line: int, values: dict[str, str]) -> dict[str, Any]:
    word = values["decision"].strip().lower()
    referral = values["referral"].strip().removesuffix(".0")
    if not referral.isdigit():
        raise DomainError(_("Enter the referral's number."), field="referral")
    iin = values["iin"].replace(" ", "")
    try:
        parse_iin(iin)
    except InvalidIIN as exc:
        raise DomainError(str(exc), field="iin") from None
    return {
        "line": line,
        "referral": int(referral),
        "iin": iin,
        "decision": DECISION_WORDS.get(word, word),
        "decided_on": _date(values["decided_on"], "decided_on"),
        "amount": _amount(values["amount"]),
    }


def _checked_decisions(
    actor: Actor, organisation: MicrofinanceOrganisation, rows: list[tuple[int, dict[str, str]]]
) -> tuple[list[dict[str, Any]], list[RowError]]:
    errors: list[RowError] = []
    clean: list[dict[str, Any]] = []
    for line, values in rows:
        try:
            clean.append(_parsed(line, values))
        except DomainError as exc:
            errors.append(RowError(line, exc.field or "", str(exc.message)))
    referrals = {
        r.pk: r
        for r in MicrocreditReferral.objects.select_related("person")
        .filter(organisation=organisation, pk__in={r["referral"] for r in clean})
        .filter(policy.territory_q(actor, "kato__code"))
    }
    taken: dict[int, set[str]] = {}
    for pk, decision in MicrocreditDecisionRecord.objects.filter(referral_id__in=referrals).values_list(
        "referral_id", "decision"
    ):
        taken.setdefault(pk, set()).add(decision)
    checked = []
    for row in clean:
        referral = referrals.get(row["referral"])
        if referral is None:
            message = _("No referral with this number to this organisation in your territory.")
            errors.append(RowError(row["line"], "referral", message))
            continue
        if referral.person.iin != row["iin"]:
            errors.append(RowError(row["line"], "iin", _("The referral was issued to another person.")))
            continue
        seen = taken.setdefault(referral.pk, set())
        error = _decision_errors(row["decision"], row["decided_on"], row["amount"], referral, seen)
        if error is not None:
            errors.append(RowError(row["line"], error.field or "", str(error.message)))
            continue
        seen.add(row["decision"])
        checked.append(row | {"referral": referral})
    return checked, sorted(errors, key=lambda e: (e.line, e.field))


@audited_refusals("employment.microcreditdecision", id_kwarg="organisation_id")
def microcredit_decisions_import(*, actor: Actor, organisation_id: int, content: bytes, filename: str) -> int:
    """The organisation's file of decisions (columns ``DECISION_COLUMNS``), all or nothing; returns
    the number of decisions recorded."""
    organisation = _organisation(actor, organisation_id)
    rows = read_rows(content, DECISION_COLUMNS, max_rows=MAX_ROWS)
    clean, errors = _checked_decisions(actor, organisation, rows)
    if errors:
        raise DecisionsImportRefused(errors)
    with transaction.atomic():
        made = MicrocreditDecisionRecord.objects.bulk_create(
            [
                MicrocreditDecisionRecord(
                    referral=r["referral"],
                    decision=r["decision"],
                    decided_on=r["decided_on"],
                    amount=r["amount"],
                )
                for r in clean
            ]
        )
        keys = {(r["referral"].pk, r["decision"]): r for r in clean}
        if any(m.pk is None for m in made):  # backends that do not return the keys of a bulk insert
            made = list(
                MicrocreditDecisionRecord.objects.filter(referral_id__in={k[0] for k in keys}).filter(
                    decision__in={k[1] for k in keys}
                )
            )
        entries = []
        for record in made:
            row = keys.get((record.referral_id, record.decision))
            if row is None:
                continue
            entries.append(
                audit_log.Entry(
                    object_id=record.pk,
                    person_id=row["referral"].person_id,
                    territory=row["referral"].kato_id,
                    changes=created(
                        {
                            "referral": record.referral_id,
                            "decision": record.decision,
                            "decided_on": str(record.decided_on),
                            "amount": record.amount,
                        }
                    ),
                )
            )
        audit_log.bulk(
            actor=actor,
            action=AuditAction.IMPORT,
            object_type="employment.microcreditdecision",
            reason=filename[:200],
            entries=entries,
        )
    return len(clean)
