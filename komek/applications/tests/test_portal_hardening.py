"""The portal channel under hostile or faulty input: duplicates delivered at the same moment answer
409, implausible submission times, oversize and deeply nested bodies a clear 400/413, and unsigned
clients are throttled with their refusals counted on one audit row; the portal's rows are filed
under the territory they concern."""

from __future__ import annotations

import datetime as dt
import json
import threading
from typing import Any

import pytest
from django.db import connections
from django.test import Client
from django.utils import timezone

from komek.accounts.selectors.audit import AuditFilter, audit_search
from komek.applications.models import Application
from komek.applications.services.portal import OBJECT_TYPE, sign
from komek.common.models import AuditLog, RefusalWindow

from .conftest import BIC, IBAN

SECRET = "portal-test-secret-0123456789"
URL = "/services/portal/applications/"


@pytest.fixture(autouse=True)
def portal_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOMEK_PORTAL_SECRET", SECRET)


def _body(person: Any, **extra: Any) -> bytes:
    data = {
        "external_id": "EGOV-2026-0042", "service": "tsa", "applicant_iin": person.iin,
        "documents": ["application", "incomes", "bank_account"], "language": "ru",
        "bank_bic": BIC, "iban": IBAN,
    }  # fmt: skip
    data.update(extra)
    return json.dumps(data).encode()


def _post(client: Client, body: bytes, signature: str | None = None, **headers: Any) -> Any:
    signature = sign(body, SECRET.encode()) if signature is None else signature
    headers.setdefault("HTTP_ACCEPT_LANGUAGE", "en")  # the messages checked are the English ones
    return client.post(
        URL, data=body, content_type="application/json", HTTP_X_KOMEK_SIGNATURE=signature, **headers
    )


def _portal_rows() -> Any:
    return AuditLog.objects.filter(object_type=OBJECT_TYPE)


# --- Submission time ----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("when", "words"),
    [
        (dt.datetime(1991, 12, 16, 10, 0, tzinfo=dt.UTC), "days ago"),
        (dt.datetime(2099, 1, 5, 10, 0, tzinfo=dt.UTC), "in the future"),
        (None, "in the future"),  # an hour ahead: beyond the clocks' allowed difference
    ],
)
def test_an_implausible_submission_time_is_refused(
    client: Client, household: Any, when: Any, words: str
) -> None:
    """A submission time before the channel's window or in the future is refused with the field named,
    nothing registered, the refusal filed under the applicant's territory."""
    when = when or timezone.now() + dt.timedelta(hours=1)
    # The applicant reads the refusal in the language of their letters.
    response = _post(client, _body(household.head, submitted_at=when.isoformat(), language="en"))
    assert response.status_code == 400, response.content
    message = response.json()["errors"]["submitted_at"][0]
    assert words in message
    assert not Application.objects.exists()
    row = _portal_rows().get()
    assert (row.reason, row.territory, row.person_id) == (
        "implausible submission time",
        household.head.kato_id,
        household.head.pk,
    )


@pytest.mark.django_db
def test_a_recent_submission_time_dates_the_application(client: Client, household: Any) -> None:
    """A submission of yesterday, and one a minute ahead of our clock (within the allowed difference),
    are registered with their own time."""
    yesterday = timezone.now() - dt.timedelta(days=1)
    response = _post(client, _body(household.head, submitted_at=yesterday.isoformat()))
    assert response.status_code == 201, response.content
    assert Application.objects.get().received_at == yesterday


# --- Bodies too large or too deep -----------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("depth", [9, 50, 30_000])
def test_a_deeply_nested_body_is_refused_before_parsing(client: Client, household: Any, depth: int) -> None:
    """A signed body nested deeper than the channel takes answers 400 naming the body, never a server
    error (Python's parser would recurse into a RecursionError), and the refusal is audited."""
    body = json.dumps({"external_id": "X", "applicant_iin": household.head.iin, "documents": []})[:-1]
    body += ', "circumstances": ' + "[" * depth + "]" * depth + "}"
    response = _post(client, body.encode())
    assert response.status_code == 400, response.content
    assert (
        response.json()["code"] == "malformed"
        and "deeper than 8 levels" in response.json()["errors"]["body"][0]
    )
    row = _portal_rows().get()
    assert row.reason == "malformed body" and row.territory == ""  # unread: nobody is known


@pytest.mark.django_db
def test_a_malformed_body_naming_a_known_applicant_is_filed_under_their_territory(
    client: Client, household: Any
) -> None:
    """A signed body that fails validation but names a registered applicant is filed under their territory."""
    response = _post(client, _body(household.head, housing_costs=-5))
    assert response.status_code == 400 and "housing_costs" in response.json()["errors"]
    row = _portal_rows().get()
    assert (row.reason, row.territory, row.person_id) == (
        "malformed body",
        household.head.kato_id,
        household.head.pk,
    )


@pytest.mark.django_db
def test_a_body_within_the_depth_is_read(client: Client, household: Any) -> None:
    """Brackets inside strings do not count as nesting."""
    response = _post(client, _body(household.head, external_id="[[[[[[[[[[[[{{{{{{{{{{"))
    assert response.status_code == 201, response.content


@pytest.mark.django_db
def test_an_oversize_body_is_refused_unread(client: Client, household: Any, settings: Any) -> None:
    """A body larger than the channel takes answers 413, refused on its declared size, unread."""
    settings.KOMEK_PORTAL_MAX_BODY_BYTES = 1000
    body = _body(household.head, padding="x" * 2000)
    response = _post(client, body)
    assert response.status_code == 413 and response.json()["code"] == "too_large"
    assert "1000 bytes" in response.json()["message"]
    assert not Application.objects.exists()
    assert _portal_rows().get().reason == "body too large"


# --- Unsigned clients: throttled, counted -----------------------------------------------------------


@pytest.fixture
def frozen_minute(monkeypatch: pytest.MonkeyPatch) -> dt.datetime:
    """The clock held in the middle of a minute, so that the test's requests share one window."""
    now = timezone.now().replace(second=30, microsecond=0)
    monkeypatch.setattr(timezone, "now", lambda: now)
    return now


@pytest.mark.django_db
def test_unsigned_deliveries_are_counted_on_one_row_and_throttled(
    client: Client, household: Any, settings: Any, frozen_minute: dt.datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One client's unsigned deliveries of a minute write one audit row and count the repeats beside it;
    past the limit they answer 429 with the seconds to wait; another client has its own count; the
    next minute starts a new row."""
    settings.KOMEK_PORTAL_UNSIGNED_PER_MINUTE = 3
    codes = [_post(client, _body(household.head), signature="sha256=00").status_code for _ in range(5)]
    assert codes == [401, 401, 401, 429, 429]
    throttled = _post(client, _body(household.head), signature="sha256=00")
    assert throttled["Retry-After"] == "30" and throttled.json()["code"] == "throttled"
    row = _portal_rows().get()
    assert (row.reason, row.territory, row.person_id) == ("bad signature", "", None)
    window = RefusalWindow.objects.get()
    assert (window.audit_id, window.count) == (row.pk, 6)
    other = _post(client, _body(household.head), signature="", REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 401 and _portal_rows().count() == 2
    monkeypatch.setattr(timezone, "now", lambda: frozen_minute + dt.timedelta(minutes=1))
    assert _post(client, _body(household.head), signature="sha256=00").status_code == 401
    assert _portal_rows().count() == 3 and RefusalWindow.objects.count() == 3


@pytest.mark.django_db
def test_signed_refusals_are_filed_under_the_applicants_territory(
    client: Client, household: Any, auditor: Any
) -> None:
    """A signed delivery refused (a duplicate) is filed under the applicant's territory, so the
    territory's auditor finds it; the registration is filed there too."""
    assert _post(client, _body(household.head)).status_code == 201
    assert _post(client, _body(household.head)).status_code == 409
    refusal = _portal_rows().get()
    assert refusal.territory == household.head.kato_id and refusal.person_id == household.head.pk
    seen = audit_search(user=auditor, filters=AuditFilter(person_id=household.head.pk))
    assert refusal in seen and seen.filter(object_type="applications.application", action="create").exists()


# --- Duplicates delivered at the same moment --------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("with_family", [True, False])
def test_concurrent_duplicates_answer_409(
    household: Any, make_person: Any, with_family: bool, audit_triggers_flushable: None
) -> None:
    """The same delivery posted by several clients at once: one is registered, every other answers
    409 (never 500) and its refusal is audited."""
    from komek.applications.services.catalogue import catalogue_load
    from komek.benefits.banks import banks_load

    catalogue_load()  # a transactional test starts from a flushed database
    banks_load()
    person = household.head if with_family else make_person(name="Ерлан", birth_date=dt.date(1980, 2, 2))
    body = _body(person)
    senders = 6
    barrier = threading.Barrier(senders)
    codes: list[int] = []

    def deliver() -> None:
        try:
            barrier.wait(timeout=120)
            codes.append(_post(Client(raise_request_exception=False), body).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=deliver) for _ in range(senders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert sorted(codes) == [201] + [409] * (senders - 1)
    assert Application.objects.filter(external_id="EGOV-2026-0042").count() == 1
    assert _portal_rows().filter(action="refuse", territory=person.kato_id).count() == senders - 1


@pytest.mark.django_db
def test_the_auditor_sees_the_count_of_a_repeated_refusal(
    client: Client, household: Any, settings: Any, frozen_minute: dt.datetime, make_user: Any
) -> None:
    """The national auditor finds the unsigned client's one row with the number of repeats beside it."""
    from komek.accounts.choices import Reach, Role

    for _ in range(4):
        _post(client, _body(household.head), signature="sha256=00")
    auditor = make_user(Role.AUDITOR, reach=Reach.NATIONAL, username="national_auditor")
    row = audit_search(user=auditor, filters=AuditFilter(action="refuse")).get(object_type=OBJECT_TYPE)
    assert row.repeated == 4  # type: ignore[attr-defined]
    staff = Client()
    staff.force_login(auditor)
    page = staff.get("/audit/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "repeated 4 times within the minute" in page
