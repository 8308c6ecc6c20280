"""Client systems registered by an administrator (``komek dci client add``)."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from komek.common import audit
from komek.common.choices import AuditAction
from komek.common.errors import DomainError
from komek.common.kato import kato_unit
from komek.dci import signature
from komek.dci.auth import RECORD_TYPES, token_hash
from komek.dci.models import DciClient

if TYPE_CHECKING:
    from komek.accounts.policy import Actor


def client_add(
    *,
    actor: Actor,
    name: str,
    territory: str,
    record_types: list[str] | None = None,
    public_key: str = "",
    callback_uri: str = "",
) -> tuple[DciClient, str]:
    """Register a client system of a territory; returns it and its bearer token (shown once: only
    its hash is kept)."""
    name = (name or "").strip()
    if not name or len(name) > 99 or any(c.isspace() for c in name):
        raise DomainError(
            _("The client's name (its sender id) must be one word of at most 99 characters."), field="name"
        )
    unit = kato_unit(territory, field="territory")
    types = list(record_types or RECORD_TYPES)
    unknown = sorted(set(types) - set(RECORD_TYPES))
    if unknown:
        raise DomainError(
            _("Unknown record types: %(types)s (known: Member, Group).") % {"types": ", ".join(unknown)},
            field="record_types",
        )
    if public_key:
        try:
            signature.load_public_key(public_key)
        except ValueError as exc:
            raise DomainError(_("The public key is not an Ed25519 key."), field="public_key") from exc
    if callback_uri and not callback_uri.startswith(("https://", "http://")):
        raise DomainError(_("The callback URI must be an http or https address."), field="callback_uri")
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        if DciClient.objects.filter(name=name).exists():
            raise DomainError(
                _("A client named %(name)s is already registered.") % {"name": name}, field="name"
            )
        client = DciClient.objects.create(
            name=name,
            territory=unit.prefix,
            record_types=types,
            token_hash=token_hash(token),
            public_key=public_key.strip(),
            callback_uri=callback_uri,
        )
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=client,
            territory=unit.code,
            changes=audit.created(
                {"name": name, "territory": unit.prefix, "record_types": types, "signed": bool(public_key)}
            ),
        )
    return client, token
