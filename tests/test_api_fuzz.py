"""Schemathesis over every OpenAPI document the project publishes, bounded (issue 14, point 7).

Each document is fetched from the application itself and every call made to Komek's WSGI
handler in-process (``schema.app``); every operation in it is called with inputs generated from the document —
valid ones (positive) and ones the document forbids (negative) — and each answer must be no server
error and conform to the document: a documented status code, its content type, its body schema and
its headers. Signed-in staff call as a caseworker of Balkhash; the portal's operations are called
twice over, unsigned (what anyone may send) and signed with the channel's secret, so the generated
bodies reach the validation behind the signature; one known applicant and one portal application
are in the registry so some inputs find them.

Bounded and independent of the machine's speed: ``MAX_EXAMPLES`` per operation and mode,
derandomized (the same inputs on every run), no deadline, nothing kept between runs. ADR 0028.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.test import Client
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from komek.accounts.choices import Role

#: The published OpenAPI documents (drf-spectacular; one today: the portal and the status API).
SCHEMAS = ["/services/api/schema/"]
MAX_EXAMPLES = 30
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
SECRET = "api-fuzz-portal-secret-0123456789abcdef"
SIGNATURE = "X-Komek-Signature"


@dataclass
class Tally:
    """What was run: examples per operation and mode, and the failures found (as text)."""

    examples: dict[str, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)


@dataclass
class Known:
    """What the registry holds for the inputs to find: an applicant's IIN, a portal application."""

    iin: str
    number: str
    application_id: int


@contextlib.contextmanager
def connection_kept() -> Iterator[None]:
    """Calls through the WSGI handler keep the test's database connection (its transaction), as
    Django's test client does: the handler's signals would close it after each request. (Django's
    test client connects the signals again after each of its own requests.)"""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def known(
    make_user: Callable[..., Any], make_person: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> Known:
    from komek.applications.services.catalogue import catalogue_load
    from komek.applications.services.intake import application_receive
    from komek.applications.services.portal import PORTAL

    monkeypatch.setenv("KOMEK_PORTAL_SECRET", SECRET)
    catalogue_load()
    make_user(Role.CASEWORKER, username="fuzz_caseworker")
    person = make_person(surname="Сейтова", name="Айгуль", birth_date=dt.date(1984, 3, 12), sex="female")
    app = application_receive(
        actor=PORTAL, service="tsa", channel="portal", applicant_id=person.pk, language="kk",
        documents=["application", "identity", "residence", "family", "incomes", "bank_account"],
        bank_bic="HSBKKZKX", iban="KZ20601KZT5004100100", external_id="FUZZ-0001",
    )  # fmt: skip
    return Known(iin=person.iin, number=app.number, application_id=app.pk)


def _staff() -> Client:
    from komek.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="fuzz_caseworker"))
    return client


def _signed(case: Any, known: Known, *, sign: bool) -> dict[str, Any]:
    """The call's own body and signature: the portal signs the raw bytes it sends (the number, for
    a status query); some generated inputs are pointed at the known applicant or application."""
    from komek.applications.services.portal import sign as hmac_sign

    kwargs: dict[str, Any] = {}
    body = case.body
    if isinstance(body, dict) and "applicant_iin" in body and len(json.dumps(body)) % 3 == 0:
        body["applicant_iin"] = known.iin
    if case.path_parameters and "number" in case.path_parameters and len(str(case.path_parameters)) % 3 == 0:
        case.path_parameters["number"] = known.number
    if case.path_parameters and "pk" in case.path_parameters and case.path_parameters["pk"] % 3 == 0:
        case.path_parameters["pk"] = known.application_id
    if not sign:
        return kwargs
    if case.method.upper() == "POST":
        raw = json.dumps(body).encode() if isinstance(body, dict | list | str | int | float | bool) else b""
        kwargs["data"] = raw
        signed = raw
    else:
        signed = str(case.path_parameters.get("number", "")).encode()
    case.headers = {**(case.headers or {}), SIGNATURE: hmac_sign(signed, SECRET.encode())}
    return kwargs


def _fuzz(
    operation: Any, mode: GenerationMode, tally: Tally, label: str, call: Callable[[Any], None]
) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=MAX_EXAMPLES, derandomize=True, deadline=None, database=None,
        suppress_health_check=list(HealthCheck),
    )  # fmt: skip
    def run(case: Any) -> None:
        tally.examples[label] = tally.examples.get(label, 0) + 1
        try:
            call(case)
        except Exception as exc:  # a failed check: collected, reported together at the end
            tally.failures.append(f"{label}: {exc}")

    run()


def _fuzz_operation(operation: Any, known: Known, cookies: dict[str, str], tally: Tally) -> None:
    """Each generation mode; a portal operation both unsigned and signed."""
    portal = SIGNATURE in {p.name for p in operation.headers} if operation.headers else False
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
        for sign in (False, True) if portal else (False,):
            label = f"{operation.label} [{mode.value}{', signed' if sign else ''}]"

            def call(case: Any, sign: bool = sign) -> None:
                extra = _signed(case, known, sign=sign)
                case.call_and_validate(cookies=cookies, checks=CHECKS, **extra)

            _fuzz(operation, mode, tally, label, call)


@pytest.mark.django_db
@pytest.mark.parametrize("location", SCHEMAS)
def test_every_operation_answers_as_documented(location: str, known: Known) -> None:
    """Every operation of the published document, fed generated valid and invalid inputs, never
    answers a server error and always answers as the document says."""
    staff = _staff()  # the document is for signed-in staff
    cookies = {"sessionid": staff.cookies["sessionid"].value}
    published = staff.get(location, HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert published.status_code == 200, published.content[:200]
    schema = schemathesis.openapi.from_dict(json.loads(published.content))
    schema.app = get_wsgi_application()  # every call goes to Komek itself, in-process (WSGI)
    schema.location = location
    tally = Tally()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert operations, "the document publishes no operation"
    with connection_kept():
        for operation in operations:
            _fuzz_operation(operation, known, cookies, tally)
    total = sum(tally.examples.values())
    print(f"\n{location}: {len(operations)} operations, {total} examples, {len(tally.failures)} failures")
    for label, count in sorted(tally.examples.items()):
        print(f"  {label}: {count} examples")
    assert all(tally.examples.values()), tally.examples
    assert not tally.failures, "\n\n".join(tally.failures[:10])
