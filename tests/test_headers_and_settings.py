"""Headers on every answer and the settings production refuses to start with."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from komek import settings as komek_settings

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = sorted((ROOT / "komek").rglob("templates/**/*.html"))
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.I)


def policy_of(response: Any) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.django_db
def test_every_answer_carries_the_content_security_policy(client: Client, registrar: Any) -> None:
    """The login page and a staff page: everything from our own origin, nothing inline."""
    for response in (client.get("/accounts/login/"), _signed_in(registrar).get("/persons/")):
        csp = policy_of(response)
        assert csp["default-src"] == ["'self'"]
        assert csp["script-src"] == ["'self'"] and csp["style-src"] == ["'self'"]
        assert csp["object-src"] == ["'none'"] and csp["frame-ancestors"] == ["'none'"]
        assert "unsafe-inline" not in response["Content-Security-Policy"]
        assert "unsafe-eval" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_pages_of_staff_are_never_stored(registrar: Any) -> None:
    response = _signed_in(registrar).get("/persons/")
    assert response.status_code == 200  # noqa: PLR2004
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def _signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_templates_carry_no_inline_script_handler_or_style() -> None:
    """What the policy would refuse in a browser: inline <script>, on...= handlers, style=."""
    found = []
    for path in TEMPLATES:
        text = path.read_text()
        for name, pattern in (("script", INLINE_SCRIPT), ("handler", HANDLER), ("style", STYLE_ATTRIBUTE)):
            found += [f"{path.relative_to(ROOT)}: inline {name}" for _ in pattern.finditer(text)]
    assert TEMPLATES and not found, found


def test_htmx_injects_no_indicator_style() -> None:
    """htmx would add a <style> element for its indicator: base.html switches it off, our CSS has it."""
    base = (ROOT / "komek" / "templates" / "base.html").read_text()
    assert '<meta name="htmx-config" content=\'{"includeIndicatorStyles": false}\'>' in base
    assert ".htmx-request .htmx-indicator" in (ROOT / "komek" / "static" / "css" / "komek.css").read_text()


def production_env(**changes: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KOMEK_", "PYTEST", "DATABASE_URL"))}
    env.update(
        KOMEK_ENV="production",
        KOMEK_SECRET_KEY=secrets.token_urlsafe(50),
        KOMEK_PORTAL_SECRET=secrets.token_hex(32),
        KOMEK_ALLOWED_HOSTS="komek.example.kz",
        KOMEK_VAR_DIR=str(ROOT / "var" / "production-check"),
    )
    env.update(changes)
    return env


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"KOMEK_DEBUG": "1"}, "KOMEK_DEBUG"),
        ({"KOMEK_DEMO": "true"}, "KOMEK_DEMO"),
        ({"KOMEK_HTTPS": "0"}, "KOMEK_HTTPS"),
        ({"KOMEK_SECRET_KEY": ""}, "KOMEK_SECRET_KEY"),
        ({"KOMEK_SECRET_KEY": "short-but-random-Xy7"}, "KOMEK_SECRET_KEY is weak"),
        ({"KOMEK_SECRET_KEY": "ab" * 40}, "KOMEK_SECRET_KEY is weak"),
        ({"KOMEK_SECRET_KEY": "django-insecure-" + secrets.token_urlsafe(50)}, "KOMEK_SECRET_KEY is weak"),
        ({"KOMEK_PORTAL_SECRET": ""}, "KOMEK_PORTAL_SECRET"),
        ({"KOMEK_PORTAL_SECRET": "tiny"}, "KOMEK_PORTAL_SECRET"),
    ],
)
def test_production_names_each_unsafe_setting(changes: dict[str, str], named: str) -> None:
    assert komek_settings.production_problems(production_env()) == []
    problems = komek_settings.production_problems(production_env(**changes))
    assert len(problems) == 1 and named in problems[0], problems


def komek(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "komek", *args]
    return subprocess.run(
        command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )


def test_production_refuses_to_start_with_unsafe_settings() -> None:
    done = komek("check", env=production_env(KOMEK_DEBUG="1", KOMEK_PORTAL_SECRET=""))
    assert done.returncode != 0
    assert "KOMEK_DEBUG must be off" in done.stderr and "KOMEK_PORTAL_SECRET" in done.stderr


def test_the_deployment_check_is_clean_with_production_settings() -> None:
    done = komek("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert done.returncode == 0, done.stderr
    assert "no issues" in done.stdout
