"""Who is asking: the client system behind a bearer token, acting as itself in the audit log."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from komek.accounts.choices import Capability
from komek.accounts.policy import SystemActor
from komek.dci.models import DciClient

RECORD_TYPES = ("Member", "Group")


@dataclass(frozen=True)
class ClientActor(SystemActor):
    """A client system reading the registry: it may see persons and families of its territory,
    nothing else; the audit log names it ``dci:<name>``."""

    territory: str = ""

    @property
    def username(self) -> str:
        return f"dci:{self.name}"

    def can(self, capability: str) -> bool:
        return capability == Capability.PERSON_VIEW

    def territory_prefixes(self) -> list[str] | None:
        return [self.territory]


def actor_of(client: DciClient) -> ClientActor:
    return ClientActor(name=client.name, territory=client.territory)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def bearer(authorization: str) -> str:
    scheme, _, token = (authorization or "").strip().partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def client_for(authorization: str) -> DciClient | None:
    """The active client whose token this is (compared by hash), or None."""
    token = bearer(authorization)
    if not token:
        return None
    digest = token_hash(token)
    client = DciClient.objects.filter(token_hash=digest, active=True).first()
    if client is None or not hmac.compare_digest(client.token_hash, digest):
        return None
    return client
