"""The portal in English: every page of the citizen, rendered with English chosen, has no Kazakh or
Russian text of the interface (the family's own names and addresses are theirs, in any language)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.utils import translation

from komek.applications.models import Application

pytestmark = pytest.mark.django_db
CYRILLIC = re.compile(r"[\u0400-\u04FF][\u0400-\u04FF \-.,«»()0-9]*")
#: The language switch names each language in itself.
OWN_NAMES = {"ҚАЗ", "РУС"}


def _text(html: str) -> str:
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def _foreign(html: str, allowed: set[str]) -> list[str]:
    found = {m.group(0).strip() for m in CYRILLIC.finditer(_text(html))}
    return sorted(f for f in found if f and f not in OWN_NAMES and not any(f in a or a in f for a in allowed))


def test_every_page_of_the_citizen_is_english_in_english(
    household: Any, signed_in: Any, receive: Any
) -> None:
    client = signed_in(household.head)
    with translation.override("ru"):
        receive(household.head)
    app = Application.objects.order_by("pk").first()
    allowed = set()
    for member in (household.head, household.spouse, household.child):
        allowed |= {member.surname, member.name, member.patronymic, member.full_name, member.street}
    allowed |= {household.family.street}
    allowed = {a for a in allowed if a}
    pages = ["/my/", "/my/services/", "/my/services/tsa/", "/my/contacts/"]
    if app is not None:
        pages.append(f"/my/applications/{app.pk}/")
    problems = {}
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url  # noqa: PLR2004
        foreign = _foreign(response.content.decode(), allowed)
        if foreign:
            problems[url] = foreign
    anonymous = client.__class__(HTTP_ACCEPT_LANGUAGE="en")
    for url in ["/my/sign-in/"]:
        foreign = _foreign(anonymous.get(url).content.decode(), allowed)
        if foreign:
            problems[url] = foreign
    assert problems == {}
