"""Signing in on the portal with the demo identity provider's one-time code."""

from __future__ import annotations

import pytest
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
