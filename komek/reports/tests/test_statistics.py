"""The monthly and quarterly statistics (issue 13): recipients and amounts by programme, kind and
family type, participations in measures by measure and target group, rehabilitation provision; each
cell its records; the XLSX of a table; scoped and audited like the annual report."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from komek.common.errors import DomainError, NotFound, PermissionDenied
from komek.common.models import AuditLog
from komek.reports.selectors.statistics import statistics, statistics_cell
from komek.reports.tests.conftest import ALMALY, BALKHASH, YEAR, Year

pytestmark = pytest.mark.django_db


def cells(data: Any, table: str) -> dict[tuple[str, int, str], int]:
    """The table's non-zero cells: ``{(row, period, measure): value}``."""
    return {(row.key, n, m): v for row, row_cells in data.table(table).grid for n, m, v in row_cells if v}


def test_monthly_tables_from_the_year(year: Year, analyst: Any) -> None:
    """TSA's 20,000 a month to one family, housing's 5,000 to one person for January to March, the
    council's 24,050 in February; the social job started in April."""
    data = statistics(actor=analyst, year=YEAR, territory=BALKHASH, period="monthly")
    assert cells(data, "paid.programme") == {
        **{("tsa", m, "recipients"): 1 for m in (1, 2, 3)},
        **{("tsa", m, "amount"): 20_000 for m in (1, 2, 3)},
        **{("housing", m, "recipients"): 1 for m in (1, 2, 3)},
        **{("housing", m, "amount"): 5_000 for m in (1, 2, 3)},
        ("balkhash.hiv", 2, "recipients"): 1,
        ("balkhash.hiv", 2, "amount"): 24_050,
    }
    assert cells(data, "measures.measure") == {("social_job", 4, "participations"): 1}
    assert not cells(data, "rehab.aid")
    assert [label for _n, label in data.table("paid.kind").periods][0] == "January"


def test_quarterly_tables_count_recipients_once_a_quarter(year: Year, analyst: Any) -> None:
    """A quarter counts the family paid in each of its months once; family types by composition:
    the three adults a family without children, the person paid alone and the family of one alone."""
    data = statistics(actor=analyst, year=YEAR, territory=BALKHASH, period="quarterly")
    assert cells(data, "paid.kind") == {
        ("tsa_unconditional", 1, "recipients"): 1, ("tsa_unconditional", 1, "amount"): 60_000,
        ("regular", 1, "recipients"): 1, ("regular", 1, "amount"): 15_000,
        ("one_time", 1, "recipients"): 1, ("one_time", 1, "amount"): 24_050,
    }  # fmt: skip
    assert cells(data, "paid.family_type") == {
        ("alone", 1, "recipients"): 2, ("alone", 1, "amount"): 39_050,
        ("no_children", 1, "recipients"): 1, ("no_children", 1, "amount"): 60_000,
    }  # fmt: skip
    assert cells(data, "measures.measure") == {("social_job", 2, "participations"): 1}
    groups = cells(data, "measures.group")
    assert all(n == 2 and v == 1 for (_g, n, _m), v in groups.items())


@pytest.mark.parametrize("period", ["monthly", "quarterly"])
def test_every_cell_is_its_records(year: Year, analyst: Any, period: str) -> None:
    """Each non-zero cell of every table lists records whose count (or sum of money) is the cell."""
    data = statistics(actor=analyst, year=YEAR, territory=BALKHASH, period=period)
    checked = 0
    for table in data.tables:
        for (key, n, measure), value in cells(data, table.code).items():
            found = statistics_cell(
                actor=analyst, year=YEAR, territory=BALKHASH, period=period, table=table.code, key=key,
                number=n, measure=measure,
            )  # fmt: skip
            assert (found.figure.value, found.total) == (value, value), (table.code, key, n, measure)
            checked += 1
    assert checked >= 10
    read = AuditLog.objects.filter(object_type="reports.statistics", action="read").latest("id")
    assert read.changes["persons"]  # the last cell read names its persons


def test_the_family_type_cell_lists_the_persons_alone(year: Year, analyst: Any) -> None:
    found = statistics_cell(
        actor=analyst, year=YEAR, territory=BALKHASH, period="quarterly", table="paid.family_type",
        key="alone", number=1, measure="recipients",
    )  # fmt: skip
    housing_head = year.housing_family.memberships.get(relation="head").person
    assert {r.persons for r in found.rows} == {(housing_head.pk,), (year.patient.pk,)}


def test_refusals(year: Year, analyst: Any) -> None:
    """Outside the territory: refused and audited; a bad period or an unknown cell: a clear error."""
    with pytest.raises(PermissionDenied):
        statistics(actor=analyst, year=YEAR, territory=ALMALY)
    assert AuditLog.objects.filter(action="refuse", object_id=f"{YEAR}:{ALMALY}").exists()
    with pytest.raises(DomainError, match="monthly or quarterly") as caught:
        statistics(actor=analyst, year=YEAR, territory=BALKHASH, period="weekly")
    assert caught.value.field == "period"
    with pytest.raises(NotFound):
        statistics_cell(
            actor=analyst, year=YEAR, territory=BALKHASH, period="monthly", table="paid.kind",
            key="tsa_unconditional", number=13, measure="amount",
        )  # fmt: skip


def test_the_page_links_cells_and_exports_a_table(year: Year, analyst: Any, client: Client) -> None:
    client.force_login(analyst)
    url = reverse("statistics")
    page = client.get(url, {"year": str(YEAR), "period": "quarterly", "territory": BALKHASH})
    assert page.status_code == 200
    cell = reverse("statistics_records", args=["paid.programme", "tsa", 1, "amount"])
    html = page.content.decode()
    assert f'href="{cell}?year={YEAR}&amp;period=quarterly&amp;territory={BALKHASH}"' in html
    listed = client.get(cell, {"year": str(YEAR), "period": "quarterly", "territory": BALKHASH})
    assert listed.status_code == 200 and "60" in listed.content.decode()
    exported = client.get(
        url,
        {
            "year": str(YEAR),
            "period": "quarterly",
            "territory": BALKHASH,
            "table": "paid.programme",
            "format": "xlsx",
        },
    )
    assert exported.status_code == 200
    sheet = load_workbook(io.BytesIO(exported.content)).active
    assert sheet is not None
    rows = [r[1:3] for r in sheet.iter_rows(min_row=3, values_only=True)]
    assert rows == [(1, 24_050), (1, 15_000), (1, 60_000)]  # by code: balkhash.hiv, housing, tsa
    assert AuditLog.objects.filter(object_type="reports.statistics", action="export").exists()
    assert client.get(url, {"year": str(YEAR), "territory": ALMALY}).status_code == 403
    assert client.get(url, {"year": str(YEAR), "territory": BALKHASH, "period": "weekly"}).status_code == 400
