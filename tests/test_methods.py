"""Every page answers 405 to a method it does not take: no view accepts any method."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.pages import every_pattern, url_of

pytestmark = pytest.mark.django_db


def test_every_url_refuses_an_unexpected_method(make_user: Any) -> None:
    """A signed-in administrator (the login middleware stops anonymous requests first) sends PUT
    and DELETE to every URL pattern, with ids that exist nowhere: each answers 405."""
    client = Client()
    client.force_login(make_user("administrator", reach="national"))
    accepted = []
    for page in every_pattern():
        url = url_of(page, fallback=True)
        assert url is not None
        for method in ("PUT", "DELETE"):
            status = client.generic(method, url).status_code
            if status != 405:  # noqa: PLR2004
                accepted.append(f"{method} {page.route} ({page.name or 'unnamed'}): {status}")
    assert not accepted, "\n".join(accepted)
