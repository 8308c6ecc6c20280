"""User management changes: creating, editing, passwords, deactivation, unlock, their audit."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from conftest import BALKHASH_TOWN, GULSHAT, PASSWORD
from komek.accounts.choices import Role
from komek.accounts.models import User
from komek.accounts.services import (
    user_reset_password,
    user_set_active,
    user_unlock,
    user_update,
)
from komek.accounts.tests.conftest import (
    NEW_PASSWORD,
    account_data,
    client_of,
    edit_data,
    edit_kwargs,
    errors_of,
    lock_out,
    sign_in,
)
from komek.common.errors import DomainError
from komek.common.models import AuditLog

pytestmark = pytest.mark.django_db

# --- Creating and editing ------------------------------------------------------------------------


def test_create_an_account(admin: User, admin_client: Client) -> None:
    """A valid form creates the account, which can sign in, and the audit row keeps no password."""
    response = admin_client.post(reverse("accounts:user_create"), account_data())
    user = User.objects.get(username="new_caseworker")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:user_edit", args=[user.pk])
    assert (user.role, user.preferred_language, user.get_full_name()) == (
        Role.CASEWORKER,
        "kk",
        "Данияр Омаров",
    )
    assert list(user.units.values_list("code", flat=True)) == [BALKHASH_TOWN]
    row = AuditLog.objects.get(object_type="accounts.user", object_id=str(user.pk), action="create")
    assert row.actor == admin and row.territory == BALKHASH_TOWN
    assert NEW_PASSWORD not in str(row.changes) and "password" not in row.changes
    assert sign_in("new_caseworker", NEW_PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"password": "12345", "password_again": "12345"}, "password", "too short"),
        ({"password": "new_caseworker1", "password_again": "new_caseworker1"}, "password", "similar"),
        ({"password_again": "something-else-2026"}, "password_again", "differ"),
        ({"units": ["999999999"]}, "units", "not a territorial unit"),
        ({"units": []}, "units", "at least one territorial unit"),
        ({"username": "clerk"}, "username", "taken"),
        ({"username": "with space"}, "username", "valid username"),
        ({"role": "superhero"}, "role", "valid choice"),
    ],
)
def test_create_errors_are_shown_at_their_fields(
    admin_client: Client, clerk: User, overrides: dict[str, Any], field: str, message: str
) -> None:
    """Weak passwords, unknown units, a taken user name: the form comes back with the field marked."""
    response = admin_client.post(reverse("accounts:user_create"), account_data(**overrides))
    assert response.status_code == 200
    errors = errors_of(response, field)
    assert errors and message in " ".join(errors), errors
    assert 'class="field has-error' in response.content.decode()
    assert not User.objects.filter(username="new_caseworker").exists()


def test_edit_an_account(admin: User, admin_client: Client, clerk: User) -> None:
    """Role, units, names and language change; the audit row holds each change before and after."""
    response = admin_client.post(
        reverse("accounts:user_edit", args=[clerk.pk]),
        edit_data(clerk, role=Role.CASEWORKER, units=[BALKHASH_TOWN, GULSHAT], last_name="Ахметова"),
    )
    assert response.status_code == 302
    clerk.refresh_from_db()
    assert clerk.role == Role.CASEWORKER and clerk.last_name == "Ахметова"
    assert sorted(clerk.units.values_list("code", flat=True)) == [BALKHASH_TOWN, GULSHAT]
    row = AuditLog.objects.get(object_type="accounts.user", object_id=str(clerk.pk), action="update")
    assert row.actor == admin and row.territory == BALKHASH_TOWN
    assert row.changes == {
        "role": [Role.REGISTRAR, Role.CASEWORKER],
        "units": [[BALKHASH_TOWN], [BALKHASH_TOWN, GULSHAT]],
        "last_name": ["Сапарова", "Ахметова"],
    }


def test_saving_unchanged_data_writes_no_audit_row(admin: User, clerk: User) -> None:
    """Nothing changed, nothing recorded."""
    before = AuditLog.objects.count()
    user_update(actor=admin, **edit_kwargs(clerk))
    assert AuditLog.objects.count() == before


def test_edit_errors_are_shown_at_their_fields(admin_client: Client, clerk: User) -> None:
    """An unknown unit and an empty unit list are marked at the units field."""
    url = reverse("accounts:user_edit", args=[clerk.pk])
    assert errors_of(admin_client.post(url, edit_data(clerk, units=["999999999"])), "units")
    assert errors_of(admin_client.post(url, edit_data(clerk, units=[])), "units") == [
        "A user needs at least one territorial unit."
    ]


def test_administrator_keeps_their_own_role(admin: User, admin_client: Client) -> None:
    """An administrator cannot demote themselves (the territory would be left without one)."""
    response = admin_client.post(
        reverse("accounts:user_edit", args=[admin.pk]), edit_data(admin, role=Role.REGISTRAR)
    )
    assert errors_of(response, "role") == ["You cannot take the administrator role from yourself."]
    admin.refresh_from_db()
    assert admin.role == Role.ADMINISTRATOR


# --- Passwords -----------------------------------------------------------------------------------


def test_reset_password(admin: User, admin_client: Client, clerk: User) -> None:
    """The new password works, the old one and open sessions do not; the audit row says only that."""
    clerk_client = client_of(clerk)
    url = reverse("accounts:user_password", args=[clerk.pk])
    response = admin_client.post(url, {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD})
    assert response.status_code == 302
    assert clerk_client.get(reverse("home")).status_code == 302
    assert sign_in("clerk", PASSWORD).status_code == 200
    assert sign_in("clerk", NEW_PASSWORD).status_code == 302
    row = AuditLog.objects.get(object_type="accounts.user", object_id=str(clerk.pk), action="update")
    assert row.changes == {"password": "changed"} and row.actor == admin


@pytest.mark.parametrize("weak", ["12345678", "password123", "Сапарова-12"])
def test_weak_password_is_refused_at_the_field(admin_client: Client, clerk: User, weak: str) -> None:
    """Django's password validators speak at the password field; the old password stays."""
    response = admin_client.post(
        reverse("accounts:user_password", args=[clerk.pk]), {"password": weak, "password_again": weak}
    )
    assert response.status_code == 200 and errors_of(response, "password")
    clerk.refresh_from_db()
    assert clerk.check_password(PASSWORD)


# --- Deactivation --------------------------------------------------------------------------------


def test_deactivation_blocks_sign_in_and_ends_sessions(
    admin: User, admin_client: Client, clerk: User
) -> None:
    """A deactivated account cannot sign in, its open session ends; reactivated, it signs in again."""
    clerk_client = client_of(clerk)
    assert clerk_client.get(reverse("home")).status_code == 200
    url = reverse("accounts:user_active", args=[clerk.pk])
    response = admin_client.post(url, {"reason": "Order No. 12 of 01.03.2026: dismissed"})
    assert response.status_code == 302
    clerk.refresh_from_db()
    assert not clerk.is_active
    assert sign_in("clerk", PASSWORD).status_code == 200
    assert clerk_client.get(reverse("home")).status_code == 302
    row = AuditLog.objects.get(object_type="accounts.user", object_id=str(clerk.pk), action="update")
    assert row.changes == {"is_active": [True, False]}
    assert row.reason == "Order No. 12 of 01.03.2026: dismissed" and row.territory == BALKHASH_TOWN
    list_html = admin_client.get(reverse("accounts:user_list"), {"active": "no"}).content.decode()
    assert "clerk" in list_html and "Deactivated" in list_html

    assert admin_client.post(url, {"reason": "Back from leave"}).status_code == 302
    assert sign_in("clerk", PASSWORD).status_code == 302


def test_reason_is_required(admin_client: Client, clerk: User, admin: User) -> None:
    """Without a reason the form says so at the reason field; the service refuses it as well."""
    response = admin_client.post(reverse("accounts:user_active", args=[clerk.pk]), {"reason": "  "})
    assert response.status_code == 200
    assert errors_of(response, "reason") == ["Give the reason for the change."]
    with pytest.raises(DomainError) as exc:
        user_set_active(actor=admin, user=clerk, active=False, reason=" ")
    assert exc.value.field == "reason"
    clerk.refresh_from_db()
    assert clerk.is_active


def test_administrator_cannot_deactivate_themselves(admin: User, admin_client: Client) -> None:
    """The refusal is shown on the form and the account stays active."""
    response = admin_client.post(reverse("accounts:user_active", args=[admin.pk]), {"reason": "testing"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["You cannot deactivate your own account."]
    admin.refresh_from_db()
    assert admin.is_active


# --- Lockout -------------------------------------------------------------------------------------


def test_unlock_lets_a_locked_out_user_sign_in(admin: User, admin_client: Client, clerk: User) -> None:
    """Locked after AXES_FAILURE_LIMIT wrong passwords, the list says so; unlocked, the user signs in."""
    lock_out("clerk")
    assert sign_in("clerk", PASSWORD).status_code in (403, 429)
    listed = admin_client.get(reverse("accounts:user_list"))
    row = next(u for u in listed.context["page"].object_list if u.username == "clerk")
    assert row.locked_out and row.failed_sign_ins >= settings.AXES_FAILURE_LIMIT
    assert "Locked out" in listed.content.decode()

    response = admin_client.post(
        reverse("accounts:user_unlock", args=[clerk.pk]), {"next": reverse("accounts:user_list")}
    )
    assert response.status_code == 302 and response["Location"] == reverse("accounts:user_list")
    assert sign_in("clerk", PASSWORD).status_code == 302
    audit = AuditLog.objects.get(object_type="accounts.user", object_id=str(clerk.pk), action="update")
    before, after = audit.changes["failed_sign_ins"]
    assert before >= settings.AXES_FAILURE_LIMIT and after == 0 and audit.actor == admin


def test_unlock_without_failed_sign_ins_says_so(admin_client: Client, clerk: User) -> None:
    """Nothing to clear: a message, no audit row, and no redirect outside the site."""
    response = admin_client.post(
        reverse("accounts:user_unlock", args=[clerk.pk]), {"next": "https://example.com/"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("accounts:user_edit", args=[clerk.pk])
    assert "no failed sign-ins to clear" in response.content.decode()
    assert not AuditLog.objects.filter(object_id=str(clerk.pk), action="update").exists()


def test_unlock_needs_post(admin_client: Client, clerk: User) -> None:
    """Unlocking an account needs a POST: a link cannot unlock it."""
    assert admin_client.get(reverse("accounts:user_unlock", args=[clerk.pk])).status_code == 405


# --- Audit ---------------------------------------------------------------------------------------


def test_every_change_is_audited_without_the_password(admin: User, clerk: User) -> None:
    """One row per action, each by the administrator, filed under the account's unit, no password."""
    user_update(actor=admin, **edit_kwargs(clerk, first_name="Айжан"))
    user_reset_password(actor=admin, user=clerk, password=NEW_PASSWORD)
    user_set_active(actor=admin, user=clerk, active=False, reason="leave")
    user_set_active(actor=admin, user=clerk, active=True, reason="back")
    lock_out("clerk")
    user_unlock(actor=admin, user=clerk)
    rows = AuditLog.objects.filter(object_type="accounts.user", object_id=str(clerk.pk), actor=admin)
    assert rows.count() == 5
    assert {row.territory for row in rows} == {BALKHASH_TOWN}
    for row in rows:
        assert NEW_PASSWORD not in str(row.changes) and PASSWORD not in str(row.changes)
    assert AuditLog.objects.filter(changes__password="changed").count() == 1
