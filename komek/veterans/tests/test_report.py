"""The figures of the work with veterans come out of the records: the demo's veterans, patronage,
visits, exemptions and events reproduce what the Balkhash department's report for 2018 prints, and
each figure's records add up to it."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings

from komek.accounts.policy import system
from komek.common import annual
from komek.demo.veterans import demo_veterans
from komek.veterans.report import veterans_figures, veterans_records

pytestmark = pytest.mark.django_db


def _figures(actor: Any, year: int, prefix: str) -> dict[str, Any]:
    return {f.code: f for f in veterans_figures(actor=actor, year=year, prefix=prefix)}


def test_balkhash_2018_as_its_report_prints_it(kato: None, caseworker: Any, almaty_caseworker: Any) -> None:
    """ "There are 5 veterans of the Great Patriotic War in the city including. - PGPW - 4 people.,
    IGPW –1, workers of the rear and other categories of citizens, equated to them –742 people ...
    14 dates of commemoration ... at home ... 22 events ... sponsorship in the amount of 1.0 million
    tenge, covering 878 people"."""
    out = io.StringIO()
    with override_settings(DEMO=True):
        call_command("demo_veterans", stdout=out)  # `komek demo-veterans`
    assert "747 recorded" in out.getvalue()
    assert demo_veterans(system("tests")) == 0  # idempotent
    f = _figures(caseworker, 2018, "3516")
    assert f["veterans_work.wwii_participant"].value == 4
    assert f["veterans_work.wwii_disabled"].value == 1
    assert f["veterans_work.home_front"].value + f["veterans_work.equated"].value == 742
    assert f["veterans_work.patronised"].value == 5
    assert f["veterans_work.exempted"].value == 5
    assert f["veterans_work.visits"].value == 14
    assert f["veterans_work.events"].value == 22
    assert f["veterans_work.covered"].value == 878
    assert f["veterans_work.sponsorship"].value == 1_000_000
    for code, figure in f.items():
        records = veterans_records(actor=caseworker, year=2018, prefix="3516", code=code)
        assert records is not None and records.total() == figure.value, code
        assert (
            len(records.show(list(records.queryset[:3]))) == min(3, figure.value or 0)
            or figure.unit == "tenge"
        )
    # The year before knows none of it; a user of another territory sees none of it.
    assert _figures(caseworker, 2017, "3516")["veterans_work.total"].value == 0
    assert _figures(almaty_caseworker, 2018, "3516")["veterans_work.total"].value == 0
    assert _figures(almaty_caseworker, 2018, "3516")["veterans_work.events"].value == 0
    assert "veterans_work" in {s.code for s in annual.sections()}
