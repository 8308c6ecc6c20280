"""The shared template filters: dates on the local calendar, money as staff write it."""

from __future__ import annotations

import datetime as dt

from komek.common.templatetags.komek import dmy, tenge


def test_a_moment_is_shown_on_almatys_calendar() -> None:
    """19:30 UTC on 4 December is already 5 December in Almaty, and the page says so."""
    moment = dt.datetime(2026, 12, 4, 19, 30, tzinfo=dt.UTC)
    assert dmy(moment) == "05.12.2026"
    assert dmy(dt.datetime(2026, 12, 4, 10, 0, tzinfo=dt.UTC)) == "04.12.2026"


def test_dates_and_empty_values() -> None:
    """A date, an ISO text and nothing are written dd.mm.yyyy or as a dash."""
    assert dmy(dt.date(2020, 4, 1)) == "01.04.2020"
    assert dmy("2020-04-01") == "01.04.2020"
    assert dmy(None) == "—"


def test_money_keeps_tiyn_only_when_there_are_some() -> None:
    """Whole tenge have no decimals; tiyn are written after a comma in Russian."""
    from django.utils import translation

    with translation.override("ru"):
        assert tenge(1234567) == "1\u202f234\u202f567\u00a0₸"
        assert tenge("1234.50") == "1\u202f234,50\u00a0₸"
        assert tenge(None) == "—"


def test_chart_partial_renders_data_block_and_table() -> None:
    """The chart include writes its figures twice: a JSON block the script draws, a table that prints."""
    import json

    from django.template.loader import render_to_string

    from komek.common.charts import Chart, Series

    chart = Chart(
        id="monthly",
        title="Paid by month",
        labels=["01.2026", "02.2026"],
        series=[Series("TSA", [1200, 3400]), Series("Housing", [10, 20])],
    )
    html = render_to_string("includes/chart.html", {"chart": chart})
    start = html.index('<script id="monthly-data" type="application/json">') + len(
        '<script id="monthly-data" type="application/json">'
    )
    data = json.loads(html[start : html.index("</script>", start)])
    assert data["labels"] == ["01.2026", "02.2026"]
    assert data["series"][1] == {"label": "Housing", "values": [10, 20]}
    assert '<canvas data-chart="monthly-data">' in html
    assert '<th scope="row">02.2026</th>' in html
    assert chart.rows() == [("01.2026", [1200, 10]), ("02.2026", [3400, 20])]
