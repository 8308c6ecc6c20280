"""Client systems: the command, the bearer token, the message signature."""

from __future__ import annotations

import io
import time
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command
from django.core.management.base import CommandError

from komek.common.models import AuditLog
from komek.dci import signature
from komek.dci.auth import token_hash
from komek.dci.models import DciClient, DciTransaction
from komek.dci.tests.conftest import by_iin, envelope

pytestmark = pytest.mark.django_db


def test_the_command_registers_a_client_and_prints_its_token(kato, tmp_path) -> None:
    key = Ed25519PrivateKey.generate()
    pem = tmp_path / "key.pem"
    pem.write_text(signature.public_pem(key))
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "dci_client_add",
        "tsa.balkhash",
        "--territory",
        "351600000",
        "--public-key",
        str(pem),
        stdout=out,
        stderr=err,
    )
    token = out.getvalue().strip()
    client = DciClient.objects.get()
    assert client.token_hash == token_hash(token)
    assert client.territory == "3516" and client.record_types == ["Member", "Group"]
    assert "BEGIN PUBLIC KEY" in client.public_key
    assert AuditLog.objects.filter(object_type="dci.dciclient", action="create").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["x", "--territory", "999999999"],
        ["two words", "--territory", "351600000"],
        ["x", "--territory", "351600000", "--record-types", "Vehicle"],
        ["x", "--territory", "351600000", "--callback-uri", "ftp://x"],
    ],
)
def test_the_command_refuses_bad_input(kato, args) -> None:
    with pytest.raises(CommandError):
        call_command("dci_client_add", *args, stdout=io.StringIO(), stderr=io.StringIO())
    assert not DciClient.objects.exists()


def test_a_second_client_of_the_same_name_is_refused(dci_client) -> None:
    with pytest.raises(CommandError):
        call_command(
            "dci_client_add",
            "tsa.balkhash",
            "--territory",
            "351600000",
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )


def test_an_inactive_client_is_unauthorized(api, dci_client, town) -> None:
    client, token = dci_client
    DciClient.objects.filter(pk=client.pk).update(active=False)
    assert api("sync/search", envelope([by_iin(town["head"].iin)]), token).status_code == 401


def _signed(key: Ed25519PrivateKey, body: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    body["signature"] = signature.sign(
        key, sender_id="signed.balkhash", header=body["header"], message=body["message"], **kwargs
    )
    return body


def test_a_signed_message_is_answered(api, signed_client, town) -> None:
    client, token, key = signed_client
    body = _signed(key, envelope([by_iin(town["head"].iin)], sender="signed.balkhash"))
    response = api("sync/search", body, token)
    assert response.status_code == 200
    assert response.json()["message"]["search_response"][0]["status"] == "succ"


def test_an_unsigned_message_of_a_signing_client_is_refused(api, signed_client, town) -> None:
    client, token, key = signed_client
    response = api("sync/search", envelope([by_iin(town["head"].iin)], sender="signed.balkhash"), token)
    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "err.signature.missing"


def test_a_tampered_message_is_refused(api, signed_client, town) -> None:
    client, token, key = signed_client
    body = _signed(key, envelope([by_iin(town["head"].iin)], sender="signed.balkhash"))
    body["message"]["search_request"][0]["search_criteria"]["query"]["value"] = town["wife"].iin
    response = api("sync/search", body, token)
    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "err.signature.invalid"
    assert not DciTransaction.objects.exists()
    refusal = AuditLog.objects.get(actor_username="dci:signed.balkhash", action="refuse")
    assert "err.signature.invalid" in refusal.reason


def test_a_signature_by_another_key_or_expired_is_refused(api, signed_client, town) -> None:
    client, token, key = signed_client
    other = _signed(
        Ed25519PrivateKey.generate(), envelope([by_iin(town["head"].iin)], sender="signed.balkhash")
    )
    assert api("sync/search", other, token).status_code == 401
    old = _signed(
        key,
        envelope([by_iin(town["head"].iin)], sender="signed.balkhash"),
        created=int(time.time()) - 7200,
        lifetime=60,
    )
    assert api("sync/search", old, token).json()["errors"][0]["code"] == "err.signature.invalid"
    garbage = envelope([by_iin(town["head"].iin)], sender="signed.balkhash")
    garbage["signature"] = "Signature: nonsense"
    assert api("sync/search", garbage, token).status_code == 401


def test_the_signing_string_is_over_canonical_json() -> None:
    key = Ed25519PrivateKey.generate()
    header, message = {"b": 1, "a": "ә"}, {"x": [1, 2]}
    text = signature.sign(key, sender_id="s", header=header, message=message)
    signature.verify(
        text, public_key=signature.public_pem(key), sender_id="s", header={"a": "ә", "b": 1}, message=message
    )
    with pytest.raises(signature.BadSignature):
        signature.verify(
            text, public_key=signature.public_pem(key), sender_id="t", header=header, message=message
        )
