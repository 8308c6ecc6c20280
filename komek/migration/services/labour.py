"""The writes of foreign labour: permits issued to employers within the quota of their category,
and the checks of employers. Each is atomic and audited; a refusal leaves nothing written but its
own audit row, and names the field to change.

The quota for attracting foreign labour is set for a year and a territory by category (the Law of
the Republic of Kazakhstan of 22 July 2011 No. 477-IV "On migration of population"; the Government's
rules of setting the quota): a permit for more workers than are left of its category's quota is
refused, saying the category and how many are left.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.common import audit
from komek.common.choices import AuditAction
from komek.common.errors import DomainError
from komek.common.models import KatoUnit
from komek.common.refusals import audited_refusals
from komek.employment.bin import validate_bin
from komek.migration.choices import ROMAN, LabourCategory
from komek.migration.countries import KAZAKHSTAN
from komek.migration.models import Check, Permit
from komek.migration.quota import quota_of
from komek.migration.services import _input as read

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

MANAGE = Capability.MIGRATION_MANAGE


def _bin(value: Any, field: str) -> str:
    """The employer's BIN checked as the employment centre checks it, the error on this form's field."""
    try:
        return validate_bin(str(value or ""))
    except DomainError as exc:
        raise DomainError(exc.message, field=field, code=exc.code) from None


@audited_refusals("migration.permit")
def permit_issue(
    *,
    actor: Actor,
    kato: Any,
    employer: Any,
    employer_bin: Any,
    category: Any,
    country: Any,
    workers: Any,
    issued: Any,
    term_from: Any,
    term_to: Any,
    fee: Any = 0,
) -> Permit:
    """A permit to an employer for foreign workers of a category, within what is left of the quota."""
    policy.require(actor, MANAGE)
    name = read.text(employer, "employer")
    number = _bin(employer_bin, "employer_bin")
    if str(category or "") not in LabourCategory.values:
        raise DomainError(_("Choose the category."), field="category")
    origin = read.country(country, "country")
    if origin == KAZAKHSTAN:
        raise DomainError(_("Foreign labour comes from a country abroad."), field="country")
    many = read.count(workers, "workers", least=1)
    when = read.day(issued, "issued")
    begin = read.day(term_from, "term_from", future=True)
    end = read.day(term_to, "term_to", future=True)
    if end < begin:
        raise DomainError(
            _("The term ends (%(end)s) before it starts (%(begin)s).")
            % {"end": read.fmt(end), "begin": read.fmt(begin)},
            field="term_to",
        )
    money = read.tenge(fee, "fee")
    unit = read.territory(actor, kato)
    with transaction.atomic():
        quota = quota_of(year=when.year, code=unit.code, category=str(category))
        if quota.quota is None:
            raise DomainError(
                _(
                    "No quota for attracting foreign labour of category %(category)s is set for "
                    "%(place)s in %(year)d."
                )
                % {"category": ROMAN[str(category)], "place": unit.name, "year": when.year},
                field="category",
            )
        # One permit of the quota's territory at a time: the first unit of its region is the lock.
        KatoUnit.objects.select_for_update().filter(code__startswith=quota.region).order_by("code").first()
        quota = quota_of(year=when.year, code=unit.code, category=str(category))
        if many > quota.left:
            raise DomainError(
                _(
                    "Category %(category)s: %(left)d of the quota of %(quota)d for %(year)d are left, "
                    "the permit asks for %(workers)d."
                )
                % {"category": ROMAN[str(category)], "left": quota.left, "quota": quota.quota or 0,
                   "year": when.year, "workers": many},
                field="workers",
            )  # fmt: skip
        found = Permit.objects.create(
            kato=unit, employer=name, employer_bin=number, category=str(category), country=origin,
            workers=many, issued=when, term_from=begin, term_to=end, fee=money,
        )  # fmt: skip
        audit.record(
            actor=actor, action=AuditAction.CREATE, obj=found, territory=unit.code,
            changes=audit.created(audit.snapshot(
                found, ("kato", "employer_bin", "category", "country", "workers", "issued", "term_from",
                        "term_to", "fee"))),
        )  # fmt: skip
    return found


@audited_refusals("migration.check")
def check_record(
    *, actor: Actor, kato: Any, date: Any, employer: Any, employer_bin: Any, violations: Any = 0,
    findings: Any = "",
) -> Check:  # fmt: skip
    """A check of an employer attracting foreign labour: the violations found and what they were."""
    policy.require(actor, MANAGE)
    name = read.text(employer, "employer")
    number = _bin(employer_bin, "employer_bin")
    when = read.day(date, "date")
    found_n = read.count(violations if violations not in (None, "") else 0, "violations")
    notes = read.text(findings, "findings", required=False, limit=4000)
    if found_n and not notes:
        raise DomainError(_("Describe the violations found."), field="findings")
    unit = read.territory(actor, kato)
    with transaction.atomic():
        found = Check.objects.create(
            kato=unit, date=when, employer=name, employer_bin=number, violations=found_n, findings=notes
        )
        audit.record(
            actor=actor, action=AuditAction.CREATE, obj=found, territory=unit.code,
            changes=audit.created(audit.snapshot(found, ("kato", "date", "employer_bin", "violations"))),
        )  # fmt: skip
    return found
