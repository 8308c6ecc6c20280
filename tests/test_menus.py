"""Menus lead only where the role may go: every link of every menu, as each of the ten demo roles.

The demo users are created by the demo's own command; each signs in, and every entry of every menu
the access policy shows them (``komek.accounts.menu``) answers 200. The links of each menu page's
``<nav>`` elements as rendered are followed too, so a link typed into a template past the menus
cannot lead to "access denied" either.
"""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from komek.accounts import menu
from komek.accounts.choices import Role
from komek.accounts.models import User

pytestmark = pytest.mark.django_db

NAV = re.compile(r"<nav\b[^>]*>(.*?)</nav>", re.S)
HREF = re.compile(r'href="(/[^"#?]*)"')


@pytest.fixture
def demo_users(settings: Any) -> None:
    settings.DEMO = True  # the demo commands' guard
    out = io.StringIO()
    call_command("load_reference", stdout=out)
    call_command("demo_users", stdout=out)


def nav_links(html: str) -> set[str]:
    return {href for block in NAV.findall(html) for href in HREF.findall(block)}


def test_every_menu_entry_opens_for_every_role(demo_users: None) -> None:
    refused = {}
    for role in Role.values:
        refused.update(refusals(role))
    assert not refused, f"menu links answering other than 200: {refused}"


def refusals(role: str) -> dict[str, int]:
    user = User.objects.get(username=f"demo_{role}")
    client = Client()
    client.force_login(user)
    shown = {e.url_name for name in menu.MENUS for e in menu.entries(user, name)}
    assert shown, f"{role} sees no menu at all"
    urls = {reverse(name) for name in shown}
    refused = {}
    for url in sorted(urls):
        response = client.get(url)
        if response.status_code != 200:
            refused[f"{role}: {url}"] = response.status_code
            continue
        urls_on_page = nav_links(response.content.decode())
        for link in sorted(urls_on_page - urls):
            if link.startswith(("/static/", "/i18n/")):
                continue
            status = client.get(link).status_code
            if status != 200:
                refused[f"{role}: {link} (in the menu of {url})"] = status
    return refused


def test_the_main_menu_shows_only_what_the_policy_allows(demo_users: None) -> None:
    analyst = User.objects.get(username=f"demo_{Role.ANALYST}")
    client = Client()
    client.force_login(analyst)
    html = client.get(reverse("home")).content.decode()
    shown = nav_links(html)
    assert reverse("employment:figures") in shown
    assert reverse("registry:person_search") not in shown  # the analyst never opens a person's card
    assert reverse("accounts:user_list") not in shown


def test_the_current_section_is_marked(demo_users: None) -> None:
    head = User.objects.get(username=f"demo_{Role.DEPARTMENT_HEAD}")
    client = Client()
    client.force_login(head)
    html = client.get(reverse("employment:figures")).content.decode()
    figures = re.escape(reverse("employment:figures"))
    assert re.search(rf'href="{figures}"\s+aria-current="page"', html)
