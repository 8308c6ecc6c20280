from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers

# The portal's endpoints authenticate each request by the channel's signature instead of a session;
# the citizen portal (/my/) has its own sign-in (komek.portal.web), apart from staff logins.
PUBLIC_PREFIXES = ("/accounts/login/", "/static/", "/i18n/", "/healthz", "/services/portal/", "/dci/", "/my/")


class LoginRequiredMiddleware:
    """Every page needs a signed-in user, except the login page, static files and health check."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.user.is_authenticated and not request.path.startswith(PUBLIC_PREFIXES):
            from django.urls import reverse

            return redirect(f"{reverse(settings.LOGIN_URL)}?next={request.path}")
        return self.get_response(request)


class NoStoreForStaffMiddleware:
    """Pages of a signed-in member of staff show personal data: no browser or proxy keeps a copy
    (``Cache-Control: no-store``, with ``private`` and no-cache)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.user.is_authenticated:
            add_never_cache_headers(response)
        return response
