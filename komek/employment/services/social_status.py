"""The determination of social status: lists of persons found without a social status imported from
an XLSX or CSV file, the confirmation of a person's status, and a person's involvement in a measure of
the programme.

"В рамках проводимой работы по определению социального статуса количество граждан, не имеющих
социальный статус, снизилось с 470 тыс. (апрель 2017 г.) до 14,3 тыс. чел. Госорганами подтверждены
статусы 455,7 тыс. чел. или 97%. С 2019 года вовлечено в госпрограмму «Еңбек» 15 221 чел. (постоянные
рабочие места – 8 554 чел., временные – 5 443 чел., краткосрочное профобучение – 1 121 чел., поддержка
предпринимательских инициатив – 55 чел., Бастау Бизнес – 48 чел.)" (the report of the Almaty Social
Welfare Department for 2020).

The file (``docs/import-format.md``): a first row naming the columns ``iin, status_found, date``; a
row with ``status_found`` "no" lists the person as without a status on the date, "yes" records the
status found (confirmed) on the date, listing the person too if not listed yet. Every row is checked
first; any error refuses the whole file with every error by row and column, nothing written."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.common import audit as audit_log
from komek.common.choices import AuditAction
from komek.common.errors import DomainError
from komek.common.refusals import audited_refusals
from komek.common.tables import RowError, TableRefused, read_rows
from komek.employment.models import Involvement, StatusCase
from komek.employment.programme_choices import Measure
from komek.employment.services._checks import audit
from komek.employment.services.programme import day_of, fmt
from komek.registry.models import Person

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

COLUMNS = ("iin", "status_found", "date")
MAX_ROWS = 50000
YES, NO = {"yes", "1", "true", "да", "иә", "y"}, {"no", "0", "false", "нет", "жоқ", "n"}


class StatusImportRefused(TableRefused):
    """The list has errors: nothing was written."""


def _checked(
    actor: Actor, rows: list[tuple[int, dict[str, str]]]
) -> tuple[list[dict[str, Any]], list[RowError]]:
    errors: list[RowError] = []
    clean: list[dict[str, Any]] = []
    for line, values in rows:
        iin = values.get("iin", "").strip()
        if len(iin) != 12 or not iin.isdigit():
            errors.append(RowError(line, "iin", _("An IIN is 12 digits.")))
            continue
        found = values.get("status_found", "").strip().lower()
        if found not in YES | NO:
            errors.append(RowError(line, "status_found", _("Write yes or no.")))
            continue
        try:
            day = day_of(values.get("date", ""), "date")
        except DomainError as exc:
            errors.append(RowError(line, "date", str(exc.message)))
            continue
        clean.append({"line": line, "iin": iin, "found": found in YES, "date": day})
    visible = Person.objects.filter(policy.territory_q(actor, "kato__code"))
    persons = {
        iin: (pk, kato)
        for iin, pk, kato in visible.filter(iin__in={r["iin"] for r in clean}).values_list(
            "iin", "pk", "kato_id"
        )
    }
    cases = {
        c.person_id: c for c in StatusCase.objects.filter(person_id__in=[p for p, _k in persons.values()])
    }
    seen: dict[str, int] = {}
    for row in clean:
        if row["iin"] not in persons:
            errors.append(
                RowError(row["line"], "iin", _("No person with this IIN in the registry of your territory."))
            )
            continue
        if row["iin"] in seen:
            errors.append(
                RowError(
                    row["line"], "iin", _("The same person is on row %(row)d.") % {"row": seen[row["iin"]]}
                )
            )
            continue
        seen[row["iin"]] = row["line"]
        row["person_id"], row["kato"] = persons[row["iin"]]
        case = cases.get(row["person_id"])
        if case is None:
            continue
        if not row["found"]:
            errors.append(
                RowError(
                    row["line"],
                    "iin",
                    _("The person is listed without a status since %(date)s already.")
                    % {"date": fmt(case.listed_on)},
                )
            )
        elif case.confirmed_on is not None:
            errors.append(
                RowError(
                    row["line"],
                    "status_found",
                    _("The person's status was confirmed on %(date)s already.")
                    % {"date": fmt(case.confirmed_on)},
                )
            )
        elif row["date"] < case.listed_on:
            errors.append(
                RowError(
                    row["line"],
                    "date",
                    _(
                        "The person was listed without a status on %(date)s: "
                        "the status cannot be found before."
                    )
                    % {"date": fmt(case.listed_on)},
                )
            )
        row["case"] = case
    return clean, sorted(errors, key=lambda e: (e.line, e.field))


@audited_refusals("employment.statuscase")
def statuses_import(*, actor: Actor, content: bytes) -> int:
    """A list of persons without a social status (and of statuses found), all or nothing, set-based:
    a few statements whatever the number of rows; one audit row per person."""
    policy.require(actor, Capability.EMPLOYMENT_MANAGE)
    clean, errors = _checked(actor, read_rows(content, COLUMNS, max_rows=MAX_ROWS))
    if errors:
        raise StatusImportRefused(errors)
    with transaction.atomic():
        new = [r for r in clean if "case" not in r]
        StatusCase.objects.bulk_create(
            [
                StatusCase(
                    person_id=r["person_id"],
                    kato_id=r["kato"],
                    listed_on=r["date"],
                    confirmed_on=r["date"] if r["found"] else None,
                )
                for r in new
            ],
            batch_size=2000,
        )
        confirmed = [r["case"] for r in clean if "case" in r]
        for case, row in zip(confirmed, [r for r in clean if "case" in r], strict=True):
            case.confirmed_on = row["date"]
        StatusCase.objects.bulk_update(confirmed, ["confirmed_on"], batch_size=2000)
        ids = dict(
            StatusCase.objects.filter(person_id__in=[r["person_id"] for r in clean]).values_list(
                "person_id", "pk"
            )
        )
        audit_log.bulk(
            actor=actor,
            action=AuditAction.IMPORT,
            object_type="employment.statuscase",
            reason="statuses without a social status",
            entries=[
                audit_log.Entry(
                    object_id=ids[r["person_id"]],
                    person_id=r["person_id"],
                    territory=r["kato"],
                    changes={"confirmed_on" if r["found"] else "listed_on": [None, r["date"].isoformat()]},
                )
                for r in clean
            ],
        )
    return len(clean)


def _case(actor: Actor, case_id: Any) -> StatusCase:
    found = (
        StatusCase.objects.select_for_update().filter(pk=case_id).first() if str(case_id).isdigit() else None
    )
    if found is None or not policy.in_territory(actor, found.kato_id):
        raise DomainError(_("No such person without a status in your territory."), field="case")
    return found


@audited_refusals("employment.statuscase", id_kwarg="case_id")
def status_confirm(*, actor: Actor, case_id: Any, date: Any) -> StatusCase:
    """The state bodies found the person's social status on the date."""
    policy.require(actor, Capability.EMPLOYMENT_MANAGE)
    day = day_of(date, "date")
    with transaction.atomic():
        case = _case(actor, case_id)
        if case.confirmed_on is not None:
            raise DomainError(
                _("The person's status was confirmed on %(date)s already.")
                % {"date": fmt(case.confirmed_on)},
                field="date",
            )
        if day < case.listed_on:
            raise DomainError(
                _("The person was listed without a status on %(date)s: the status cannot be found before.")
                % {"date": fmt(case.listed_on)},
                field="date",
            )
        case.confirmed_on = day
        case.save(update_fields=["confirmed_on"])
        audit(
            actor=actor,
            territory=case.kato_id,
            obj=case,
            person_id=case.person_id,
            action=AuditAction.UPDATE,
            changes={"confirmed_on": [None, day.isoformat()]},
        )
    return case


@audited_refusals("employment.statuscase", id_kwarg="case_id")
def involvement_record(*, actor: Actor, case_id: Any, measure: Any, date: Any) -> Involvement:
    """A person found without a status involved in a measure of the programme, once a measure, not
    before the person was listed."""
    policy.require(actor, Capability.EMPLOYMENT_MANAGE)
    if str(measure or "") not in Measure.values:
        raise DomainError(_("Choose the measure."), field="measure")
    day = day_of(date, "date")
    with transaction.atomic():
        case = _case(actor, case_id)
        if day < case.listed_on:
            raise DomainError(
                _("The person was listed without a status on %(date)s: the involvement cannot be earlier.")
                % {"date": fmt(case.listed_on)},
                field="date",
            )
        if case.involvements.filter(measure=str(measure)).exists():
            raise DomainError(_("The person is involved in this measure already."), field="measure")
        found = Involvement.objects.create(case=case, measure=str(measure), date=day)
        audit(
            actor=actor,
            territory=case.kato_id,
            obj=found,
            person_id=case.person_id,
            changes={"measure": [None, found.measure], "date": [None, day.isoformat()]},
        )
    return found
