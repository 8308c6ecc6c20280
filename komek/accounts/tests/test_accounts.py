"""Roles, passwords, sign-in with lockout, and the audit of sign-ins."""

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.urls import reverse

from conftest import PASSWORD
from komek.accounts.choices import Capability, Reach, Role
from komek.accounts.policy import system
from komek.accounts.roles import CAPABILITIES
from komek.accounts.services import user_create
from komek.common.errors import DomainError, PermissionDenied
from komek.common.models import AuditLog

pytestmark = pytest.mark.django_db


def test_every_role_has_a_row_in_the_matrix():
    """No role is left without an explicit list of capabilities."""
    assert set(CAPABILITIES) == set(Role.values)


@pytest.mark.parametrize(
    ("role", "capability", "allowed"),
    [
        (Role.REGISTRAR, Capability.PERSON_EDIT, True),
        (Role.CASEWORKER, Capability.INCOME_EDIT, True),
        (Role.ACCOUNTANT, Capability.PERSON_EDIT, False),
        (Role.ANALYST, Capability.PERSON_VIEW, False),
        (Role.AUDITOR, Capability.AUDIT_VIEW, True),
        (Role.AUDITOR, Capability.PERSON_VIEW, False),
        (Role.ADMINISTRATOR, Capability.USER_ADMIN, True),
        (Role.ADMINISTRATOR, Capability.PERSON_EDIT, False),
    ],
)
def test_capability_matrix(make_user, role, capability, allowed):
    """Each role holds exactly the capabilities of the matrix (a sample of allowed and refused pairs)."""
    assert make_user(role).can(capability) is allowed


def test_inactive_user_can_do_nothing(make_user):
    """A deactivated account loses every capability of its role."""
    user = make_user(Role.REGISTRAR)
    user.is_active = False
    assert not user.can(Capability.PERSON_VIEW)


def test_passwords_are_hashed_with_argon2(registrar):
    """Passwords are stored hashed with Argon2, never in clear."""
    assert identify_hasher(registrar.password).algorithm == "argon2"


def test_weak_password_refused(kato):
    """A password the validators reject refuses the account, on the password field."""
    with pytest.raises(DomainError) as exc:
        user_create(
            actor=system("tests"), username="weak", password="12345", role=Role.REGISTRAR, units=["351600000"]
        )
    assert exc.value.field == "password"


def test_only_administrators_create_users(make_user):
    """Only an administrator creates accounts, and the creation is audited under their name."""
    with pytest.raises(PermissionDenied):
        user_create(
            actor=make_user(Role.DEPARTMENT_HEAD),
            username="x",
            password=PASSWORD,
            role=Role.REGISTRAR,
            units=["351600000"],
        )
    admin = make_user(Role.ADMINISTRATOR)
    user = user_create(actor=admin, username="x", password=PASSWORD, role=Role.REGISTRAR, units=["351600000"])
    assert AuditLog.objects.filter(object_type="accounts.user", object_id=str(user.pk), actor=admin).exists()


def test_territory_prefixes(make_user):
    """Units give their own prefixes, region reach the region's two digits, national none at all."""
    assert make_user(Role.REGISTRAR, units=("351600000", "351010000")).territory_prefixes() == [
        "351010",
        "3516",
    ]
    assert make_user(Role.ANALYST, units=("351600000",), reach=Reach.REGION).territory_prefixes() == ["35"]
    assert make_user(Role.ANALYST, units=("351600000",), reach=Reach.NATIONAL).territory_prefixes() is None


def test_login_lockout_after_repeated_failures(client, registrar, settings):
    """After the allowed number of wrong passwords the account is locked, even for the right password."""
    url = reverse("accounts:login")
    statuses = [
        client.post(url, {"username": "registrar", "password": "wrong-password"}).status_code
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    response = client.post(url, {"username": "registrar", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    failed = AuditLog.objects.filter(action="login_failed")
    assert failed.count() >= settings.AXES_FAILURE_LIMIT
    assert all("password" not in row.changes for row in failed)


def test_login_and_logout_are_audited(client, registrar):
    """Signing in and signing out each leave an audit row under the user's name."""
    response = client.post(reverse("accounts:login"), {"username": "registrar", "password": PASSWORD})
    assert response.status_code == 302
    client.post(reverse("accounts:logout"))
    assert list(AuditLog.objects.filter(actor=registrar).values_list("action", flat=True)) == [
        "logout",
        "login",
    ]


def test_anonymous_is_sent_to_login(client):
    """A visitor who has not signed in is redirected to the login page."""
    response = client.get("/persons/")
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_logout_needs_post(client, registrar):
    """Signing out needs a POST: a GET of the logout URL is refused."""
    client.post(reverse("accounts:login"), {"username": "registrar", "password": PASSWORD})
    assert client.get(reverse("accounts:logout")).status_code == 405
