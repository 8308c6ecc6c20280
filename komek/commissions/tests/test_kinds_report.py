"""The figures of the other commissions come out of the records: the demo's 2018 made through the
services gives back what the Balkhash department's report for 2018 prints, each figure traced to
its records."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings

from komek.accounts.policy import system
from komek.commissions.report import commission_figures, commission_records
from komek.demo.commissions import demo_commissions

pytestmark = pytest.mark.django_db


def _figures(actor: Any, year: int, prefix: str) -> dict[str, Any]:
    return {f.code: f for f in commission_figures(actor=actor, year=year, prefix=prefix)}


def test_balkhash_2018_as_its_report_prints_it(kato: None, make_user: Any) -> None:
    """ "Commission work": work experience 10 meetings, 15 people whose documents were examined;
    Semipalatinsk 8 meetings, 11 citizens, a positive decision for all; 3 meetings of the town
    tripartite commission; 2 meetings of the Council for the Disabled."""
    from komek.accounts.choices import Reach, Role

    out = io.StringIO()
    with override_settings(DEMO=True):
        call_command("demo_users", stdout=out)
        call_command("demo_commissions", stdout=out)  # `komek demo-commissions`
    assert "23 meetings recorded" in out.getvalue()
    assert demo_commissions(system("tests")) == 0  # idempotent
    head = make_user(Role.DEPARTMENT_HEAD, username="head")
    f = _figures(head, 2018, "3516")
    kind = "commissions.kind."
    assert f[kind + "work_experience.meetings"].value == 10
    assert f[kind + "work_experience.persons"].value == 15
    assert f[kind + "work_experience.positive"].value == 13
    assert f[kind + "semipalatinsk.meetings"].value == 8
    assert f[kind + "semipalatinsk.persons"].value == 11
    assert f[kind + "semipalatinsk.positive"].value == 11
    assert f[kind + "semipalatinsk.certificates"].value == 11
    assert f[kind + "tripartite.meetings"].value == 3
    assert f[kind + "disability_council.meetings"].value == 2
    assert f[kind + "tripartite.questions"].value == 5
    assert f[kind + "disability_council.questions"].value == 3
    assert f[kind + "social_assistance.meetings"].value == 0  # the demo's year (demo-year 2018) makes them
    assert f["commissions.meetings"].value == 0  # the other commissions' meetings are not the special one's
    for code, figure in f.items():
        if not code.startswith(kind):
            continue
        records = commission_records(actor=head, year=2018, prefix="3516", code=code)
        assert records is not None and records.total() == figure.value, code
        assert len(records.show(list(records.queryset[:3]))) == min(3, figure.value or 0), code
    # The year before knows none of it; a user of another territory sees none of it.
    assert _figures(head, 2017, "3516")[kind + "work_experience.meetings"].value == 0
    almaty = make_user(Role.DEPARTMENT_HEAD, units=("750000000",), reach=Reach.UNITS, username="almaty")
    assert _figures(almaty, 2018, "3516")[kind + "semipalatinsk.certificates"].value == 0
