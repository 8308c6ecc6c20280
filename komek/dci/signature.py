"""The message signature of the DCI envelope (``MsgSignature``): Ed25519 over the header and message.

The specification gives the signature as one string::

    Signature: namespace="spdci", kidId="{sender_id}|{key_id}|ed25519", algorithm="ed25519",
    created="1606970629", expires="1607030629", headers="(created) (expires) digest",
    signature="<Base64 of the Ed25519 signature of the signing string>"

and says it is the signature of "{header}+{message}". The signing string is (ADR 0032)::

    (created): <created>\n(expires): <expires>\ndigest: BLAKE-512=<Base64 BLAKE2b-512 of C(h) + C(m)>

(h the header, m the message)

where C is canonical JSON: keys sorted, no spaces, UTF-8 (``canonical``). ``sign`` makes one (the
tests, the benchmark and a client's own tooling), ``verify`` checks one against a client's key.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import time
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

CLOCK_SKEW = 300  # seconds a signature's "created" may lie in the future
_PAIR = re.compile(r'([A-Za-z_()-]+)\s*=\s*"([^"]*)"')


class BadSignature(Exception):
    """The signature is malformed, expired, of another sender, or does not match."""


def canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def digest(header: Any, message: Any) -> str:
    blake = hashlib.blake2b(canonical(header) + canonical(message), digest_size=64).digest()
    return base64.b64encode(blake).decode()


def signing_string(created: str, expires: str, header: Any, message: Any) -> bytes:
    return f"(created): {created}\n(expires): {expires}\ndigest: BLAKE-512={digest(header, message)}".encode()


def load_public_key(text: str) -> Ed25519PublicKey:
    """A PEM public key, or the Base64 of the raw 32 bytes."""
    text = text.strip()
    try:
        if text.startswith("-----BEGIN"):
            key = serialization.load_pem_public_key(text.encode())
        else:
            key = Ed25519PublicKey.from_public_bytes(base64.b64decode(text, validate=True))
    except ValueError as exc:
        raise ValueError("not an Ed25519 public key (PEM or Base64 of 32 bytes)") from exc
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("not an Ed25519 public key")
    return key


def public_pem(private: Ed25519PrivateKey) -> str:
    return (
        private.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def sign(
    private: Ed25519PrivateKey,
    *,
    sender_id: str,
    header: Any,
    message: Any,
    key_id: str = "1",
    created: int | None = None,
    lifetime: int = 3600,
) -> str:
    created = int(time.time()) if created is None else created
    expires = created + lifetime
    content = signing_string(str(created), str(expires), header, message)
    value = base64.b64encode(private.sign(content)).decode()
    return (
        f'Signature: namespace="spdci", kidId="{sender_id}|{key_id}|ed25519", algorithm="ed25519", '
        f'created="{created}", expires="{expires}", headers="(created) (expires) digest", '
        f'signature="{value}"'
    )


def parse(signature: str) -> dict[str, str]:
    text = signature.strip()
    if text.lower().startswith("signature:"):
        text = text[len("signature:") :]
    return {key.lower(): value for key, value in _PAIR.findall(text)}


def verify(signature: str, *, public_key: str, sender_id: str, header: Any, message: Any) -> None:
    """Raise BadSignature unless ``signature`` signs this header and message with the key."""
    fields = parse(signature)
    for name in ("kidid", "algorithm", "created", "expires", "signature"):
        if not fields.get(name):
            raise BadSignature(f"the signature has no {name}")
    if fields["algorithm"].lower() != "ed25519":
        raise BadSignature("the signature's algorithm must be ed25519")
    if fields["kidid"].split("|")[0] != sender_id:
        raise BadSignature("the signature's key is not the sender's")
    try:
        created, expires = int(fields["created"]), int(fields["expires"])
        value = base64.b64decode(fields["signature"], validate=True)
    except ValueError as exc:
        raise BadSignature("the signature's created, expires or value is malformed") from exc
    now = time.time()
    if created > now + CLOCK_SKEW or expires < now or expires < created:
        raise BadSignature("the signature is expired or not yet valid")
    content = signing_string(fields["created"], fields["expires"], header, message)
    try:
        load_public_key(public_key).verify(value, content)
    except (InvalidSignature, ValueError) as exc:
        raise BadSignature("the signature does not match the header and message") from exc
