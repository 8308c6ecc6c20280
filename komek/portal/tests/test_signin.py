"""Signing in on the portal with the demo identity provider's one-time code."""

from __future__ import annotations

import pytest
from django.db.models import F
from django.test import Client

from komek.common.errors import DomainError
from komek.common.models import AuditLog
from komek.portal.models import OutboxMessage, SignInCode
from komek.portal.services.signin import code_confirm, code_send

from .conftest import last_code

pytestmark = pytest.mark.django_db


def test_the_code_goes_to_the_outbox_and_is_kept_hashed(household):
    """The code is written to the outbox for the person's phone and stored only as a hash."""
    code_send(iin=household.head.iin)
    code = last_code()
    row = SignInCode.objects.get()
    assert code not in row.code_hash and len(row.code_hash) == 64  # noqa: PLR2004
    assert OutboxMessage.objects.get().person == household.head


def test_a_right_code_signs_in_once_and_a_reused_one_is_refused_and_audited(household):
    """The right code gives the citizen actor; the same code again is refused as used, audited."""
    code_send(iin=household.head.iin)
    code = last_code()
    actor = code_confirm(iin=household.head.iin, code=code)
    assert actor.person_id == household.head.pk and actor.username == f"citizen:{household.head.iin}"
    with pytest.raises(DomainError, match="used already"):
        code_confirm(iin=household.head.iin, code=code)
    refusal = AuditLog.objects.filter(action="refuse", object_type="portal.signincode").get()
    assert refusal.person_id == household.head.pk and "used" in refusal.reason


def test_wrong_codes_are_refused_and_too_many_burn_the_code(household, settings):
    """A wrong code is refused (audited); after the limit of tries even the right one no longer works."""
    settings.KOMEK_CITIZEN_CODE_ATTEMPTS = 2
    code_send(iin=household.head.iin)
    code = last_code()
    wrong = "000000" if code != "000000" else "111111"
    with pytest.raises(DomainError, match="wrong"):
        code_confirm(iin=household.head.iin, code=wrong)
    with pytest.raises(DomainError, match="too many"):
        code_confirm(iin=household.head.iin, code=wrong)
    with pytest.raises(DomainError, match="used already"):
        code_confirm(iin=household.head.iin, code=code)
    assert AuditLog.objects.filter(action="refuse", object_type="portal.signincode").count() == 3  # noqa: PLR2004


def test_an_expired_code_is_refused(household, settings):
    """A code past its minutes is refused."""
    from datetime import timedelta

    code_send(iin=household.head.iin)
    row = SignInCode.objects.get()
    SignInCode.objects.filter(pk=row.pk).update(
        created_at=row.created_at - timedelta(hours=1), expires_at=row.expires_at - timedelta(hours=1)
    )
    with pytest.raises(DomainError, match="expired"):
        code_confirm(iin=household.head.iin, code=last_code())


def test_an_unknown_iin_gets_the_same_page_and_no_code():
    """The sign-in page answers the same for an IIN not in the registry, and no message is written."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = client.post("/my/sign-in/", {"iin": "990101300005"})
    assert response.status_code == 302 and response["Location"] == "/my/sign-in/code/"  # noqa: PLR2004
    assert not OutboxMessage.objects.exists()
    response = client.post("/my/sign-in/code/", {"code": "123456"})
    assert response.status_code == 200 and b"The code is wrong" in response.content  # noqa: PLR2004


def test_codes_for_one_iin_are_limited_and_the_burst_audited_once(household, settings):
    """Past the limit of codes for an IIN within the window, the request is refused before any code
    is written, with the minutes to wait; the refusals of the burst are one audit row, counted."""
    from komek.common.models import RefusalWindow

    settings.KOMEK_CITIZEN_CODES_PER_IIN = 3
    for _ in range(3):
        code_send(iin=household.head.iin, ip_address="10.0.0.1")
    for _ in range(4):
        with pytest.raises(
            DomainError, match=r"Too many codes were asked for this IIN.*in 60 minutes"
        ) as refused:
            code_send(iin=household.head.iin, ip_address="10.0.0.2")
    assert refused.value.code == "throttled" and refused.value.field == "iin"
    assert OutboxMessage.objects.count() == SignInCode.objects.count() == 3  # noqa: PLR2004
    rows = AuditLog.objects.filter(action="refuse", object_type="portal.signincode")
    assert rows.count() == 1 and rows.get().person_id == household.head.pk and "iin" in rows.get().reason
    assert RefusalWindow.objects.get(audit_id=rows.get().pk).count == 4  # noqa: PLR2004
    # Another IIN from the same address is not held back by this IIN's limit.
    code_send(iin=household.spouse.iin, ip_address="10.0.0.2")
    assert OutboxMessage.objects.count() == 4  # noqa: PLR2004


def test_codes_from_one_address_are_limited_for_any_iin(household, settings):
    """One address asking for many IINs (in the registry or not: the same answer) is held back."""
    settings.KOMEK_CITIZEN_CODES_PER_ADDRESS = 2
    code_send(iin="990101300005", ip_address="10.0.0.9")  # not in the registry: counted all the same
    code_send(iin=household.head.iin, ip_address="10.0.0.9")
    with pytest.raises(DomainError, match="from this connection") as refused:
        code_send(iin=household.spouse.iin, ip_address="10.0.0.9")
    assert refused.value.field is None
    assert list(OutboxMessage.objects.values_list("person_id", flat=True)) == [household.head.pk]
    code_send(iin=household.spouse.iin, ip_address="10.0.0.10")  # another address still may
    assert OutboxMessage.objects.count() == 2  # noqa: PLR2004


def test_the_limit_ends_with_its_window(household, settings):
    """Requests older than the window no longer count (and are deleted)."""
    from datetime import timedelta

    from komek.portal.models import CodeRequest

    settings.KOMEK_CITIZEN_CODES_PER_IIN = 1
    code_send(iin=household.head.iin)
    with pytest.raises(DomainError, match="Too many"):
        code_send(iin=household.head.iin)
    CodeRequest.objects.update(created_at=F("created_at") - timedelta(minutes=61))
    code_send(iin=household.head.iin)
    assert OutboxMessage.objects.count() == CodeRequest.objects.count() + 1 == 2  # noqa: PLR2004


def test_the_sign_in_page_refuses_in_the_citizens_language(household, settings):
    """Past the limit the page answers 429 with the reason in the citizen's language, the same for an
    IIN in the registry and one that is not."""
    settings.KOMEK_CITIZEN_CODES_PER_IIN = 1
    for iin in (household.head.iin, "990101300005"):
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        assert client.post("/my/sign-in/", {"iin": iin}).status_code == 302  # noqa: PLR2004
        refused = client.post("/my/sign-in/", {"iin": iin})
        assert refused.status_code == 429 and b"Too many codes were asked for this IIN" in refused.content  # noqa: PLR2004
    kk = Client(HTTP_ACCEPT_LANGUAGE="kk")
    refused = kk.post("/my/sign-in/", {"iin": household.head.iin})
    assert refused.status_code == 429 and "ЖСН".encode() in refused.content  # noqa: PLR2004
    ru = Client(HTTP_ACCEPT_LANGUAGE="ru")
    refused = ru.post("/my/sign-in/", {"iin": household.head.iin})
    assert refused.status_code == 429 and "ИИН".encode() in refused.content  # noqa: PLR2004
