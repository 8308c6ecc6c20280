"""Programmes in words: a page shows a programme's title in the reader's language, never its code,
and reads the titles once a request however many rows name a programme."""

from __future__ import annotations

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from komek.legislation import titles
from komek.legislation.titles import programme_title

pytestmark = pytest.mark.django_db


def test_a_programme_in_words_in_each_language():
    titles = {language: programme_title("tsa", language) for language in ("kk", "ru", "en")}
    assert all(title and title != "tsa" for title in titles.values())
    assert len(set(titles.values())) == 3
    assert programme_title("no_such_programme", "ru") == "no_such_programme"


def test_the_filter_shows_the_title_and_a_dash_for_none():
    template = Template("{% load rules %}{{ code|programme }}|{{ none|programme }}")
    with translation.override("ru"):
        shown = template.render(Context({"code": "tsa", "none": None}))
    assert shown == f"{programme_title('tsa', 'ru')}|—"


def test_one_read_a_request_and_a_fresh_read_outside_one():
    # What the request_started and request_finished signals call (sending them here would also
    # close the test's database connection, as Django does at the end of a request).
    programme_title("tsa", "ru")  # the engine built once (its own reads of the legislation)
    titles._started()
    try:
        with CaptureQueriesContext(connection) as inside:
            for _ in range(50):
                programme_title("tsa", "ru")
    finally:
        titles._finished()
    with CaptureQueriesContext(connection) as outside:
        programme_title("tsa", "ru")
        programme_title("tsa", "ru")
    assert len(inside) == 1 and len(outside) == 2
