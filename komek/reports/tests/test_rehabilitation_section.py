"""The rehabilitation section: the coverage table of the year, narrowed to the report's territory."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from komek.accounts.choices import Reach, Role
from komek.rehabilitation.tests.conftest import YEAR, make_disabled, make_ipr, specialist  # noqa: F401
from komek.reports.selectors import annual_report
from komek.reports.tests.conftest import ALMALY, BALKHASH

pytestmark = pytest.mark.django_db


def test_queues_and_security_of_the_territory(
    make_disabled: Callable[..., Any],  # noqa: F811
    make_ipr: Callable[..., Any],  # noqa: F811
    make_user: Callable[..., Any],
) -> None:
    """Two persons of Balkhash waiting for a wheelchair since last year: two in its queue at the year's
    end, none provided, security 0%; the report of Almaty's district counts none of them."""
    for number in ("IPR-1", "IPR-2"):
        make_ipr(make_disabled(), kinds=("wheelchair",), number=number)
    national = make_user(Role.ANALYST, reach=Reach.NATIONAL, username="national_analyst")
    balkhash = annual_report(actor=national, year=YEAR - 1, territory=BALKHASH).as_json()
    got = {f["code"]: f for s in balkhash["sections"] for f in s["figures"]}
    assert got["rehab.wheelchair.queue"]["value"] == 2
    assert got["rehab.wheelchair.provided"]["value"] == 0
    assert (got["rehab.wheelchair.security"]["value"], got["rehab.wheelchair.security"]["unit"]) == (
        0,
        "percent",
    )
    assert got["rehab.prosthetic.security"]["value"] is None  # nobody needed it
    almaty = annual_report(actor=national, year=YEAR - 1, territory=ALMALY).as_json()
    assert {f["code"]: f["value"] for s in almaty["sections"] for f in s["figures"]}[
        "rehab.wheelchair.queue"
    ] == 0
