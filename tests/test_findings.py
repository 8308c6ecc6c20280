"""Smaller findings of the security probe, each with the answer it must now give."""

from __future__ import annotations

import json
import threading
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from komek.accounts.choices import Role
from komek.applications import api_schema
from komek.applications.services.catalogue import catalogue_load
from komek.applications.services.portal import SIGNATURE_HEADER, sign
from komek.registry.filenames import download_name
from komek.registry.services.documents import document_attach
from komek.registry.services.families import MemberSpec, family_create

pytestmark = pytest.mark.django_db
ALMATY = "751110000"


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_schema_is_generated_once_for_concurrent_first_requests() -> None:
    """Eight first requests at once on a fresh process get one and the same document."""
    api_schema._published.clear()
    start = threading.Barrier(8)
    results: list[Any] = []

    def ask() -> None:
        start.wait()
        results.append(api_schema.published_schema())

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 8 and all(r is results[0] for r in results)  # noqa: PLR2004
    assert "/services/portal/applications/" in results[0]["paths"]


def test_the_schema_documents_errors_and_refuses_an_empty_external_id(registrar: Any) -> None:
    answer = signed_in(registrar).get("/services/api/schema/?format=json")
    assert answer.status_code == 200  # noqa: PLR2004
    schema = json.loads(answer.content)
    delivery = schema["paths"]["/services/portal/applications/"]["post"]["responses"]
    assert {"400", "401", "404", "409", "415"} <= set(delivery)
    status = schema["paths"]["/services/portal/applications/{number}/"]["get"]["responses"]
    assert "404" in status
    assert delivery["415"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
    external_id = schema["components"]["schemas"]["PortalApplication"]["properties"]["external_id"]
    assert external_id["minLength"] == 1


def test_the_api_answers_json_errors(registrar: Any, monkeypatch: Any) -> None:
    """A URL under the API that names nothing, and a body that is not JSON: JSON errors, no HTML."""
    client = signed_in(registrar)
    for url in ("/services/api/applications/abc/", "/services/api/nothing/", "/services/portal/x/y/z/"):
        answer = client.get(url)
        assert answer.status_code == 404 and answer["Content-Type"] == "application/json", url  # noqa: PLR2004
        assert json.loads(answer.content)["code"] == "not_found"
    assert json.loads(client.get("/services/api/applications/999999/").content)["code"] == "not_found"
    assert "text/html" in client.get("/persons/999999/").get("Content-Type", "")  # pages stay pages
    secret = "s" * 40
    monkeypatch.setenv("KOMEK_PORTAL_SECRET", secret)
    body = b"external_id=1"
    answer = Client().post(
        "/services/portal/applications/",
        body,
        content_type="text/plain",
        headers={SIGNATURE_HEADER: sign(body, secret.encode())},
    )
    assert answer.status_code == 415  # noqa: PLR2004
    assert json.loads(answer.content)["code"] == "unsupported_media_type"


def test_the_assignments_of_an_unknown_or_foreign_family_are_not_found(
    registrar: Any, make_person: Any, make_user: Any
) -> None:
    head = make_person()
    family = family_create(actor=registrar, kato=head.kato_id, members=[MemberSpec(head, "head")])
    accountant = signed_in(make_user(Role.ACCOUNTANT))
    assert accountant.get(f"/benefits/family/{family.pk}/").status_code == 200  # noqa: PLR2004
    assert accountant.get("/benefits/family/999999/").status_code == 404  # noqa: PLR2004
    almaty = signed_in(make_user(Role.ACCOUNTANT, units=(ALMATY,)))
    assert almaty.get(f"/benefits/family/{family.pk}/").status_code == 404  # noqa: PLR2004


def test_intake_does_not_tell_that_an_iin_is_registered_elsewhere(make_user: Any, make_person: Any) -> None:
    catalogue_load()
    almaty_registrar = make_user(Role.REGISTRAR, units=(ALMATY,))
    elsewhere = make_person(kato=ALMATY, actor=almaty_registrar)  # registered in Almaty
    answer = signed_in(make_user(Role.REGISTRAR)).post(  # Balkhash's registrar
        "/services/new/tsa/",
        {"applicant_iin": elsewhere.iin, "channel": "office", "language": "ru"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    text = answer.content.decode()
    assert "No person with this IIN in your territory&#x27;s registry" in text
    assert "outside your territorial units" not in text


@pytest.mark.parametrize(
    ("original", "extension", "name"),
    [
        ("scan.pdf", ".pdf", "scan.pdf"),
        ("scan.exe", ".pdf", "scan.pdf"),
        ("photo.JPEG", ".jpg", "photo.JPEG"),
        ("photo.png", ".jpg", "photo.jpg"),
        ("passport", ".png", "passport.png"),
        ("C:\\Users\\scan.html", ".pdf", "scan.pdf"),
        ("", ".pdf", "document.pdf"),
    ],
)
def test_a_downloaded_document_is_named_after_what_it_is(original: str, extension: str, name: str) -> None:
    assert download_name(original, extension) == name


def test_the_download_carries_the_sniffed_extension(registrar: Any, make_person: Any) -> None:
    person = make_person()
    doc = document_attach(
        actor=registrar,
        upload=SimpleUploadedFile("invoice.exe", b"%PDF-1.4\n%x\n", content_type="application/x-msdownload"),
        doc_type="identity",
        person=person,
    )
    answer = signed_in(registrar).get(f"/documents/{doc.pk}/")
    assert answer.status_code == 200  # noqa: PLR2004
    assert 'filename="invoice.pdf"' in answer["Content-Disposition"]
