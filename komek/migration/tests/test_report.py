"""The figures of migration come out of the records: the demo's kandas, invitations, permits and
checks reproduce what the report of the Almaty Social Welfare Department for 2020 prints, and each
figure's records add up to it."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings

from komek.accounts.policy import system
from komek.common import annual
from komek.demo.migration import demo_migration
from komek.migration.report import migration_figures, migration_records

pytestmark = pytest.mark.django_db


def _figures(actor: Any, year: int, prefix: str) -> dict[str, Any]:
    return {f.code: f for f in migration_figures(actor=actor, year=year, prefix=prefix)}


def test_almaty_2020_as_its_report_prints_it(kato: None, counsellor: Any, balkhash_counsellor: Any) -> None:
    """ "обратилось 2 400 этнических казахов, присвоен статус оралмана – 516 чел., выдано приглашений ...
    – 82 (28 заявлений от граждан РК). Странами исхода ... КНР – 579 чел., Узбекистан – 106 чел. ...
    квота в размере 1 897 ед. (I категория – 304, II категория – 884, III категория – 660, IV категория
    – 49). Всего выдано 1 153 разрешения (I категория – 146, II категория – 572, III категория – 408,
    IV категория – 27) ... уплачен налоговый сбор ... 522 млн. тенге. ... Китай – 45%, Украина – 12%,
    Турция – 9%, Индия – 4%"."""
    out = io.StringIO()
    with override_settings(DEMO=True):
        call_command("demo_migration", stdout=out)  # `komek demo-migration`
    assert "516 kandas statuses" in out.getvalue()
    assert demo_migration(system("tests")) == 0  # idempotent
    f = _figures(counsellor, 2020, "75")
    assert f["migration.kandas.consulted"].value == 2400
    assert f["migration.kandas.assigned"].value == 516
    assert f["migration.kandas.persons"].value == 759
    arrived = {"CN": 579, "UZ": 106, "MN": 40, "KG": 18, "AF": 5, "TM": 6, "TR": 2, "RU": 2, "IR": 1}
    for country, n in arrived.items():
        assert f[f"migration.kandas.country.{country}"].value == n, country
    assert f["migration.kandas.invitations"].value == 82
    assert f["migration.kandas.invitations_citizens"].value == 28
    assert f["migration.foreign.quota"].value == 1897
    quota = {"1": 304, "2": 884, "3": 660, "4": 49}
    permits = {"1": 146, "2": 572, "3": 408, "4": 27}
    for category in quota:
        assert f[f"migration.foreign.quota.{category}"].value == quota[category]
        assert f[f"migration.foreign.permits.{category}"].value == permits[category]
    assert f["migration.foreign.permits"].value == 1153
    assert f["migration.foreign.fee"].value == 522_000_000
    workers = f["migration.foreign.workers"].value
    shares = {"CN": 45, "UA": 12, "TR": 9, "IN": 4}
    for country, share in shares.items():
        assert round(100 * f[f"migration.foreign.country.{country}"].value / workers) == share, country
        # The report prints them as shares: 519 of 1 153 is 45.0 %.
        assert f[f"migration.foreign.country.{country}.share"].value == Decimal(share), country
    for code, figure in f.items():
        records = migration_records(actor=counsellor, year=2020, prefix="75", code=code)
        if code.startswith("migration.foreign.quota") or code.endswith(".share"):
            assert records is None  # the legislation's value, not records'
            continue
        assert records is not None and records.total() == figure.value, code
        assert len(records.show(list(records.queryset[:3]))) == min(3, records.count()), code
    # The year after knows none of it; a user of another territory sees none of it.
    assert _figures(counsellor, 2021, "75")["migration.kandas.assigned"].value == 0
    assert _figures(counsellor, 2021, "75")["migration.foreign.quota"].value == 0
    other = _figures(balkhash_counsellor, 2020, "75")
    assert other["migration.kandas.assigned"].value == 0
    assert other["migration.foreign.permits"].value == 0
    assert "migration" in {s.code for s in annual.sections()}
