"""The annual report's section of migration: "По вопросам разъяснения миграционного законодательства
обратилось 2 400 этнических казахов, присвоен статус оралмана – 516 чел., выдано приглашений ... – 82
(28 заявлений от граждан РК). Странами исхода прибывших оралманов являются: КНР – 579 чел. ...
выделена квота в размере 1 897 ед. ... Всего выдано 1 153 разрешения ... уплачен налоговый сбор ... в
размере 522 млн. тенге" (the report of the Almaty Social Welfare Department for 2020). Every figure is
counted from the records behind it, but the quota, which is the legislation's."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from komek.common.annual import Column, Figure, Records, Section, Shown, masked_iin
from komek.common.money import round_share
from komek.migration.choices import ROMAN, LabourCategory, SupportKind
from komek.migration.countries import country_name
from komek.migration.models import Check, Consultation, Invitation, KandasStatus, Permit, Support
from komek.migration.selectors import (
    checks_of,
    consultations_of,
    invitations_of,
    kandas_persons_of,
    migration_year,
    permits_of,
    statuses_of,
    supported_of,
    supports_of,
)
from komek.registry.models import Person


def migration_figures(*, actor: Any, year: int, prefix: str) -> list[Figure]:
    data = migration_year(actor=actor, year=year, prefix=prefix)
    quotas = {q.category: q for q in data.quotas}
    return [
        Figure(
            "migration.kandas.consulted",
            _("Ethnic Kazakhs consulted on the migration legislation"),
            data.consulted,
            "consultations",
        ),
        Figure("migration.kandas.assigned", _("Kandas status assigned"), data.assigned, "persons"),
        Figure(
            "migration.kandas.persons",
            _("Kandas arrived, with the family members of their status"),
            data.persons,
            "persons",
        ),
        *(
            Figure(
                f"migration.kandas.country.{code}",
                _("Kandas arrived from: %(country)s") % {"country": country_name(code)},
                n,
                "persons",
            )
            for code, n in data.persons_by_country.items()
        ),
        Figure(
            "migration.kandas.invitations",
            _("Invitations issued for relatives abroad to resettle"),
            data.invitations,
            "invitations",
        ),
        Figure(
            "migration.kandas.invitations_citizens",
            _("of them on the applications of citizens of Kazakhstan"),
            data.invitations_citizens,
            "invitations",
        ),
        Figure(
            "migration.kandas.supported", _("Kandas paid resettlement support"), data.supported, "persons"
        ),
        *(
            Figure(f"migration.kandas.{kind}", str(label), data.support_by_kind[kind], "tenge")
            for kind, label in SupportKind.choices
        ),
        Figure("migration.foreign.quota", _("Quota for attracting foreign labour"), data.quota, "workers"),
        *(
            Figure(
                f"migration.foreign.quota.{code}",
                _("Quota, category %(category)s") % {"category": ROMAN[code]},
                quotas[code].quota or 0 if code in quotas else 0,
                "workers",
            )
            for code in LabourCategory.values
        ),
        Figure(
            "migration.foreign.permits",
            _("Permits issued to attract foreign labour"),
            data.permits,
            "permits",
        ),
        *(
            Figure(
                f"migration.foreign.permits.{code}",
                _("Permits, category %(category)s") % {"category": ROMAN[code]},
                data.permits_by_category[code],
                "permits",
            )
            for code in LabourCategory.values
        ),
        Figure("migration.foreign.workers", _("Foreign workers under the permits"), data.workers, "workers"),
        *(
            figure
            for code, n in data.workers_by_country.items()
            for figure in (
                Figure(
                    f"migration.foreign.country.{code}",
                    _("Foreign workers from: %(country)s") % {"country": country_name(code)},
                    n,
                    "workers",
                ),
                Figure(
                    f"migration.foreign.country.{code}.share",
                    _("Share of the foreign workers from: %(country)s, %%") % {"country": country_name(code)},
                    round_share(n, data.workers),
                    "percent",
                ),
            )
        ),
        Figure(
            "migration.foreign.fee",
            _("Fee paid by the employers attracting foreign labour"),
            data.fee,
            "tenge",
        ),
        Figure(
            "migration.foreign.checks",
            _("Checks of employers attracting foreign labour"),
            data.checks,
            "checks",
        ),
        Figure(
            "migration.foreign.violations", _("Violations found by the checks"), data.violations, "violations"
        ),
    ]


CONSULTATION_COLUMNS = (
    Column(gettext_lazy("Full name")),
    Column(gettext_lazy("Date"), "date"),
    Column(gettext_lazy("Topic")),
    Column(gettext_lazy("Territory")),
)
STATUS_COLUMNS = (
    Column(gettext_lazy("IIN")),
    Column(gettext_lazy("Full name")),
    Column(gettext_lazy("Assigned on"), "date"),
    Column(gettext_lazy("Country of origin")),
    Column(gettext_lazy("Region of settlement")),
)
PERSON_COLUMNS = (
    Column(gettext_lazy("IIN")),
    Column(gettext_lazy("Full name")),
    Column(gettext_lazy("Date of birth"), "date"),
    Column(gettext_lazy("Territory")),
)
INVITATION_COLUMNS = (
    Column(gettext_lazy("Inviting person")),
    Column(gettext_lazy("Issued on"), "date"),
    Column(gettext_lazy("Relative invited")),
    Column(gettext_lazy("Country of residence")),
)
SUPPORT_COLUMNS = (
    Column(gettext_lazy("Kandas")),
    Column(gettext_lazy("Paid on"), "date"),
    Column(gettext_lazy("Kind of support")),
    Column(gettext_lazy("Amount"), "tenge"),
)
PERMIT_COLUMNS = (
    Column(gettext_lazy("Employer")),
    Column(gettext_lazy("Issued on"), "date"),
    Column(gettext_lazy("Category")),
    Column(gettext_lazy("Country of origin")),
    Column(gettext_lazy("Workers")),
    Column(gettext_lazy("Fee"), "tenge"),
)
CHECK_COLUMNS = (
    Column(gettext_lazy("Employer")),
    Column(gettext_lazy("Date"), "date"),
    Column(gettext_lazy("Territory")),
    Column(gettext_lazy("Violations found")),
)


def _show_consultations(page: list[Consultation]) -> list[Shown]:
    return [
        Shown(
            (c.full_name, c.date, c.get_topic_display(), c.kato.name),
            (c.person_id,) if c.person_id else (),
            reverse("migration:consultations"),
        )
        for c in page
    ]


def _show_statuses(page: list[KandasStatus]) -> list[Shown]:
    return [
        Shown(
            (
                masked_iin(s.person.iin),
                s.person.full_name,
                s.assigned_on,
                country_name(s.country),
                s.kato.name,
            ),
            (s.person_id,),
            reverse("migration:kandas_detail", args=[s.pk]),
        )
        for s in page
    ]


def _show_persons(page: list[Person]) -> list[Shown]:
    return [Shown((masked_iin(p.iin), p.full_name, p.birth_date, p.kato.name), (p.pk,), "") for p in page]


def _show_invitations(page: list[Invitation]) -> list[Shown]:
    return [
        Shown(
            (i.inviter.full_name, i.issued, i.relative, country_name(i.country)),
            (i.inviter_id,),
            reverse("migration:invitations"),
        )
        for i in page
    ]


def _show_supports(page: list[Support]) -> list[Shown]:
    return [
        Shown(
            (s.status.person.full_name, s.paid_on, s.get_kind_display(), s.amount),
            (s.status.person_id,),
            reverse("migration:kandas_detail", args=[s.status_id]),
        )
        for s in page
    ]


def _show_permits(page: list[Permit]) -> list[Shown]:
    return [
        Shown(
            (p.employer, p.issued, ROMAN[p.category], country_name(p.country), p.workers, p.fee),
            (),
            reverse("migration:permits"),
        )
        for p in page
    ]


def _show_checks(page: list[Check]) -> list[Shown]:
    return [
        Shown((c.employer, c.date, c.kato.name, c.violations), (), reverse("migration:checks")) for c in page
    ]


def _statuses(found: QuerySet[KandasStatus]) -> Records:
    ordered = found.select_related("person", "kato").order_by("assigned_on", "id")
    return Records("kandas", ordered, STATUS_COLUMNS, _show_statuses)


def migration_records(*, actor: Any, year: int, prefix: str, code: str) -> Records | None:  # noqa: C901, PLR0911
    """The records behind each figure; the quota is the legislation's and has none."""
    what = code.removeprefix("migration.") if code.startswith("migration.") else ""
    where = {"actor": actor, "year": year, "prefix": prefix}
    if what.endswith(".share"):
        return None  # a share, computed: not records
    if what == "kandas.consulted":
        found = consultations_of(**where).select_related("kato").order_by("date", "id")
        return Records("consultations", found, CONSULTATION_COLUMNS, _show_consultations)
    if what == "kandas.assigned":
        return _statuses(statuses_of(**where))
    if what == "kandas.persons" or what.startswith("kandas.country."):
        country = what.removeprefix("kandas.country.") if what.startswith("kandas.country.") else ""
        persons = kandas_persons_of(**where, country=country).select_related("kato")
        return Records("persons", persons.order_by("search_key", "id"), PERSON_COLUMNS, _show_persons)
    if what in ("kandas.invitations", "kandas.invitations_citizens"):
        found_i = invitations_of(**where).select_related("inviter").order_by("issued", "id")
        if what.endswith("citizens"):
            found_i = found_i.filter(inviter_citizen=True)
        return Records("invitations", found_i, INVITATION_COLUMNS, _show_invitations)
    if what == "kandas.supported":
        return _statuses(supported_of(**where))
    if what.removeprefix("kandas.") in SupportKind.values:
        found_s = (
            supports_of(**where).filter(kind=what.removeprefix("kandas.")).select_related("status__person")
        )
        return Records(
            "supports", found_s.order_by("paid_on", "id"), SUPPORT_COLUMNS, _show_supports, "amount"
        )
    permits = permits_of(**where).order_by("issued", "id")
    if what == "foreign.permits":
        return Records("permits", permits, PERMIT_COLUMNS, _show_permits)
    if what.startswith("foreign.permits."):
        found_p = permits.filter(category=what.removeprefix("foreign.permits."))
        return Records("permits", found_p, PERMIT_COLUMNS, _show_permits)
    if what == "foreign.workers":
        return Records("permits", permits, PERMIT_COLUMNS, _show_permits, "workers")
    if what.startswith("foreign.country."):
        found_c = permits.filter(country=what.removeprefix("foreign.country."))
        return Records("permits", found_c, PERMIT_COLUMNS, _show_permits, "workers")
    if what == "foreign.fee":
        return Records("permits", permits, PERMIT_COLUMNS, _show_permits, "fee")
    if what in ("foreign.checks", "foreign.violations"):
        checks = checks_of(**where).select_related("kato").order_by("date", "id")
        amount = "violations" if what == "foreign.violations" else ""
        return Records("checks", checks, CHECK_COLUMNS, _show_checks, amount)
    return None


SECTIONS = (Section("migration", gettext_lazy("Migration"), 85, migration_figures, migration_records),)
