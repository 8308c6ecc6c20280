"""Vacancies: one by one, from a CSV file (all rows or none, every bad row reported), closing."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from komek.common import audit as audit_log
from komek.common.audit import created
from komek.common.choices import AuditAction
from komek.common.errors import DomainError
from komek.common.kato import kato_unit
from komek.common.models import KatoUnit
from komek.employment.choices import Education, Schedule, VacancyStatus
from komek.employment.models import Employer, Occupation, Vacancy, VacancyEvent
from komek.employment.selectors.params import minimum_wage
from komek.employment.services._checks import audit, manage, positive_int, staff_of, today

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

CSV_COLUMNS = [
    "employer_bin",
    "occupation",
    "title",
    "wage",
    "schedule",
    "kato",
    "education",
    "experience_years",
    "skills",
    "positions",
    "quota_disabled",
    "quota_released",
    "opened_on",
]
TRUE = {"1", "true", "yes", "да", "иә"}
FALSE = {"", "0", "false", "no", "нет", "жоқ"}


@dataclass
class RowError:
    row: int
    field: str
    message: str


class ImportRefused(DomainError):
    """The file was refused; ``errors`` lists every bad row and field."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(
            _("%(count)s errors in the file; nothing was imported.") % {"count": len(errors)},
            field="file",
            code="import_refused",
        )
        self.errors = errors


def _checked(
    *,
    occupation: str,
    title: str,
    wage: Any,
    schedule: str,
    opened_on: dt.date,
    kato: KatoUnit,
    education: Any,
    experience_years: Any,
    positions: Any,
) -> dict[str, Any]:
    """The vacancy's fields, checked; raises a DomainError naming the first wrong field."""
    occ = Occupation.objects.filter(code=(occupation or "").strip()).first()
    if occ is None:
        raise DomainError(_("Unknown occupation code: %(code)s.") % {"code": occupation}, field="occupation")
    if schedule not in Schedule.values:
        raise DomainError(_("Unknown schedule."), field="schedule")
    wage_value = positive_int(wage, field="wage")
    floor = minimum_wage(opened_on, kato.code)
    if wage_value < floor:
        raise DomainError(
            _("The wage %(wage)s is below the minimum wage of %(floor)s tenge in force on %(date)s.")
            % {"wage": wage_value, "floor": floor, "date": opened_on.strftime("%d.%m.%Y")},
            field="wage",
            code="below_minimum_wage",
        )
    try:
        level = int(education or 0)
    except (TypeError, ValueError):
        level = -1
    if level not in Education.values:
        raise DomainError(_("Unknown education level."), field="education")
    if opened_on > today():
        raise DomainError(_("The date cannot be in the future."), field="opened_on")
    return {
        "occupation": occ,
        "minor_group": occ.code[:3],
        "sub_major_group": occ.code[:2],
        "title": (title or "").strip() or occ.title_ru,
        "wage": wage_value,
        "schedule": schedule,
        "education": level,
        "experience_years": positive_int(experience_years or 0, field="experience_years", allow_zero=True),
        "positions": positive_int(positions or 1, field="positions"),
        "opened_on": opened_on,
        "kato": kato,
    }


@transaction.atomic
def vacancy_create(
    *,
    actor: Actor,
    employer: Employer,
    occupation: str,
    title: str,
    wage: Any,
    schedule: str,
    kato: str,
    opened_on: dt.date,
    education: int = 0,
    experience_years: int = 0,
    skills: str = "",
    positions: int = 1,
    quota_disabled: bool = False,
    quota_released: bool = False,
) -> Vacancy:
    unit = kato_unit(kato)
    manage(actor, unit.code)
    fields = _checked(
        occupation=occupation,
        title=title,
        wage=wage,
        schedule=schedule,
        opened_on=opened_on,
        kato=unit,
        education=education,
        experience_years=experience_years,
        positions=positions,
    )
    vacancy = Vacancy.objects.create(
        employer=employer,
        skills=skills.strip(),
        quota_disabled=quota_disabled,
        quota_released=quota_released,
        **fields,
    )
    VacancyEvent.objects.create(
        vacancy=vacancy, status=VacancyStatus.OPEN, actor=staff_of(actor), note=_("Opened")
    )
    audit(
        actor=actor,
        territory=unit.code,
        obj=vacancy,
        changes=created(
            {
                "employer": employer.pk,
                "occupation": fields["occupation"].code,
                "wage": fields["wage"],
                "opened_on": str(opened_on),
            }
        ),
    )
    return vacancy


@transaction.atomic
def vacancy_close(*, actor: Actor, vacancy: Vacancy, status: str, on: dt.date, note: str = "") -> Vacancy:
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    manage(actor, vacancy.kato_id)
    if status not in (VacancyStatus.FILLED, VacancyStatus.CLOSED):
        raise DomainError(_("A vacancy is closed as filled or withdrawn."), field="status")
    if vacancy.status != VacancyStatus.OPEN:
        raise DomainError(_("The vacancy is not open."), field="status")
    if on < vacancy.opened_on:
        raise DomainError(_("The vacancy cannot close before it opened."), field="on")
    vacancy.status, vacancy.closed_on = status, on
    vacancy.save(update_fields=["status", "closed_on"])
    VacancyEvent.objects.create(vacancy=vacancy, status=status, actor=staff_of(actor), note=note.strip())
    audit(
        actor=actor,
        territory=vacancy.kato_id,
        obj=vacancy,
        action=AuditAction.UPDATE,
        changes={"status": [VacancyStatus.OPEN, status], "closed_on": [None, str(on)]},
        reason=note,
    )
    return vacancy


def _flag(value: str, field: str) -> bool:
    text = (value or "").strip().lower()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise DomainError(_("Write yes or no."), field=field)


@transaction.atomic
def vacancies_import_csv(*, actor: Actor, content: str) -> int:
    """Import vacancies from CSV text (header ``CSV_COLUMNS``, comma or semicolon separated).

    Every row is checked; if any row is wrong nothing is written and every error is reported
    with its row number and field.
    """
    sample = content[:2000]
    dialect = csv.Sniffer().sniff(sample, delimiters=",;") if sample.strip() else csv.excel
    reader = csv.DictReader(io.StringIO(content), dialect=dialect)
    missing = [c for c in CSV_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise DomainError(_("Missing columns: %(cols)s.") % {"cols": ", ".join(missing)}, field="file")
    employers = {}
    units: dict[str, KatoUnit] = {}
    errors: list[RowError] = []
    vacancies: list[Vacancy] = []
    for number, row in enumerate(reader, start=2):
        try:
            bin_code = (row["employer_bin"] or "").strip()
            if bin_code not in employers:
                employers[bin_code] = Employer.objects.filter(bin=bin_code).first()
            employer = employers[bin_code]
            if employer is None:
                raise DomainError(_("No employer with this BIN is registered."), field="employer_bin")
            code = (row["kato"] or "").strip()
            if code not in units:
                units[code] = kato_unit(code)
            manage(actor, code)
            try:
                opened_on = dt.date.fromisoformat((row["opened_on"] or "").strip())
            except ValueError:
                raise DomainError(_("Write the date as YYYY-MM-DD."), field="opened_on") from None
            fields = _checked(
                occupation=row["occupation"],
                title=row["title"],
                wage=row["wage"],
                schedule=row["schedule"].strip(),
                opened_on=opened_on,
                kato=units[code],
                education=row["education"],
                experience_years=row["experience_years"],
                positions=row["positions"],
            )
            vacancies.append(
                Vacancy(
                    employer=employer,
                    skills=(row["skills"] or "").strip(),
                    quota_disabled=_flag(row["quota_disabled"], "quota_disabled"),
                    quota_released=_flag(row["quota_released"], "quota_released"),
                    **fields,
                )
            )
        except DomainError as exc:
            errors.append(RowError(number, exc.field or "", str(exc)))
    if errors:
        raise ImportRefused(errors)
    created_rows = Vacancy.objects.bulk_create(vacancies, batch_size=2000)
    VacancyEvent.objects.bulk_create(
        [
            VacancyEvent(vacancy=v, status=VacancyStatus.OPEN, actor=staff_of(actor), note=_("Imported"))
            for v in created_rows
        ],
        batch_size=2000,
    )
    audit_log.bulk(
        actor=actor,
        action=AuditAction.CREATE,
        object_type=audit_log.object_type_of(Vacancy),
        entries=[
            audit_log.Entry(
                object_id=v.pk,
                territory=v.kato_id,
                changes=created(
                    {
                        "employer": v.employer_id,
                        "occupation": v.occupation_id,
                        "wage": v.wage,
                        "opened_on": str(v.opened_on),
                    }
                ),
            )
            for v in created_rows
        ],
        reason="CSV import",
        batch_size=2000,
    )
    return len(created_rows)
