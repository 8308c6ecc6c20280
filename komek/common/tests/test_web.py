"""The web glue of common: a one-button step of a page shows the domain's answer as a message."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.http import HttpRequest
from django.test import RequestFactory

from komek.common.errors import DomainError, NotFound, PermissionDenied
from komek.common.web import step


def _request() -> HttpRequest:
    request = RequestFactory().post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


def _raise(exc: Exception) -> None:
    raise exc


def test_step_reports_success_and_goes_back() -> None:
    """A step that succeeds shows its ``done`` message and redirects to the page it came from."""
    request = _request()
    response = step(request, lambda: None, done="Verified.", to="/services/cases/7/")
    assert response.status_code == 302
    assert response["Location"] == "/services/cases/7/"
    assert [str(m) for m in get_messages(request)] == ["Verified."]


def test_step_shows_a_domain_error_as_an_error_message() -> None:
    """A step the domain refuses for a reason (a wrong status) shows that reason, not ``done``."""
    request = _request()
    response = step(
        request, lambda: _raise(DomainError("Verify the documents first.")), done="Done.", to="/x/"
    )
    assert response.status_code == 302
    messages = list(get_messages(request))
    assert [str(m) for m in messages] == ["Verify the documents first."]
    assert messages[0].level_tag == "error"


@pytest.mark.parametrize("refusal", [PermissionDenied("No."), NotFound("Gone.")])
def test_step_lets_refusals_become_error_pages(refusal: Exception) -> None:
    """A refusal of the role or territory, or an object that is not there, is not a message: it
    propagates so that ``staff_view`` turns it into a 403 or 404 page."""
    with pytest.raises(type(refusal)):
        step(_request(), lambda: _raise(refusal), done="Done.", to="/x/")
