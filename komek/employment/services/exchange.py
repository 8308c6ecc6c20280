"""The e-labour exchange's (Enbek.kz) files imported: its vacancies (with the employers registered on
it) and its applicants (self-registered or not, employed through it), matched to the centre's
employers by BIN and to the registry's persons by IIN. An XLSX workbook or a CSV file (UTF-8, comma
or semicolon); every row is checked and a file with an error is refused whole, each error named by
row and column; a number seen before updates its record. The formats: docs/import-format.md."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.common import audit
from komek.common.choices import AuditAction
from komek.common.errors import DomainError
from komek.common.refusals import audited_refusals
from komek.common.tables import RowError, TableRefused, read_rows
from komek.employment.bin import validate_bin
from komek.employment.models import Employer, ExchangeApplicant, ExchangeEmployer, ExchangeVacancy
from komek.employment.services._checks import today
from komek.registry.iin import InvalidIIN, parse_iin
from komek.registry.models import Person

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

VACANCY_COLUMNS = ("number", "bin", "employer_registered_on", "title", "posted_on", "positions", "wage")
APPLICANT_COLUMNS = ("number", "iin", "registered_on", "self_registered", "employed_on", "employer_bin")
MAX_ROWS = 50000
YES = {"1", "yes", "true", "да", "иә", "y"}
NO = {"0", "no", "false", "нет", "жоқ", "n", ""}


class ExchangeImportRefused(TableRefused):
    """The exchange's file has errors: nothing was written."""


def _date(value: str, field: str, *, required: bool = True) -> dt.date | None:
    text = (value or "").strip()
    if not text:
        if required:
            raise DomainError(_("This field is required."), field=field)
        return None
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            day = dt.datetime.strptime(text[:10], fmt).date()  # noqa: DTZ007 (a calendar date)
        except ValueError:
            continue
        if day > today():
            raise DomainError(_("The date cannot be in the future."), field=field)
        return day
    raise DomainError(_("Enter a date as YYYY-MM-DD or DD.MM.YYYY."), field=field)


def _number(value: str, field: str, *, minimum: int = 0) -> int:
    text = (value or "").replace(" ", "").replace("\u00a0", "")
    if not text.isdigit() or int(text) < minimum:
        raise DomainError(_("Enter a whole number of at least %(n)d.") % {"n": minimum}, field=field)
    return int(text)


def _key(value: str) -> str:
    key = (value or "").strip()
    if not key:
        raise DomainError(_("This field is required."), field="number")
    if len(key) > 40:
        raise DomainError(_("At most %(limit)d characters.") % {"limit": 40}, field="number")
    return key


def _employers(actor: Actor, bins: set[str]) -> dict[str, Employer]:
    found = Employer.objects.filter(bin__in=bins).filter(policy.territory_q(actor, "kato__code"))
    return {e.bin: e for e in found}


def _repeated(line: int, key: str, seen: dict[str, int], errors: list[RowError]) -> None:
    if key in seen:
        errors.append(RowError(line, "number", _("The same number is on row %(row)d.") % {"row": seen[key]}))
    seen[key] = line


def _checked_vacancies(
    actor: Actor, rows: list[tuple[int, dict[str, str]]]
) -> tuple[list[dict[str, Any]], list[RowError]]:
    errors: list[RowError] = []
    clean: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for line, values in rows:
        try:
            row: dict[str, Any] = {
                "line": line,
                "number": _key(values["number"]),
                "bin": validate_bin(values["bin"]),
                "registered_on": _date(values["employer_registered_on"], "employer_registered_on"),
                "title": values["title"].strip()[:200],
                "posted_on": _date(values["posted_on"], "posted_on"),
                "positions": _number(values["positions"] or "1", "positions", minimum=1),
                "wage": _number(values["wage"] or "0", "wage"),
            }
            if not row["title"]:
                raise DomainError(_("This field is required."), field="title")
            if row["posted_on"] < row["registered_on"]:
                raise DomainError(
                    _("The vacancy cannot be posted before the employer registered on the exchange."),
                    field="posted_on",
                )
        except DomainError as exc:
            errors.append(RowError(line, exc.field or "", str(exc.message)))
            continue
        _repeated(line, row["number"], seen, errors)
        clean.append(row)
    known = _employers(actor, {r["bin"] for r in clean})
    for row in clean:
        row["employer"] = known.get(row["bin"])
        if row["employer"] is None:
            errors.append(
                RowError(
                    row["line"], "bin", _("No employer with this BIN in your territory; register it first.")
                )
            )
    return clean, sorted(errors, key=lambda e: (e.line, e.field))


def _checked_applicants(
    actor: Actor, rows: list[tuple[int, dict[str, str]]]
) -> tuple[list[dict[str, Any]], list[RowError]]:
    errors: list[RowError] = []
    clean: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for line, values in rows:
        try:
            flag = values["self_registered"].strip().lower()
            if flag not in YES | NO:
                raise DomainError(_("Write 1 (yes) or 0 (no)."), field="self_registered")
            iin = values["iin"].replace(" ", "")
            try:
                parse_iin(iin)
            except InvalidIIN as exc:
                raise DomainError(str(exc), field="iin") from None
            row: dict[str, Any] = {
                "line": line,
                "number": _key(values["number"]),
                "iin": iin,
                "registered_on": _date(values["registered_on"], "registered_on"),
                "self_registered": flag in YES,
                "employed_on": _date(values["employed_on"], "employed_on", required=False),
                "employer_bin": validate_bin(values["employer_bin"])
                if values["employer_bin"].strip()
                else "",
            }
            if row["employed_on"] and row["employed_on"] < row["registered_on"]:
                raise DomainError(
                    _("The applicant cannot be employed before registering."), field="employed_on"
                )
            if row["employer_bin"] and not row["employed_on"]:
                raise DomainError(_("Give the date of employment with the employer."), field="employed_on")
        except DomainError as exc:
            field = (
                exc.field
                if exc.field in APPLICANT_COLUMNS
                else ("employer_bin" if exc.field == "bin" else exc.field or "")
            )
            errors.append(RowError(line, field, str(exc.message)))
            continue
        _repeated(line, row["number"], seen, errors)
        clean.append(row)
    persons = {
        p.iin: p
        for p in Person.objects.filter(iin__in={r["iin"] for r in clean}).filter(
            policy.territory_q(actor, "kato__code")
        )
    }
    employers = _employers(actor, {r["employer_bin"] for r in clean if r["employer_bin"]})
    for row in clean:
        row["person"] = persons.get(row["iin"])
        if row["person"] is None:
            errors.append(RowError(row["line"], "iin", _("No person with this IIN in your territory.")))
        row["employer"] = employers.get(row["employer_bin"]) if row["employer_bin"] else None
        if row["employer_bin"] and row["employer"] is None:
            errors.append(
                RowError(
                    row["line"],
                    "employer_bin",
                    _("No employer with this BIN in your territory; register it first."),
                )
            )
    return clean, sorted(errors, key=lambda e: (e.line, e.field))


def _audit(actor: Actor, object_type: str, filename: str, entries: list[audit.Entry]) -> None:
    audit.bulk(
        actor=actor,
        action=AuditAction.IMPORT,
        object_type=object_type,
        reason=filename[:200],
        entries=entries,
    )


@audited_refusals("employment.exchangevacancy")
def exchange_vacancies_import(*, actor: Actor, content: bytes, filename: str) -> int:
    """The exchange's vacancy file, all or nothing; the employers' registration on the exchange with
    it (the earliest date given is kept). Returns the number of rows imported."""
    policy.require(actor, Capability.EMPLOYMENT_MANAGE)
    clean, errors = _checked_vacancies(actor, read_rows(content, VACANCY_COLUMNS, max_rows=MAX_ROWS))
    if errors:
        raise ExchangeImportRefused(errors)
    with transaction.atomic():
        earliest: dict[int, dt.date] = {}
        for r in clean:
            pk = r["employer"].pk
            earliest[pk] = min(earliest.get(pk, r["registered_on"]), r["registered_on"])
        registered = {
            x.employer_id: x
            for x in ExchangeEmployer.objects.select_for_update().filter(employer_id__in=earliest)
        }
        for pk, day in earliest.items():
            known = registered.get(pk)
            if known is None:
                ExchangeEmployer.objects.create(employer_id=pk, registered_on=day)
            elif day < known.registered_on:
                known.registered_on = day
                known.save(update_fields=["registered_on"])
        existing = {
            v.number: v
            for v in ExchangeVacancy.objects.select_for_update().filter(
                number__in=[r["number"] for r in clean]
            )
        }
        fields = ("title", "posted_on", "positions", "wage")
        new, changed = [], []
        for r in clean:
            found = existing.get(r["number"])
            if found is None:
                new.append(
                    ExchangeVacancy(number=r["number"], employer=r["employer"], **{f: r[f] for f in fields})
                )
            else:
                found.employer = r["employer"]
                for f in fields:
                    setattr(found, f, r[f])
                changed.append(found)
        ExchangeVacancy.objects.bulk_create(new)
        ExchangeVacancy.objects.bulk_update(changed, ["employer", *fields])
        by_number = {r["number"]: r for r in clean}
        _audit(
            actor,
            "employment.exchangevacancy",
            filename,
            [
                audit.Entry(
                    object_id=v.pk,
                    territory=by_number[v.number]["employer"].kato_id,
                    changes=audit.created(
                        {"number": v.number, "employer": v.employer_id, "posted_on": str(v.posted_on)}
                    ),
                )
                for v in ExchangeVacancy.objects.filter(number__in=by_number)
            ],
        )
    return len(clean)


@audited_refusals("employment.exchangeapplicant")
def exchange_applicants_import(*, actor: Actor, content: bytes, filename: str) -> int:
    """The exchange's applicant file, all or nothing. Returns the number of rows imported."""
    policy.require(actor, Capability.EMPLOYMENT_MANAGE)
    clean, errors = _checked_applicants(actor, read_rows(content, APPLICANT_COLUMNS, max_rows=MAX_ROWS))
    if errors:
        raise ExchangeImportRefused(errors)
    fields = ("person", "registered_on", "self_registered", "employed_on", "employer")
    with transaction.atomic():
        existing = {
            a.number: a
            for a in ExchangeApplicant.objects.select_for_update().filter(
                number__in=[r["number"] for r in clean]
            )
        }
        new, changed = [], []
        for r in clean:
            found = existing.get(r["number"])
            values = {f: r[f] for f in fields} | {"kato_id": r["person"].kato_id}
            if found is None:
                new.append(ExchangeApplicant(number=r["number"], **values))
            else:
                for f, v in values.items():
                    setattr(found, f, v)
                changed.append(found)
        ExchangeApplicant.objects.bulk_create(new)
        ExchangeApplicant.objects.bulk_update(changed, [*fields, "kato_id"])
        _audit(
            actor,
            "employment.exchangeapplicant",
            filename,
            [
                audit.Entry(
                    object_id=a.pk,
                    person_id=a.person_id,
                    territory=a.kato_id,
                    changes=audit.created(
                        {
                            "number": a.number,
                            "registered_on": str(a.registered_on),
                            "self_registered": a.self_registered,
                            "employed_on": str(a.employed_on) if a.employed_on else None,
                        }
                    ),
                )
                for a in ExchangeApplicant.objects.filter(number__in=[r["number"] for r in clean])
            ],
        )
    return len(clean)
