"""Entering a parameter's value from a date, for a region or the whole country."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.accounts.models import User
from komek.common import audit
from komek.common.audit import created
from komek.common.choices import AuditAction
from komek.common.errors import DomainError
from komek.common.kato import kato_unit
from komek.common.validation import full_clean, today
from komek.legislation import loader
from komek.legislation.models import ParameterValueRecord
from komek.legislation.services._checks import MAX_VALUE, NAME, after_commit, require_legislation_territory
from komek.legislation.services._plausible import check_plausible
from komek.rules.catalogue import VARIABLES
from komek.rules.computed import COMPUTED
from komek.rules.expressions import FUNCTIONS

if TYPE_CHECKING:
    from komek.accounts.policy import Actor


@transaction.atomic
def parameter_value_add(
    *,
    actor: Actor,
    name: str,
    value: Decimal,
    valid_from: dt.date,
    reference: str,
    valid_to: dt.date | None = None,
    kato: str = "",
    purpose: str = "",
    new: bool = False,
    entered_by: User | None = None,
) -> ParameterValueRecord:
    """Add a value of a parameter from a date (for the region of ``kato``, or the whole country).

    A value already in force is never replaced: a value for the same name, region, purpose and
    date is accepted only while that date is still ahead, so no calculation can have used the one
    it replaces. ``new`` introduces a parameter the legislation does not have yet. The record names
    the member of staff who entered it: the actor, or ``entered_by`` when the system enters it for
    them (the demo).
    """
    policy.require(actor, Capability.RULES_EDIT)
    author = entered_by or actor
    if not isinstance(author, User):
        raise TypeError("A value entered by the system names the member of staff it is entered for.")
    name = (name or "").strip()
    engine = loader.application_engine()
    if not NAME.match(name):
        raise DomainError(_("A parameter name is lower-case Latin letters, digits and _."), field="name")
    if name in VARIABLES or name in COMPUTED or name in FUNCTIONS:
        raise DomainError(_("“%(name)s” is a variable, not a parameter.") % {"name": name}, field="name")
    if name not in engine.parameters.names and not new:
        raise DomainError(
            _("There is no parameter “%(name)s”; tick “new parameter” to introduce one.") % {"name": name},
            field="name",
        )
    if not value.is_finite() or abs(value) >= MAX_VALUE:
        raise DomainError(_("Enter a number."), field="value")
    if valid_to is not None and valid_to < valid_from:
        raise DomainError(_("The end of the period is before its start."), field="valid_to")
    if not (reference or "").strip():
        raise DomainError(_("Cite the legal act the value comes from."), field="reference")
    unit = kato_unit(kato) if kato else None
    require_legislation_territory(actor, unit, field="kato")
    region = unit.prefix if unit else ""
    purpose = (purpose or "").strip()
    check_plausible(engine.parameters, name=name, value=value, valid_from=valid_from, region=region,
                    purpose=purpose)  # fmt: skip
    same = [
        v
        for v in engine.parameters.values(name)
        if (v.region, v.purpose, v.valid_from) == (region, purpose, valid_from)
    ]
    if same and valid_from <= today():
        raise DomainError(
            _(
                "A value of %(name)s from %(date)s is already in force and may have been used by "
                "calculations; add a new value from a later date instead."
            )
            % {"name": name, "date": valid_from.strftime("%d.%m.%Y")},
            field="valid_from",
        )
    record = ParameterValueRecord(
        name=name, value=value, valid_from=valid_from, valid_to=valid_to, region=region, purpose=purpose,
        reference=reference.strip(), created_by=author,
    )  # fmt: skip
    full_clean(record, exclude=["created_by"])
    record.save()
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=record,
        territory=region,
        changes=created(
            {
                "name": name,
                "value": str(value),
                "valid_from": str(valid_from),
                "valid_to": str(valid_to) if valid_to else None,
                "region": region,
                "purpose": purpose,
                "replaces": str(same[0].value) if same else None,
            }
        ),  # fmt: skip
    )
    after_commit()
    return record
