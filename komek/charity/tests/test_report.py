"""The figures of charity come out of the records: the demo's partners, campaigns, help in kind and
sponsorship reproduce what the report of the Almaty Social Welfare Department for 2020 and the Balkhash
department's report for 2018 print, and each figure's records add up to it."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings

from komek.accounts.policy import system
from komek.charity.report import charity_figures, charity_records
from komek.common import annual
from komek.demo.charity import demo_charity
from komek.demo.veterans import demo_veterans

pytestmark = pytest.mark.django_db


def _figures(actor: Any, year: int, prefix: str) -> dict[str, Any]:
    return {f.code: f for f in charity_figures(actor=actor, year=year, prefix=prefix)}


def _traced(actor: Any, year: int, prefix: str, figures: dict[str, Any]) -> None:
    for code, figure in figures.items():
        records = charity_records(actor=actor, year=year, prefix=prefix, code=code)
        assert records is not None and records.total() == figure.value, code
        shown = records.show(list(records.queryset[:3]))
        assert len(shown) == min(3, records.count()), code


def test_almaty_2020_and_balkhash_2018_as_their_reports_print_them(kato: None, caseworker: Any) -> None:
    """ "В режиме онлайн клуб охватил 510 детей ... обучаются 390 детей. Трудоустроено 72 профессиональных
    педагога ... Всего проектом «Шыңға өрлеу» охвачено 900 детей ... в декабре 2020 года 527 малообеспеченных
    семей, а также 455 детей ... обеспечены одеждой, обувью ..." and "22 events have been held, attracting
    sponsorship in the amount of 1.0 million tenge, covering 878 people"."""
    actor = system("tests")
    demo_veterans(actor, small=True)  # the demo town's events for veterans of 2018
    out = io.StringIO()
    with override_settings(DEMO=True):
        call_command("demo_charity", stdout=out)  # `komek demo-charity`
    assert "lines recorded" in out.getvalue()
    assert demo_charity(actor) == 0  # idempotent

    almaty = _figures(actor, 2020, "75")
    assert almaty["charity.families"].value == 527
    assert almaty["charity.children"].value == 455
    assert almaty["charity.projects.children"].value == 900
    assert almaty["charity.projects.online"].value == 510
    assert almaty["charity.projects.offline"].value == 390
    assert almaty["charity.projects.employed"].value == 72
    assert almaty["charity.projects"].value == 1 and almaty["charity.campaigns"].value == 1
    assert almaty["charity.partners"].value == 4
    assert almaty["charity.help.lines"].value == 982
    _traced(actor, 2020, "75", almaty)

    town = _figures(caseworker, 2018, "3516")
    assert town["charity.sponsorship.events"].value == 22
    assert town["charity.sponsorship.persons"].value == 878
    assert town["charity.sponsorship.amount"].value == 1_000_000
    assert town["charity.partners"].value == 5
    _traced(caseworker, 2018, "3516", town)
    # The year before knows none of it; a user of Balkhash sees nothing of Almaty.
    assert _figures(caseworker, 2017, "3516")["charity.sponsorship.amount"].value == 0
    assert _figures(caseworker, 2020, "75")["charity.families"].value == 0
    assert "charity" in {s.code for s in annual.sections()}
