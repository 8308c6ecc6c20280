"""The main menu is built once per set of capabilities and language, and still follows the user: a
role changed by an administrator shows on the user's next page, each language has its own words,
and only the page being shown is marked current."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from conftest import BALKHASH
from komek.accounts import menu
from komek.accounts.choices import Reach, Role
from komek.accounts.services import user_update

pytestmark = pytest.mark.django_db

MAIN_MENU = re.compile(r'<nav class="mainnav"[^>]*>(.*?)</nav>', re.S)
LINK = re.compile(r'<a href="([^"]+)"\s*(aria-current="page")?\s*>([^<]*)</a>')


def main_menu(client: Client, url: str = "/") -> dict[str, tuple[str, bool]]:
    """The main menu of the page at ``url``: each link's address → (its words, whether current)."""
    response = client.get(url)
    assert response.status_code == 200, url
    block = MAIN_MENU.search(response.content.decode())
    assert block is not None, "no main menu on the page"
    return {href: (label.strip(), bool(current)) for href, current, label in LINK.findall(block.group(1))}


def change_role(admin: Any, user: Any, role: str) -> None:
    user_update(
        actor=admin, user=user, role=role, reach=Reach.UNITS, units=[BALKHASH],
        first_name=user.first_name, last_name=user.last_name, language=user.preferred_language,
    )  # fmt: skip


def test_a_role_changed_shows_on_the_next_page(make_user: Callable[..., Any]) -> None:
    """The menus are kept per capability set, not per user: a caseworker made an accountant loses
    the applications and gains the payrolls on the next page, and back again."""
    admin = make_user(Role.ADMINISTRATOR)
    user = make_user(Role.CASEWORKER)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    cases, payrolls = reverse("applications:case_list"), reverse("payments:payroll_list")
    shown = main_menu(client)
    assert cases in shown and payrolls not in shown
    change_role(admin, user, Role.ACCOUNTANT)
    shown = main_menu(client)
    assert payrolls in shown and cases not in shown
    change_role(admin, user, Role.CASEWORKER)
    shown = main_menu(client)
    assert cases in shown and payrolls not in shown


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_each_language_has_its_own_menu(make_user: Callable[..., Any], language: str) -> None:
    """Two users of one role reading in different languages each get their own words, whichever
    language was built first."""
    first, second = make_user(Role.CASEWORKER), make_user(Role.CASEWORKER)
    other = "ru" if language != "ru" else "kk"
    for user, lang in ((first, other), (second, language)):
        client = Client(HTTP_ACCEPT_LANGUAGE=lang)
        client.force_login(user)
        shown = main_menu(client)
        with translation.override(lang):
            expected = str(menu.MENUS["main"][4].label)  # "Applications"
        assert shown[reverse("applications:case_list")][0] == expected
    assert expected != "Applications" or language == "en"


def test_only_the_page_shown_is_current(make_user: Callable[..., Any]) -> None:
    """The shared links are marked per request: the applications are current on the case list only."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(make_user(Role.CASEWORKER))
    cases = reverse("applications:case_list")
    assert main_menu(client, cases)[cases][1] is True
    assert main_menu(client, "/")[cases][1] is False
    assert main_menu(client, cases)[cases][1] is True


def test_the_menu_is_the_policys_answer_for_every_role(make_user: Callable[..., Any]) -> None:
    """Built once or not, each role's main menu is exactly the entries the access policy allows it."""
    for role in Role.values:
        user = make_user(role)
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(user)
        expected = {reverse(e.url_name) for e in menu.entries(user, "main")}
        assert set(main_menu(client)) == expected, role
