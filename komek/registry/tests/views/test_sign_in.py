"""Signing in, languages and the start page's figures, seen from the registry's staff."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from komek.accounts.choices import Reach, Role
from komek.registry.models import Family
from komek.registry.tests.views.conftest import (
    BALKHASH_TOWN,
    PASSWORD,
    client_of,
    head_of,
)

# --- Sign-in, languages, dashboard --------------------------------------------------------------


@pytest.mark.django_db
def test_login_page_and_language_from_the_profile(staff: Any) -> None:
    """Signing in through the form sets the interface language from the user's profile."""
    staff(Role.REGISTRAR, username="kazakh_speaker", language="kk")
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": "kazakh_speaker", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "kk"
    home = client.get(reverse("home"))
    assert 'lang="kk"' in home.content.decode()


@pytest.mark.django_db
def test_a_language_chosen_on_the_browser_wins(staff: Any) -> None:
    """A language picked with the switch is not overridden at the next sign-in."""
    staff(Role.REGISTRAR, username="picker", language="kk")
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(reverse("accounts:login"), {"username": "picker", "password": PASSWORD})
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert 'lang="en"' in client.get(reverse("home")).content.decode()


@pytest.mark.django_db
def test_wrong_password_is_a_clear_form_error(staff: Any) -> None:
    """A wrong password keeps the user on the form with an error that mentions the lockout."""
    staff(Role.REGISTRAR, username="typo")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = client.post(reverse("accounts:login"), {"username": "typo", "password": "wrong-password"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Wrong user name or password" in html and "30 minutes" in html


@pytest.mark.django_db
def test_account_is_locked_after_the_failure_limit(staff: Any) -> None:
    """After AXES_FAILURE_LIMIT wrong passwords the locked-out page says so, even for the right password."""
    staff(Role.REGISTRAR, username="victim")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    url = reverse("accounts:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(url, {"username": "victim", "password": "wrong-password"})
    assert response.status_code in (403, 429)
    assert "locked for 30 minutes" in response.content.decode()
    response = client.post(url, {"username": "victim", "password": PASSWORD})
    assert response.status_code in (403, 429)
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_logout_is_post_only(reg_client: Client) -> None:
    """A link (GET) cannot sign anyone out; the logout button (POST) does."""
    assert reg_client.get(reverse("accounts:logout")).status_code == 405
    response = reg_client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert reg_client.get(reverse("home")).status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [("kk", ["Азаматтар", "Шығу"]), ("ru", ["Граждане", "Выйти"]), ("en", ["Persons", "Sign out"])],
)
def test_language_switch(reg_client: Client, language: str, expected: list[str]) -> None:
    """The kk/ru/en switch (Django's set_language) changes the labels of the interface."""
    response = reg_client.post(reverse("set_language"), {"language": language, "next": reverse("home")})
    assert response.status_code == 302
    html = reg_client.get(reverse("registry:person_search")).content.decode()
    assert f'lang="{language}"' in html
    for label in expected:
        assert label in html


@pytest.mark.django_db
def test_model_labels_are_translated(reg_client: Client, family: Family) -> None:
    """Choice labels from the codes (relations, income types) appear in Kazakh and Russian."""
    person = head_of(family)
    url = reverse("registry:person_detail", args=[person.pk])
    reg_client.post(reverse("set_language"), {"language": "ru", "next": url})
    ru = reg_client.get(url).content.decode()
    assert "Заработная плата" in ru and "Глава семьи" in ru
    reg_client.post(reverse("set_language"), {"language": "kk", "next": url})
    kk = reg_client.get(url).content.decode()
    assert "Жалақы" in kk and "Отбасы басшысы" in kk


@pytest.mark.django_db
def test_dashboard_links_follow_capabilities(staff: Any) -> None:
    """The start page greets the user and offers only what the role allows."""
    registrar = client_of(staff(Role.REGISTRAR)).get(reverse("home")).content.decode()
    assert reverse("registry:person_create") in registrar and reverse("audit:audit_list") not in registrar
    assert "351600000" in registrar
    auditor = client_of(staff(Role.AUDITOR, units=("350000000",), reach=Reach.REGION)).get(reverse("home"))
    html = auditor.content.decode()
    assert reverse("audit:audit_list") in html and reverse("registry:person_create") not in html


@pytest.mark.django_db
def test_dashboard_shows_the_figures_of_the_territory(
    reg_client: Client, family: Family, django_assert_max_num_queries: Any
) -> None:
    """The start page counts persons, families, children and disability by unit, in a few queries."""
    with django_assert_max_num_queries(10):
        response = reg_client.get(reverse("home"))
    summary = response.context["summary"]
    assert [(u.kato, u.persons, u.families, u.children, u.disability) for u in summary.units] == [
        (BALKHASH_TOWN, 3, 1, 1, 1)
    ]
    assert 'class="card figures"' in response.content.decode()
