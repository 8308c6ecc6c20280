"""The tripartite commission's members by side and the agreement on social partnership with its
amendments (the town's or region's agreement of the government, the employers and the workers)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.commissions.choices import AgreementLevel, Side
from komek.commissions.models import Agreement, Amendment, PartyMember
from komek.commissions.services._input import date_of, day_of, fmt, territory, text
from komek.common import audit
from komek.common.choices import AuditAction
from komek.common.errors import DomainError
from komek.common.refusals import audited_refusals

if TYPE_CHECKING:
    from komek.accounts.policy import Actor


@audited_refusals("commissions.partymember")
def party_member_add(
    *, actor: Actor, kato: Any, side: Any, full_name: Any, organisation: Any, since: Any, position: Any = ""
) -> PartyMember:
    """A member of the tripartite commission of the territory for a side."""
    policy.require(actor, Capability.COMMISSION_MANAGE)
    if str(side or "") not in Side.values:
        raise DomainError(_("Choose the side."), field="side")
    name = text(full_name, "full_name", limit=200)
    where = text(organisation, "organisation", limit=200)
    post = text(position, "position", required=False, limit=200)
    day = day_of(since, "since")
    unit = territory(actor, kato)
    with transaction.atomic():
        found = PartyMember.objects.create(
            kato=unit, side=str(side), full_name=name, organisation=where, position=post, since=day
        )
        audit.record(
            actor=actor, action=AuditAction.CREATE, obj=found, territory=unit.code,
            changes=audit.created(audit.snapshot(found, ("kato", "side", "organisation", "since"))),
        )  # fmt: skip
    return found


@audited_refusals("commissions.agreement")
def agreement_record(
    *,
    actor: Actor,
    kato: Any,
    level: Any,
    number: Any,
    signed_on: Any,
    valid_from: Any,
    valid_to: Any,
    parties: Any,
) -> Agreement:
    """The agreement on social partnership the territory's tripartite commission works under."""
    policy.require(actor, Capability.COMMISSION_MANAGE)
    if str(level or "") not in AgreementLevel.values:
        raise DomainError(_("Choose the level of the agreement."), field="level")
    code = text(number, "number", limit=40)
    who = text(parties, "parties", limit=4000)
    day = day_of(signed_on, "signed_on")
    begin = date_of(valid_from, "valid_from")
    end = date_of(valid_to, "valid_to")  # concluded for years ahead
    assert begin is not None and end is not None  # noqa: S101 (required)
    if end < begin:
        raise DomainError(_("The agreement ends before it begins."), field="valid_to")
    unit = territory(actor, kato)
    with transaction.atomic():
        if Agreement.objects.filter(kato=unit, number=code).exists():
            raise DomainError(_("An agreement with this number is recorded already."), field="number")
        found = Agreement.objects.create(
            kato=unit,
            level=str(level),
            number=code,
            signed_on=day,
            valid_from=begin,
            valid_to=end,
            parties=who,
        )
        audit.record(
            actor=actor, action=AuditAction.CREATE, obj=found, territory=unit.code,
            changes=audit.created(
                audit.snapshot(found, ("kato", "level", "number", "signed_on", "valid_to"))
            ),
        )  # fmt: skip
    return found


@audited_refusals("commissions.agreement", id_kwarg="agreement_id")
def amendment_record(
    *, actor: Actor, agreement_id: Any, number: Any, signed_on: Any, summary: Any
) -> Amendment:
    """An amendment to the agreement, signed within its term."""
    policy.require(actor, Capability.COMMISSION_MANAGE)
    code = text(number, "number", limit=40)
    what = text(summary, "summary", limit=4000)
    day = day_of(signed_on, "signed_on")
    with transaction.atomic():
        agreement = Agreement.objects.select_for_update().filter(pk=agreement_id).first()
        if agreement is None or not policy.in_territory(actor, agreement.kato_id):
            raise DomainError(_("No such agreement in your territory."), field="agreement")
        if day < agreement.signed_on or day > agreement.valid_to:
            raise DomainError(
                _(
                    "The agreement was signed on %(signed)s and is valid until %(until)s: "
                    "an amendment is signed between."
                )
                % {"signed": fmt(agreement.signed_on), "until": fmt(agreement.valid_to)},
                field="signed_on",
            )
        found = Amendment.objects.create(agreement=agreement, number=code, signed_on=day, summary=what)
        audit.record(
            actor=actor, action=AuditAction.CREATE, obj=found, territory=agreement.kato_id,
            changes=audit.created(
                {"agreement": agreement.number, "number": code, "signed_on": day.isoformat()}
            ),
        )  # fmt: skip
    return found
