"""Employers and their agreements."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from komek.common.audit import created
from komek.common.errors import DomainError
from komek.common.kato import kato_unit
from komek.employment.bin import validate_bin
from komek.employment.choices import AgreementKind, EmployerSize
from komek.employment.models import Agreement, Employer
from komek.employment.services._checks import audit, manage, positive_int

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

LARGE_STAFF = 250


@transaction.atomic
def employer_create(
    *,
    actor: Actor,
    bin: str,
    name: str,
    kato: str,
    size: str,
    activity: str = "",
    staff: int = 0,  # noqa: A002
    street: str = "",
    contact_person: str = "",
    phone: str = "",
    email: str = "",
) -> Employer:
    code = validate_bin(bin)
    unit = kato_unit(kato)
    manage(actor, unit.code)
    if not name.strip():
        raise DomainError(_("The name is required."), field="name")
    if size not in EmployerSize.values:
        raise DomainError(_("Unknown employer size."), field="size")
    if Employer.objects.filter(bin=code).exists():
        raise DomainError(
            _("An employer with this BIN is already registered."), field="bin", code="duplicate"
        )
    employer = Employer.objects.create(
        bin=code,
        name=name.strip(),
        kato=unit,
        size=size,
        activity=activity.strip(),
        staff=positive_int(staff, field="staff", allow_zero=True),
        street=street.strip(),
        contact_person=contact_person.strip(),
        phone=phone.strip(),
        email=email.strip(),
    )
    audit(
        actor=actor,
        territory=unit.code,
        obj=employer,
        changes=created({"bin": code, "name": employer.name, "kato": unit.code, "size": size}),
    )
    return employer


@transaction.atomic
def agreement_create(
    *,
    actor: Actor,
    employer: Employer,
    kind: str,
    number: str,
    signed_on: dt.date,
    valid_from: dt.date,
    valid_to: dt.date | None = None,
    places: int = 0,
    note: str = "",
) -> Agreement:
    manage(actor, employer.kato_id)
    if kind not in AgreementKind.values:
        raise DomainError(_("Unknown kind of agreement."), field="kind")
    if not number.strip():
        raise DomainError(_("The number is required."), field="number")
    if valid_to is not None and valid_to < valid_from:
        raise DomainError(_("The end of the period is before its start."), field="valid_to")
    if kind == AgreementKind.ROAD_MAP and employer.staff <= LARGE_STAFF:
        raise DomainError(
            _("Road map agreements are concluded with enterprises of over 250 staff."), field="kind"
        )
    agreement = Agreement.objects.create(
        employer=employer,
        kind=kind,
        number=number.strip(),
        signed_on=signed_on,
        valid_from=valid_from,
        valid_to=valid_to,
        places=positive_int(places, field="places", allow_zero=True),
        note=note.strip(),
    )
    audit(
        actor=actor,
        territory=employer.kato_id,
        obj=agreement,
        changes=created(
            {
                "employer": employer.pk,
                "kind": kind,
                "number": agreement.number,
                "valid_from": str(valid_from),
                "places": agreement.places,
            }
        ),
    )
    return agreement
