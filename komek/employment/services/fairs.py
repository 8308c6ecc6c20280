"""Job fairs: the fair, its visitors and the employers that offered vacancies there."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from komek.common.audit import created
from komek.common.errors import DomainError
from komek.common.kato import kato_unit
from komek.employment.models import Employer, JobFair, JobFairEmployer
from komek.employment.services._checks import audit, manage, not_future, positive_int

if TYPE_CHECKING:
    from komek.accounts.policy import Actor


@transaction.atomic
def job_fair_record(
    *,
    actor: Actor,
    held_on: dt.date,
    title: str,
    kato: str,
    visitors: int,
    referrals_issued: int,
    employers: list[tuple[Employer, int]],
) -> JobFair:
    unit = kato_unit(kato)
    manage(actor, unit.code)
    not_future(held_on, field="held_on")
    if not title.strip():
        raise DomainError(_("The title is required."), field="title")
    fair = JobFair.objects.create(
        held_on=held_on,
        title=title.strip(),
        kato=unit,
        visitors=positive_int(visitors, field="visitors", allow_zero=True),
        referrals_issued=positive_int(referrals_issued, field="referrals_issued", allow_zero=True),
    )
    JobFairEmployer.objects.bulk_create(
        [
            JobFairEmployer(
                fair=fair, employer=e, vacancies_offered=positive_int(n, field="employers", allow_zero=True)
            )
            for e, n in employers
        ]
    )
    audit(
        actor=actor,
        territory=unit.code,
        obj=fair,
        changes=created(
            {
                "held_on": str(held_on),
                "title": fair.title,
                "visitors": fair.visitors,
                "employers": [e.pk for e, _n in employers],
            }
        ),
    )
    return fair
