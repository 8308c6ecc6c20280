"""The demo identity provider's one-time codes (see :mod:`komek.portal.identity`).

A code is six digits drawn by ``secrets``, kept as an HMAC-SHA256 under the installation's secret
key (never in clear: the outbox message is the SMS the gateway would carry). A new code replaces
the person's earlier unused ones. A wrong, expired or used code is refused with its reason and
audited under the portal's sign-in actor (``system:portal-sign-in``), naming the person.

Codes are limited per IIN and per client address over a window (``KOMEK_CITIZEN_CODES_PER_IIN``,
``KOMEK_CITIZEN_CODES_PER_ADDRESS``, ``KOMEK_CITIZEN_CODES_WINDOW_MINUTES``): past a limit the request
is refused before anything is written, with the minutes to wait, and a burst of such refusals is one
audit row whose repeats are counted beside it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import math
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from komek.accounts import policy
from komek.common import audit
from komek.common.choices import AuditAction
from komek.common.errors import DomainError
from komek.portal.models import CodeRequest, OutboxMessage, SignInCode
from komek.registry.models import Person

SIGN_IN = policy.system("portal-sign-in")
OBJECT_TYPE = "portal.signincode"
CODE_DIGITS = 6


def _hash(code_id: int, code: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{code_id}:{code}".encode(), hashlib.sha256).hexdigest()


def _refuse(
    reason: str, message: str, person: Person | None, ip_address: str | None, code: str
) -> DomainError:
    with transaction.atomic():
        audit.refusal(
            actor=SIGN_IN, object_type=OBJECT_TYPE, reason=reason, ip_address=ip_address,
            person_id=person.pk if person else None, territory=person.kato_id if person else "",
        )  # fmt: skip
    return DomainError(message, field="code", code=code)


def _iin_hash(iin: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"iin:{iin}".encode(), hashlib.sha256).hexdigest()


def _minutes_left(oldest: dt.datetime, window: dt.timedelta, now: dt.datetime) -> int:
    return max(1, math.ceil((oldest + window - now) / dt.timedelta(minutes=1)))


def _throttle(iin: str, person: Person | None, ip_address: str | None) -> None:
    """Refuse a code past the limits of the window (before anything is written): at most
    ``KOMEK_CITIZEN_CODES_PER_IIN`` codes for one IIN and ``KOMEK_CITIZEN_CODES_PER_ADDRESS`` from
    one client address. The same answer for an IIN in the registry or not. A burst of refusals is
    audited once per key and window, its repeats counted on that row (``audit.repeated_refusal``);
    the request is otherwise recorded for the next ones to count."""
    now = timezone.now()
    window = dt.timedelta(minutes=settings.KOMEK_CITIZEN_CODES_WINDOW_MINUTES)
    since = now - window
    digest = _iin_hash(iin)
    recent = CodeRequest.objects.filter(created_at__gt=since)
    checks = [
        ("iin", recent.filter(iin_hash=digest), settings.KOMEK_CITIZEN_CODES_PER_IIN, digest),
    ]
    if ip_address:
        checks.append(
            (
                "address",
                recent.filter(address=ip_address),
                settings.KOMEK_CITIZEN_CODES_PER_ADDRESS,
                ip_address,
            )
        )
    for what, rows, limit, key in checks:
        asked = list(rows.order_by("-created_at").values_list("created_at", flat=True)[:limit])
        if len(asked) < limit:
            continue
        minutes = _minutes_left(asked[-1], window, now)
        audit.repeated_refusal(
            actor=SIGN_IN, object_type=OBJECT_TYPE, reason=f"sign-in: too many codes asked for this {what}",
            key=f"portal-codes:{what}:{key}", seconds=int(window.total_seconds()), ip_address=ip_address,
            person_id=person.pk if person else None, territory=person.kato_id if person else "",
        )  # fmt: skip
        if what == "iin":
            message = ngettext(
                "Too many codes were asked for this IIN. Ask for a new one in %(minutes)s minute.",
                "Too many codes were asked for this IIN. Ask for a new one in %(minutes)s minutes.",
                minutes,
            )
        else:
            message = ngettext(
                "Too many codes were asked from this connection. Try again in %(minutes)s minute.",
                "Too many codes were asked from this connection. Try again in %(minutes)s minutes.",
                minutes,
            )
        raise DomainError(
            message % {"minutes": minutes}, field="iin" if what == "iin" else None, code="throttled"
        )
    with transaction.atomic():
        CodeRequest.objects.filter(created_at__lte=since).delete()
        CodeRequest.objects.create(iin_hash=digest, address=ip_address or "", created_at=now)


def code_send(*, iin: str, ip_address: str | None = None) -> None:
    """Write a fresh code for the person ``iin`` to the outbox; nothing for an IIN not in the
    registry or of a deceased person (the page says the same either way). Past the limits of codes
    asked for one IIN or from one address, refused (:class:`DomainError` ``throttled``)."""
    iin = str(iin).strip()
    person = Person.objects.filter(iin=iin, death_date__isnull=True).first()
    _throttle(iin, person, ip_address)
    if person is None:
        return
    minutes = settings.KOMEK_CITIZEN_CODE_MINUTES
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    now = timezone.now()
    with transaction.atomic():
        SignInCode.objects.filter(person=person, used_at__isnull=True).update(used_at=now)
        row = SignInCode.objects.create(
            person=person, code_hash="-", expires_at=now + dt.timedelta(minutes=minutes)
        )
        row.code_hash = _hash(row.pk, code)
        row.save(update_fields=["code_hash"])
        text = ngettext(
            "Komek: your code to sign in is %(code)s. It is valid for %(minutes)s minute. "
            "Do not tell it to anyone.",
            "Komek: your code to sign in is %(code)s. It is valid for %(minutes)s minutes. "
            "Do not tell it to anyone.",
            minutes,
        ) % {"code": code, "minutes": minutes}
        OutboxMessage.objects.create(
            person=person, address=person.phone or person.email or "—", text=text, kato_code=person.kato_id
        )
        audit.record(
            actor=SIGN_IN, action=AuditAction.CREATE, obj=row, person_id=person.pk, territory=person.kato_id,
            ip_address=ip_address, changes={"expires_at": [None, str(row.expires_at)]},
        )  # fmt: skip


def code_confirm(*, iin: str, code: str, ip_address: str | None = None) -> policy.CitizenActor:
    """The citizen whose code this is, the code used up; a wrong, expired or used one refused."""
    person = Person.objects.filter(iin=str(iin).strip(), death_date__isnull=True).first()
    typed = str(code or "").strip()
    wrong = _("The code is wrong. Check the last message and type its six digits.")
    if person is None:
        raise _refuse("sign-in: no code for this IIN", wrong, None, ip_address, "wrong_code")
    limit = settings.KOMEK_CITIZEN_CODE_ATTEMPTS
    with transaction.atomic():
        row = (
            SignInCode.objects.select_for_update()
            .filter(person=person)
            .order_by("-created_at", "-id")
            .first()
        )
        if row is None:
            failure = ("sign-in: no code sent", wrong, "wrong_code")
        elif row.used_at is not None:
            failure = (
                "sign-in: code used already",
                _("This code has been used already. Ask for a new code."),
                "used_code",
            )
        elif row.expires_at <= timezone.now():
            failure = (
                "sign-in: code expired",
                _("The code has expired. Ask for a new code."),
                "expired_code",
            )
        elif not (
            len(typed) == CODE_DIGITS
            and typed.isdigit()
            and hmac.compare_digest(row.code_hash, _hash(row.pk, typed))
        ):
            row.attempts += 1
            if row.attempts >= limit:
                row.used_at = timezone.now()
                message = _(
                    "The code was typed wrongly too many times and is no longer valid. Ask for a new code."
                )
            else:
                message = wrong
            row.save(update_fields=["attempts", "used_at"])
            failure = ("sign-in: wrong code", message, "wrong_code")
        else:
            row.used_at = timezone.now()
            row.save(update_fields=["used_at"])
            actor = policy.citizen(person_id=person.pk, iin=person.iin, kato=person.kato_id)
            audit.record(
                actor=actor, action=AuditAction.LOGIN, obj=row, person_id=person.pk, territory=person.kato_id,
                ip_address=ip_address,
            )  # fmt: skip
            return actor
    raise _refuse(failure[0], failure[1], person, ip_address, failure[2])
