"""The figures of the microfinance organisations' work as the report's lines, for the employment
section (``employment.microfinance.*``) and the programme report (``programme.microfinance.*``):
"На микрокредитование предусмотрено ... – 2 002,6 млн. тенге, гарантирование микрокредитов – 101,3
млн. Профинансировано 154 проекта на 2 032,3 млн. тенге, одобрено 3 проекта на 41 млн. тенге, по
гарантированию одобрен 21 проект на 125,8 млн. тенге. ЦЗН выдано направлений – 330 чел." (the report
of the Almaty Social Welfare Department for 2020, section VII). Codes: docs/report-figures.md."""

from __future__ import annotations

from django.utils.translation import gettext as _

from komek.common.annual import Figure
from komek.employment.selectors.microfinance import Microfinance


def microfinance_lines(m: Microfinance, *, section: str) -> list[Figure]:
    """The lines of ``m`` under ``<section>.microfinance.``; the sums financed and guaranteed are set
    against the money provided as their plan."""
    code = f"{section}.microfinance"
    return [
        Figure(
            f"{code}.microcredit_money",
            _("Microcredits: money provided"),
            m.microcredit_money,
            "tenge",
        ),
        Figure(
            f"{code}.guarantee_money",
            _("Guarantees of microcredits: money provided"),
            m.guarantee_money,
            "tenge",
        ),
        Figure(
            f"{code}.referrals",
            _("Microcredits: referrals issued by the employment centre"),
            m.referrals,
            "persons",
        ),
        Figure(f"{code}.financed", _("Microcredits: projects financed"), m.financed, "projects"),
        Figure(
            f"{code}.financed_sum",
            _("Microcredits: projects financed, sum"),
            m.financed_sum,
            "tenge",
            plan=m.microcredit_money or None,
        ),
        Figure(
            f"{code}.approved",
            _("Microcredits: projects approved, not yet financed"),
            m.approved,
            "projects",
        ),
        Figure(
            f"{code}.approved_sum",
            _("Microcredits: projects approved, not yet financed, sum"),
            m.approved_sum,
            "tenge",
        ),
        Figure(
            f"{code}.guarantees",
            _("Guarantees of microcredits: projects approved"),
            m.guarantees,
            "projects",
        ),
        Figure(
            f"{code}.guarantees_sum",
            _("Guarantees of microcredits: projects approved, sum"),
            m.guarantees_sum,
            "tenge",
            plan=m.guarantee_money or None,
        ),
        Figure(f"{code}.refused", _("Microcredits: projects refused"), m.refused, "projects"),
    ]
