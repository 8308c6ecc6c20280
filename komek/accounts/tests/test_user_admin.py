"""User management: who reaches it, territory limits, field errors, deactivation, unlock, audit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from conftest import ALMATY_ALMALY, BALKHASH, BALKHASH_TOWN, GULSHAT, PASSWORD
from komek.accounts.models import User
from komek.accounts.roles import Reach, Role
from komek.accounts.selectors import user_detail, users_visible
from komek.accounts.services import (
    user_create,
    user_reset_password,
    user_set_active,
    user_unlock,
    user_update,
)
from komek.common.errors import DomainError, NotFound, PermissionDenied
from komek.common.models import AuditLog

pytestmark = pytest.mark.django_db

KARAGANDA_REGION = "350000000"
NEW_PASSWORD = "Fresh-start-for-2026"


def client_of(user: User) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def sign_in(username: str, password: str) -> Any:
    return Client(HTTP_ACCEPT_LANGUAGE="en").post(
        reverse("accounts:login"), {"username": username, "password": password}
    )


def lock_out(username: str) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(username, "wrong-password")


def errors_of(response: Any, field: str) -> list[str]:
    return [str(e) for e in response.context["form"].errors.get(field, [])]


@pytest.fixture
def admin(make_user: Callable[..., Any]) -> User:
    """An administrator of the Balkhash town administration (own units only)."""
    return make_user(Role.ADMINISTRATOR, units=(BALKHASH,), username="admin_balkhash")


@pytest.fixture
def admin_client(admin: User) -> Client:
    return client_of(admin)


@pytest.fixture
def clerk(kato: None) -> User:
    """A registrar of the Balkhash town, with a name to search for."""
    return user_create(
        actor=None,
        username="clerk",
        password=PASSWORD,
        role=Role.REGISTRAR,
        units=[BALKHASH_TOWN],
        first_name="Айгерим",
        last_name="Сапарова",
    )


@pytest.fixture
def almaty_clerk(make_user: Callable[..., Any]) -> User:
    return make_user(Role.REGISTRAR, units=(ALMATY_ALMALY,), username="almaty_clerk")


def account_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "username": "new_caseworker",
        "first_name": "Данияр",
        "last_name": "Омаров",
        "role": Role.CASEWORKER,
        "reach": Reach.UNITS,
        "units": [BALKHASH_TOWN],
        "language": "kk",
        "password": NEW_PASSWORD,
        "password_again": NEW_PASSWORD,
    }
    data.update(overrides)
    return data


def edit_data(account: User, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "first_name": account.first_name,
        "last_name": account.last_name,
        "role": account.role,
        "reach": account.reach,
        "units": [u.code for u in account.units.all()],
        "language": account.preferred_language,
    }
    data.update(overrides)
    return data


# --- Who reaches the pages -----------------------------------------------------------------------


def _pages(account: User) -> list[tuple[str, str]]:
    return [
        ("get", reverse("accounts:user_list")),
        ("get", reverse("accounts:user_create")),
        ("get", reverse("accounts:user_edit", args=[account.pk])),
        ("get", reverse("accounts:user_password", args=[account.pk])),
        ("get", reverse("accounts:user_active", args=[account.pk])),
        ("post", reverse("accounts:user_active", args=[account.pk])),
        ("post", reverse("accounts:user_unlock", args=[account.pk])),
    ]


@pytest.mark.parametrize("role", [r.value for r in Role if r != Role.ADMINISTRATOR])
def test_only_administrators_reach_the_pages(role: str, make_user: Callable[..., Any], clerk: User) -> None:
    """Every other role gets a 403 on every user management page, GET or POST."""
    client = client_of(make_user(role, units=(BALKHASH,), reach=Reach.NATIONAL))
    for method, url in _pages(clerk):
        assert getattr(client, method)(url).status_code == 403, (role, url)
    assert "/accounts/users/" not in client.get(reverse("home")).content.decode()


def test_administrator_opens_every_page(admin_client: Client, clerk: User) -> None:
    """The administrator gets every page, and the menu and start page link to the user list."""
    for method, url in _pages(clerk):
        if method == "get":
            assert admin_client.get(url).status_code == 200, url
    home = admin_client.get(reverse("home")).content.decode()
    assert f'href="{reverse("accounts:user_list")}"' in home


def test_deactivated_administrator_reaches_nothing(admin: User, clerk: User) -> None:
    """An inactive administrator has no capability left, even with a session opened before."""
    admin.is_active = False
    with pytest.raises(PermissionDenied):
        users_visible(user=admin)
    with pytest.raises(PermissionDenied):
        user_unlock(actor=admin, user=clerk)


# --- Territory -----------------------------------------------------------------------------------


def test_balkhash_administrator_sees_only_balkhash_accounts(
    admin: User, admin_client: Client, clerk: User, almaty_clerk: User, make_user: Callable[..., Any]
) -> None:
    """Accounts in Almaty, or whose reach covers the whole region, are not listed, nor can be opened."""
    regional = make_user(Role.ANALYST, units=(BALKHASH,), reach=Reach.REGION, username="regional")
    national = make_user(Role.ANALYST, units=(), reach=Reach.NATIONAL, username="national")
    visible = set(users_visible(user=admin).values_list("username", flat=True))
    assert visible == {"admin_balkhash", "clerk"}
    html = admin_client.get(reverse("accounts:user_list")).content.decode()
    assert "clerk" in html and "almaty_clerk" not in html and "regional" not in html
    for other in (almaty_clerk, regional, national):
        with pytest.raises(NotFound):
            user_detail(user=admin, user_id=other.pk)
        for method, url in _pages(other)[2:]:
            assert getattr(admin_client, method)(url).status_code == 404, url


def test_region_and_national_administrators_see_further(
    make_user: Callable[..., Any], clerk: User, almaty_clerk: User
) -> None:
    """A Karaganda regional administrator sees the region's accounts; a national one sees all."""
    regional = make_user(Role.ADMINISTRATOR, units=(BALKHASH,), reach=Reach.REGION, username="adm_kar")
    national = make_user(Role.ADMINISTRATOR, units=(), reach=Reach.NATIONAL, username="adm_kz")
    analyst = make_user(Role.ANALYST, units=(BALKHASH,), reach=Reach.REGION, username="analyst_kar")
    assert set(users_visible(user=regional).values_list("username", flat=True)) == {
        "adm_kar",
        "clerk",
        "analyst_kar",
    }
    assert {"adm_kar", "adm_kz", "clerk", "almaty_clerk", "analyst_kar"} <= set(
        users_visible(user=national).values_list("username", flat=True)
    )
    user_update(actor=regional, **edit_kwargs(analyst, units=[GULSHAT]))
    with pytest.raises(PermissionDenied):
        user_update(actor=regional, **edit_kwargs(almaty_clerk))


def edit_kwargs(account: User, **overrides: Any) -> dict[str, Any]:
    data = edit_data(account, **overrides)
    return {"user": account, **data}


def test_services_refuse_accounts_outside_the_territory(admin: User, almaty_clerk: User) -> None:
    """Called directly, every service refuses an Almaty account to a Balkhash administrator."""
    calls: list[Callable[[], Any]] = [
        lambda: user_update(actor=admin, **edit_kwargs(almaty_clerk, first_name="X")),
        lambda: user_set_active(actor=admin, user=almaty_clerk, active=False, reason="order 5"),
        lambda: user_reset_password(actor=admin, user=almaty_clerk, password=NEW_PASSWORD),
        lambda: user_unlock(actor=admin, user=almaty_clerk),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    almaty_clerk.refresh_from_db()
    assert almaty_clerk.is_active and almaty_clerk.check_password(PASSWORD)
    assert not AuditLog.objects.filter(object_type="accounts.user", object_id=str(almaty_clerk.pk)).exclude(
        action="create"
    )


def test_almaty_units_cannot_be_assigned(admin: User, admin_client: Client, clerk: User) -> None:
    """Almaty is not offered, is refused at the field when posted, and refused by the services."""
    page = admin_client.get(reverse("accounts:user_create")).content.decode()
    assert f'value="{BALKHASH_TOWN}"' in page and f'value="{ALMATY_ALMALY}"' not in page
    response = admin_client.post(reverse("accounts:user_create"), account_data(units=[ALMATY_ALMALY]))
    assert response.status_code == 200
    assert errors_of(response, "units") == [f"{ALMATY_ALMALY} is not a territorial unit of your territory."]
    response = admin_client.post(
        reverse("accounts:user_edit", args=[clerk.pk]), edit_data(clerk, units=[BALKHASH_TOWN, ALMATY_ALMALY])
    )
    assert errors_of(response, "units")
    with pytest.raises(PermissionDenied) as exc:
        user_update(actor=admin, **edit_kwargs(clerk, units=[ALMATY_ALMALY]))
    assert exc.value.field == "units" and ALMATY_ALMALY in str(exc.value)
    with pytest.raises(PermissionDenied) as exc:
        user_create(
            actor=admin, username="sneaky", password=NEW_PASSWORD, role=Role.REGISTRAR, units=[ALMATY_ALMALY]
        )
    assert exc.value.field == "units"
    assert not User.objects.filter(username__in=["sneaky", "new_caseworker"]).exists()
    assert list(clerk.units.values_list("code", flat=True)) == [BALKHASH_TOWN]


def test_reach_cannot_be_widened_beyond_the_administrator(
    admin: User, admin_client: Client, clerk: User
) -> None:
    """A Balkhash administrator cannot give the whole region or the whole country."""
    page = admin_client.get(reverse("accounts:user_edit", args=[clerk.pk])).content.decode()
    assert 'value="region"' not in page and 'value="national"' not in page
    response = admin_client.post(
        reverse("accounts:user_edit", args=[clerk.pk]), edit_data(clerk, reach=Reach.NATIONAL)
    )
    assert errors_of(response, "reach")
    for reach in (Reach.REGION, Reach.NATIONAL):
        with pytest.raises(PermissionDenied) as exc:
            user_update(actor=admin, **edit_kwargs(clerk, reach=reach))
        assert exc.value.field == "reach"
    clerk.refresh_from_db()
    assert clerk.reach == Reach.UNITS


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


# --- The list ------------------------------------------------------------------------------------


def test_list_filters(admin_client: Client, clerk: User, make_user: Callable[..., Any]) -> None:
    """Search by user name or name (any case, Cyrillic too), by role and by active; HTMX gets rows only."""
    make_user(Role.CASEWORKER, units=(GULSHAT,), username="caseworker_gulshat")
    url = reverse("accounts:user_list")

    def names(**params: str) -> set[str]:
        response = admin_client.get(url, params)
        return {u.username for u in response.context["page"].object_list}

    assert names(q="сапарова") == {"clerk"}
    assert names(q="Айгерим САПАРОВА") == {"clerk"}
    assert names(q="GULSHAT") == {"caseworker_gulshat"}
    assert names(role=Role.CASEWORKER) == {"caseworker_gulshat"}
    assert names(active="no") == set()
    assert "clerk" in names(active="yes")
    partial = admin_client.get(url, {"q": "clerk"}, HTTP_HX_REQUEST="true")
    assert "<html" not in partial.content.decode() and "clerk" in partial.content.decode()
    assert partial.templates[0].name == "accounts/_user_rows.html"


def test_list_query_budget(
    admin: User, admin_client: Client, make_user: Callable[..., Any], django_assert_max_num_queries: Any
) -> None:
    """Thirty accounts, some locked out, cost a fixed handful of queries, not one per row."""
    for i in range(30):
        make_user(Role.REGISTRAR, units=(BALKHASH_TOWN, GULSHAT), username=f"staff_{i:02d}")
    lock_out("staff_03")
    lock_out("staff_17")
    with django_assert_max_num_queries(6):
        response = admin_client.get(reverse("accounts:user_list"))
    assert response.status_code == 200
    page = response.context["page"]
    assert page.paginator.count == 31
    assert {u.username for u in page.object_list if u.locked_out} == {"staff_03", "staff_17"}


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("kk", ["Пайдаланушылар", "Жаңа пайдаланушы", "Бұғатталған", "Бұғаттан шығару"]),
        ("ru", ["Пользователи", "Новый пользователь", "Заблокирована", "Разблокировать"]),
        ("en", ["Users", "New user", "Locked out", "Unlock"]),
    ],
)
def test_the_list_speaks_the_interface_language(
    admin: User, clerk: User, language: str, expected: list[str]
) -> None:
    """Menu, buttons and the lockout flag are translated into Kazakh and Russian."""
    lock_out("clerk")
    client = client_of(admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get(reverse("accounts:user_list")).content.decode()
    for text in expected:
        assert text in html, (language, text)
