"""The special commission's meetings as a list that scales (issue 15): found by protocol number or a
case on the agenda, narrowed by status, date and territory, sorted, paged and exported."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from typing import Any

from django.urls import reverse
from openpyxl import load_workbook

from komek.commissions.services.meetings import meeting_create

BALKHASH = "351600000"
URL = reverse("commissions:meeting_list")


def _numbers(client: Any, **query: str) -> list[str]:
    response = client.get(URL, query)
    assert response.status_code == 200
    return [m.number for m in response.context["listing"].page.object_list]


def test_the_meetings_list_finds_filters_sorts_and_exports(client, meeting, secretary, member, waiting):
    """The meeting of today with two cases and an earlier one without: each filter keeps its own."""
    today = meeting.date
    earlier = meeting_create(
        actor=secretary, kato=BALKHASH, date=today - dt.timedelta(days=30), quorum=1, member_ids=[member.pk]
    )
    client.force_login(member)
    assert _numbers(client) == [meeting.number, earlier.number]  # the newest first
    assert _numbers(client, sort="date") == [earlier.number, meeting.number]
    assert _numbers(client, sort="-cases") == [meeting.number, earlier.number]
    assert _numbers(client, q=earlier.number) == [earlier.number]
    assert _numbers(client, q=waiting[0].number) == [meeting.number]  # a case on its agenda
    assert _numbers(client, date_to=(today - dt.timedelta(days=1)).isoformat()) == [earlier.number]
    assert _numbers(client, date_from=today.isoformat()) == [meeting.number]
    assert _numbers(client, status="signed") == []
    assert _numbers(client, territory="3516") == [meeting.number, earlier.number]
    assert _numbers(client, territory="7511") == [meeting.number, earlier.number]  # not a choice: ignored
    page = client.get(URL, {"status": "wrong"}).content.decode()
    assert 'id="meeting-filter"' in page and "format=xlsx" in page

    export = client.get(URL, {"date_to": (today - dt.timedelta(days=1)).isoformat(), "format": "xlsx"})
    assert export["Content-Disposition"].endswith('commission-meetings.xlsx"')
    sheet = load_workbook(BytesIO(export.content)).active
    assert sheet is not None
    cells = [str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert earlier.number in cells and meeting.number not in cells
