"""The page that retires a council decision shows only decisions of the administrator's territory."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from komek.accounts.choices import Role
from komek.legislation.services.decisions import programme_version_add
from komek.legislation.tests.test_services import spec

pytestmark = pytest.mark.django_db


def test_a_foreign_decision_is_not_found(administrator: Any, make_user: Any) -> None:
    version = programme_version_add(actor=administrator, spec=spec())  # Balkhash's council
    own, foreign = Client(), Client()
    own.force_login(administrator)
    foreign.force_login(make_user(Role.ADMINISTRATOR, units=("751110000",)))  # Almaty's administrator
    url = f"/rules/decisions/{version.pk}/retire/"
    assert own.get(url).status_code == 200  # noqa: PLR2004
    answer = foreign.get(url)
    assert answer.status_code == 404  # noqa: PLR2004
    assert version.legal_basis not in answer.content.decode()
    assert foreign.post(url, {"effective_from": "2027-03-01", "reason": "x"}).status_code == 404  # noqa: PLR2004
    assert foreign.get("/rules/decisions/999999/retire/").status_code == 404  # noqa: PLR2004
