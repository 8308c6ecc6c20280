"""How a citizen proves who they are on the portal: an identity provider stands in for eGov.

The contract of an adapter (:class:`IdentityProvider`):

* ``start(iin=..., ip_address=...)`` — the citizen names themselves by IIN; the provider begins
  its own confirmation (eGov's page, an SMS code, a QR code of eGov Mobile). It answers nothing
  about whether the IIN is known: every IIN gets the same answer, so the sign-in page cannot be used
  to find out who is in the registry.
* ``confirm(iin=..., answer=..., ip_address=...)`` — the citizen's answer to the confirmation; the
  provider returns the :class:`~komek.accounts.policy.CitizenActor` of the person it vouches for,
  or raises :class:`~komek.common.errors.DomainError` with a message the citizen understands. Every
  refusal is audited by the provider.

Komek never asks the citizen for a password. The adapter is named by ``KOMEK_IDENTITY_PROVIDER``;
``demo`` (the only one shipped, :class:`DemoCodeProvider`) sends a one-time code of six digits to
the outbox of the portal (``/my/outbox/`` for staff): the code is stored as a keyed hash, is valid
for ``KOMEK_CITIZEN_CODE_MINUTES`` minutes, is used once, and is burnt after
``KOMEK_CITIZEN_CODE_ATTEMPTS`` wrong answers. An eGov adapter (OpenID Connect against the
e-government's identity service) would implement the same two calls (ADR 0044).
"""

from __future__ import annotations

from typing import Protocol

from django.conf import settings

from komek.accounts.policy import CitizenActor
from komek.portal.services.signin import code_confirm, code_send


class IdentityProvider(Protocol):
    #: The adapter's name (shown on the sign-in page's wording and in the ADR).
    name: str

    def start(self, *, iin: str, ip_address: str | None) -> None:
        """Begin the confirmation of the person named by ``iin`` (the same answer for any IIN)."""

    def confirm(self, *, iin: str, answer: str, ip_address: str | None) -> CitizenActor:
        """The citizen vouched for, or a :class:`~komek.common.errors.DomainError` (audited)."""


class DemoCodeProvider:
    """The demo's provider: a one-time code written to the portal's outbox."""

    name = "demo"

    def start(self, *, iin: str, ip_address: str | None) -> None:
        code_send(iin=iin, ip_address=ip_address)

    def confirm(self, *, iin: str, answer: str, ip_address: str | None) -> CitizenActor:
        return code_confirm(iin=iin, code=answer, ip_address=ip_address)


def provider() -> IdentityProvider:
    """The identity provider the installation is set up with (``KOMEK_IDENTITY_PROVIDER``)."""
    name = getattr(settings, "KOMEK_IDENTITY_PROVIDER", "demo")
    if name != "demo":
        raise RuntimeError(f"Unknown identity provider {name!r}: only 'demo' is shipped.")
    return DemoCodeProvider()
