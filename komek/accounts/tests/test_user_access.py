"""User management pages: who reaches them, the administrator's territory, the list."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from conftest import ALMATY_ALMALY, BALKHASH, BALKHASH_TOWN, GULSHAT, PASSWORD
from komek.accounts.choices import Reach, Role
from komek.accounts.models import User
from komek.accounts.selectors.users import user_detail, users_visible
from komek.accounts.services import (
    user_create,
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
)
from komek.common.errors import NotFound, PermissionDenied
from komek.common.models import AuditLog

pytestmark = pytest.mark.django_db

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
