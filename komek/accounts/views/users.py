"""The administrator's pages: staff accounts of their territory, their roles, units and locks."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from komek.accounts.choices import Capability
from komek.accounts.forms import ActiveForm, PasswordResetForm, UserCreateForm, UserEditForm, UserFilterForm
from komek.accounts.selectors.users import user_detail, users_visible
from komek.accounts.services.users import (
    user_create,
    user_reset_password,
    user_set_active,
    user_unlock,
    user_update,
)
from komek.accounts.web import actor, staff_view
from komek.common.errors import DomainError, NotFound, PermissionDenied
from komek.common.web import is_htmx, submit

PAGE_SIZE = 50
ALIASES = {"preferred_language": "language"}


@require_GET
@staff_view(Capability.USER_ADMIN)
def user_list(request: HttpRequest) -> HttpResponse:
    form = UserFilterForm(request.GET)
    rows = users_visible(user=actor(request), **form.filters())
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    if is_htmx(request):
        return render(request, "accounts/_user_rows.html", context)
    return render(request, "accounts/user_list.html", context)


@require_http_methods(["GET", "POST"])
@staff_view(Capability.USER_ADMIN)
def user_create_view(request: HttpRequest) -> HttpResponse:
    form = UserCreateForm(request.POST or None, admin=actor(request))
    if request.method == "POST" and form.is_valid():
        ok, user = submit(form, lambda: user_create(actor=actor(request), **form.service_kwargs()))
        if ok and user is not None:
            messages.success(request, _("The account %(username)s is created.") % {"username": user.username})
            return redirect("accounts:user_edit", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form, "creating": True})


@require_http_methods(["GET", "POST"])
@staff_view(Capability.USER_ADMIN)
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    account = user_detail(user=actor(request), user_id=pk)
    form = UserEditForm(request.POST or None, admin=actor(request), account=account)
    if request.method == "POST" and form.is_valid():
        ok, _user = submit(
            form,
            lambda: user_update(actor=actor(request), user=account, **form.service_kwargs()),
            aliases=ALIASES,
        )
        if ok:
            messages.success(request, _("The changes are saved."))
            return redirect("accounts:user_list")
    return render(request, "accounts/user_form.html", {"form": form, "account": account, "creating": False})


@require_http_methods(["GET", "POST"])
@staff_view(Capability.USER_ADMIN)
def user_password(request: HttpRequest, pk: int) -> HttpResponse:
    account = user_detail(user=actor(request), user_id=pk)
    form = PasswordResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, _user = submit(
            form,
            lambda: user_reset_password(
                actor=actor(request), user=account, password=form.cleaned_data["password"]
            ),
        )
        if ok:
            messages.success(
                request,
                _("The password of %(username)s is changed. Give it to them in person.")
                % {"username": account.username},
            )
            return redirect("accounts:user_edit", pk=account.pk)
    return render(request, "accounts/user_password.html", {"form": form, "account": account})


@require_http_methods(["GET", "POST"])
@staff_view(Capability.USER_ADMIN)
def user_active(request: HttpRequest, pk: int) -> HttpResponse:
    """Deactivate an active account or reactivate a deactivated one, with a reason."""
    account = user_detail(user=actor(request), user_id=pk)
    activate = not account.is_active
    form = ActiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, _user = submit(
            form,
            lambda: user_set_active(
                actor=actor(request), user=account, active=activate, reason=form.cleaned_data["reason"]
            ),
        )
        if ok:
            done = (
                _("The account %(username)s is active again.")
                if activate
                else _("The account %(username)s is deactivated.")
            )
            messages.success(request, done % {"username": account.username})
            return redirect("accounts:user_edit", pk=account.pk)
    return render(
        request, "accounts/user_active.html", {"form": form, "account": account, "activate": activate}
    )


@require_POST
@staff_view(Capability.USER_ADMIN)
def user_unlock_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Clear a lockout; back to the page the button was on (the list or the account)."""
    account = user_detail(user=actor(request), user_id=pk)
    try:
        user_unlock(actor=actor(request), user=account)
    except (PermissionDenied, NotFound):
        raise
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("The account %(username)s is unlocked: it can sign in again.") % {"username": account.username},
        )
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("accounts:user_edit", pk=account.pk)
