"""Each of the ten demo roles in a real browser: from the home page, through every menu entry.

The demo users are made by the demo's own command. Each role starts at the home page (which asks
them to sign in), signs in, and opens every entry of its menus by clicking (no URL typed): each
page opens (no "access denied") and passes the WCAG 2.1 AA check that the browser fixture runs on
every page (``komek.common.tests.a11y``).
"""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.core.management import call_command

from komek.accounts import menu
from komek.accounts.choices import Role
from komek.registry.tests.test_browser import (  # noqa: F401 (the shared browser fixtures)
    _audit_triggers_restored,
    audit_triggers_flushable,
    chromium,
)

pytestmark = pytest.mark.browser

SUBMENUS = {"employment:figures": "employment", "rehabilitation:index": "rehabilitation"}
SUBMENUS |= {"legislation:programme_list": "rules", "payments:payroll_list": "payments"}


@pytest.fixture
def demo_users(settings: Any, audit_triggers_flushable: None) -> dict[str, Any]:  # noqa: F811
    from komek.accounts.models import User
    from komek.demo.management.commands.demo_users import demo_password

    settings.DEMO = True  # the demo commands' guard
    out = io.StringIO()
    call_command("load_reference", stdout=out)
    call_command("demo_users", stdout=out)
    return {role: (User.objects.get(username=f"demo_{role}"), demo_password(role)) for role in Role.values}


@pytest.mark.parametrize("role", Role.values)
def test_the_role_opens_every_entry_of_its_menus(
    live_server: Any,
    demo_users: dict[str, Any],
    chromium: Any,  # noqa: F811
    role: str,
) -> None:
    user, password = demo_users[role]
    context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(120_000)  # only a failing wait reaches it
    page.goto(f"{live_server.url}/")  # the only URL typed: the home page, which asks to sign in
    page.fill("#id_username", user.username)
    page.fill("#id_password", password)
    page.click("form button[type=submit].btn-primary")
    page.wait_for_url(f"{live_server.url}/")
    for entry in menu.entries(user, "main"):
        target = menu.reverse(entry.url_name)
        page.locator(f"nav.mainnav a[href='{target}']").click()
        page.wait_for_url(re.compile(rf".*{re.escape(target)}(\?.*)?$"))
        assert page.locator("h1").count() >= 1
        sub = SUBMENUS.get(entry.url_name)
        for item in menu.entries(user, sub) if sub else []:
            url = menu.reverse(item.url_name)
            page.locator(f"main a[href='{url}']").first.click()
            page.wait_for_url(re.compile(rf".*{re.escape(url)}(\?.*)?$"))
            assert page.locator("h1").count() >= 1
            page.go_back()
    context.close()
