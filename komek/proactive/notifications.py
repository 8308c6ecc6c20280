"""How a notice reaches a family: one protocol, an adapter per way of sending.

The offer writes its :class:`~komek.proactive.models.Notice` in its own transaction (the outbox);
after the transaction commits, :func:`deliver` hands it to the adapter named by
``KOMEK_NOTIFIER``:

* ``outbox`` (the default, and the demo's): nothing leaves the installation; the notice stays in the
  outbox that ``/proactive/outbox/`` shows, counted as sent when written.
* ``sms``: an HTTP POST of ``{"to", "text"}`` as JSON to the SMS gateway at ``KOMEK_SMS_GATEWAY_URL``
  (the operator's gateway inside the closed network), with ``KOMEK_SMS_GATEWAY_TOKEN`` as a bearer
  token.
* ``email``: Django's e-mail (``EMAIL_*`` settings), from ``DEFAULT_FROM_EMAIL``.

A failure is kept on the notice (``error``), never raised into the offer: the offer stands and the
caseworker sees in the outbox that the message did not go.
"""

from __future__ import annotations

import json
import urllib.request
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from komek.proactive.choices import NoticeChannel
from komek.proactive.models import Notice


class NotSent(Exception):
    """The adapter could not hand the message over (its text says why)."""


class Notifier(Protocol):
    #: The adapter's name, kept on each notice it sends.
    name: str

    def send(self, *, channel: str, address: str, text: str) -> None:
        """Hand one message over, or raise :class:`NotSent`."""


class OutboxNotifier:
    """The demo's and the default adapter: the outbox table is where the message goes."""

    name = "outbox"

    def send(self, *, channel: str, address: str, text: str) -> None:
        return None


class SmsGatewayNotifier:
    name = "sms"

    def __init__(self, url: str, token: str = "", timeout: float = 10.0) -> None:
        self.url, self.token, self.timeout = url, token, timeout

    def send(self, *, channel: str, address: str, text: str) -> None:
        if channel != NoticeChannel.SMS:
            raise NotSent(f"the SMS gateway sends no {channel}")
        if not self.url.startswith(("http://", "https://")):
            raise NotSent("KOMEK_SMS_GATEWAY_URL is not set")
        body = json.dumps({"to": address, "text": text}).encode()
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(self.url, data=body, headers=headers, method="POST")  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:  # noqa: S310 (http(s) checked)
                if not 200 <= answer.status < 300:
                    raise NotSent(f"the gateway answered {answer.status}")
        except OSError as exc:
            raise NotSent(f"the gateway cannot be reached ({exc.__class__.__name__})") from None


class EmailNotifier:
    name = "email"

    def send(self, *, channel: str, address: str, text: str) -> None:
        if channel != NoticeChannel.EMAIL:
            raise NotSent(f"e-mail sends no {channel}")
        try:
            send_mail(subject=text[:60], message=text, from_email=None, recipient_list=[address])
        except OSError as exc:
            raise NotSent(f"the mail server cannot be reached ({exc.__class__.__name__})") from None


def notifier() -> Notifier:
    """The adapter the installation is set up with (``KOMEK_NOTIFIER``)."""
    name = getattr(settings, "KOMEK_NOTIFIER", "outbox")
    if name == "sms":
        return SmsGatewayNotifier(
            getattr(settings, "KOMEK_SMS_GATEWAY_URL", ""), getattr(settings, "KOMEK_SMS_GATEWAY_TOKEN", "")
        )
    if name == "email":
        return EmailNotifier()
    return OutboxNotifier()


def deliver(notice_id: int, through: Notifier | None = None) -> Notice:
    """Hand a notice to the adapter and note the outcome on it (after the offer committed)."""
    notice = Notice.objects.get(pk=notice_id)
    if notice.sent_at is not None:
        return notice  # handed over already: never twice
    adapter = through or notifier()
    try:
        adapter.send(channel=notice.channel, address=notice.address, text=notice.text)
    except NotSent as exc:
        notice.error = str(exc)[:300]
        notice.save(update_fields=["error"])
        return notice
    notice.sent_at, notice.error = timezone.now(), ""
    notice.save(update_fields=["sent_at", "error"])
    return notice
