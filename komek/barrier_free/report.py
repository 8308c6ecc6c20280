"""The annual report's section of the barrier-free environment: "certification of 66 social
infrastructure facilities. Of the 45 objects to be adapted, 33 objects were adapted (including in 2018
6 objects) ... the target indicator ... was fulfilled by 100% (plan-80%, actual 81.8%)" (the Balkhash
department's report for 2018); "planned to certify 392 objects, adapt 275 objects. The work ... is
done at 100%" (the report of the Almaty Social Welfare Department for 2020)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from komek.barrier_free.choices import Finding
from komek.barrier_free.models import Adaptation, Passport
from komek.barrier_free.selectors import adaptations_of, barrier_free_year, passports_of
from komek.common.annual import Column, Figure, Records, Section, Shown


def barrier_free_figures(*, actor: Any, year: int, prefix: str) -> list[Figure]:
    data = barrier_free_year(actor=actor, year=year, prefix=prefix)
    return [
        Figure(
            "barrier_free.certified", _("Objects certified (passports), in all"), data.certified, "objects"
        ),
        Figure(
            "barrier_free.certified_in_year",
            _("Objects certified in the year"),
            data.certified_in_year,
            "objects",
            plan=data.plan_certify,
        ),  # fmt: skip
        Figure("barrier_free.to_adapt", _("Certified objects to adapt"), data.to_adapt, "objects"),
        Figure("barrier_free.adapted", _("Objects adapted, in all"), data.adapted, "objects"),
        Figure(
            "barrier_free.adapted_in_year",
            _("Objects adapted in the year"),
            data.adapted_in_year,
            "objects",
            plan=data.plan_adapt,
        ),  # fmt: skip
        Figure(
            "barrier_free.indicator",
            _("Certified objects accessible to persons with disabilities"),
            data.indicator,
            "percent",
            plan=data.plan_indicator,
        ),  # fmt: skip
    ]


COLUMNS = (
    Column(gettext_lazy("Object")),
    Column(gettext_lazy("Address")),
    Column(gettext_lazy("Territory")),
    Column(gettext_lazy("Date"), "date"),
    Column(gettext_lazy("Conclusion")),
)


def _show_passports(page: list[Passport]) -> list[Shown]:
    return [
        Shown(
            (p.object.name, p.object.address, p.object.kato.name, p.date, p.get_finding_display()),
            (),
            reverse("barrier_free:object_detail", args=[p.object_id]),
        )
        for p in page
    ]


def _show_adaptations(page: list[Adaptation]) -> list[Shown]:
    return [
        Shown(
            (a.object.name, a.object.address, a.object.kato.name, a.finished, a.works[:120]),
            (),
            reverse("barrier_free:object_detail", args=[a.object_id]),
        )
        for a in page
    ]


def _passports(found: QuerySet[Passport]) -> Records:
    ordered = found.select_related("object__kato").order_by("date", "id")
    return Records("objects", ordered, COLUMNS, _show_passports)


def barrier_free_records(*, actor: Any, year: int, prefix: str, code: str) -> Records | None:
    """The passports behind the certified figures, the adaptations behind the adapted ones."""
    what = code.removeprefix("barrier_free.") if code.startswith("barrier_free.") else ""
    if what in ("certified", "certified_in_year"):
        return _passports(passports_of(actor=actor, year=year, prefix=prefix, in_year=what != "certified"))
    if what == "to_adapt":
        found = passports_of(actor=actor, year=year, prefix=prefix).exclude(finding=Finding.ACCESSIBLE)
        return _passports(found)
    if what in ("adapted", "adapted_in_year"):
        adapted = adaptations_of(actor=actor, year=year, prefix=prefix, in_year=what != "adapted")
        return Records(
            "objects",
            adapted.select_related("object__kato").order_by("finished", "id"),
            COLUMNS,
            _show_adaptations,
        )
    return None


SECTIONS = (
    Section(
        "barrier_free",
        gettext_lazy("Barrier-free environment for persons with disabilities"),
        64,
        barrier_free_figures,
        barrier_free_records,
    ),
)
