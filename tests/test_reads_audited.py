"""Every page, export and API answer that shows a person writes one read row naming that person.

The demo town is built through the demo's own commands; every URL pattern is opened (GET) by the
first role whose answer is 200, and the answer is searched for every person's IIN and full name.
A person found without a read or export row of that request naming them (``person_id`` or
``changes["persons"]``) fails the test, and so does a request writing the same row twice.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any

import pytest
from django.test import Client

from komek.accounts.choices import Role
from komek.accounts.models import User
from komek.common.choices import AuditAction
from komek.common.models import AuditLog
from komek.registry.models import Person
from tests.pages import build_demo_town, every_pattern, url_of

pytestmark = pytest.mark.django_db

IIN = re.compile(r"(?<!\d)\d{12}(?!\d)")
# Files that show persons but cannot be searched as text (figures' workbooks show none).
BINARY = ("application/pdf",)
# Not pages of staff: the portal's channel signs each request (the login page shows no one).
NOT_STAFF = {"applications:portal_applications", "applications:portal_status", "accounts:logout"}
# Pages that only act (POST) on what the demo town has none of: a council decision, a housing
# receipt, an appeal. Their GET answers 405 and shows nobody.
NO_DEMO_OBJECT = {
    "legislation:decision_retire",
    "applications:housing_receipt_remove",
    "applications:appeal_decide",
}


def named_persons(rows: list[AuditLog]) -> set[int]:
    named: set[int] = set()
    for row in rows:
        if row.person_id is not None:
            named.add(row.person_id)
        named.update((row.changes or {}).get("persons") or [])
    return named


def citizen_client() -> Client:
    """The citizen portal's pages are the citizen's (``/my/``): the applicant of the demo town's first
    application, signed in as the portal's identity provider signs a citizen in."""
    from komek.applications.models import Application
    from komek.portal.web import SESSION_KEY

    person = Application.objects.order_by("pk").first().applicant  # type: ignore[union-attr]
    client = Client()
    session = client.session
    session[SESSION_KEY] = {"person_id": person.pk, "iin": person.iin, "kato": person.kato_id}
    session.save()
    return client


def clients() -> list[tuple[str, Client]]:
    out = []
    for role in Role:
        client = Client()
        client.force_login(User.objects.get(username=f"demo_{role.value}"))
        out.append((role.value, client))
    return out


class Registry:
    """Every person of the constructed data by IIN and by "surname name"."""

    def __init__(self) -> None:
        self.iins = dict(Person.objects.values_list("iin", "pk"))
        self.names: dict[str, set[int]] = {}
        for pk, surname, name in Person.objects.values_list("pk", "surname", "name"):
            self.names.setdefault(f"{surname} {name}", set()).add(pk)
        self.patterns = {full: re.compile(rf"(?<!\w){re.escape(full)}(?!\w)") for full in self.names}

    def unnamed(self, text: str, named: set[int]) -> tuple[set[int], str]:
        """The persons the text shows whom no read row names, and where the last one stands."""
        missing = {self.iins[i] for i in IIN.findall(text) if i in self.iins} - named
        where = ""
        for full, persons in self.names.items():
            found = self.patterns[full].search(text) if full in text else None
            if found and not persons & named:
                missing |= persons
                where = " ".join(text[max(0, found.start() - 400) : found.end() + 60].split())
        return missing, where


def problems(name: str, response: Any, rows: list[AuditLog], registry: Registry) -> list[str]:
    """What is wrong with one answer and the read rows its request wrote."""
    out = []
    keys = Counter(
        (r.action, r.object_type, r.object_id, r.person_id, json.dumps(r.changes, sort_keys=True))
        for r in rows
    )
    twice = [k for k, n in keys.items() if n > 1]
    if twice:
        out.append(f"{name}: one request wrote the same read row {keys[twice[0]]} times: {twice[0]}")
    content_type = response.get("Content-Type", "")
    if content_type.startswith(BINARY):
        if not rows:
            out.append(f"{name}: a file ({content_type}) taken away without a read row")
        return out
    body = b"".join(response.streaming_content) if response.streaming else response.content
    missing, where = registry.unnamed(body.decode("utf-8", errors="replace"), named_persons(rows))
    if missing:
        out.append(f"{name}: {len(missing)} persons shown without a read row naming them: {where}")
    return out


def test_every_page_with_personal_data_writes_one_read_row_naming_the_persons(
    settings: Any, kato: None
) -> None:
    settings.DEBUG = True  # the demo commands' guard; the pages are the same
    build_demo_town()
    registry = Registry()
    by_role = clients()
    citizen = [("citizen", citizen_client())]
    failures: list[str] = []
    opened = 0
    for page in every_pattern():
        if page.name in NOT_STAFF:
            continue
        url = url_of(page, fallback=page.name in NO_DEMO_OBJECT)
        if url is None:
            failures.append(f"{page.name}: the constructed data has no object for {page.route}")
            continue
        if page.name == "registry:person_search":  # a search that finds someone
            url += "?q=" + Person.objects.filter(kato__code__startswith="3516").order_by("pk")[0].surname[:3]
        for _role, client in citizen if page.name.startswith("portal:") else by_role:
            before = AuditLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            response = client.get(url)
            if response.status_code == 200:  # noqa: PLR2004
                break
        else:
            continue
        opened += 1
        rows = list(AuditLog.objects.filter(pk__gt=before, action__in=[AuditAction.READ, AuditAction.EXPORT]))
        failures += problems(page.name, response, rows, registry)
    assert opened > 80, opened  # noqa: PLR2004
    assert not failures, "\n".join(failures)
