"""Registry pages: roles and territory decide who reaches them; reading changes nothing; CSRF."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from komek.accounts.choices import Role
from komek.common.choices import AuditAction
from komek.common.models import AuditLog
from komek.registry.models import Document, Family, Income, Membership, Person
from komek.registry.tests.views.conftest import (
    ALMALY,
    client_of,
    head_of,
    person_form_data,
)

# --- Access: roles and territory ----------------------------------------------------------------


def _urls(family: Family) -> dict[str, tuple[str, str]]:
    """name -> (url, capability the page needs)."""
    person = head_of(family)
    other = Membership.objects.filter(family=family).exclude(relation="head").first()
    doc = Document.objects.first()
    assert other is not None and doc is not None
    return {
        "person_search": (reverse("registry:person_search") + "?q=Ах", "person.view"),
        "person_detail": (reverse("registry:person_detail", args=[person.pk]), "person.view"),
        "family_detail": (reverse("registry:family_detail", args=[family.pk]), "person.view"),
        "person_create": (reverse("registry:person_create"), "person.edit"),
        "person_edit": (reverse("registry:person_edit", args=[person.pk]), "person.edit"),
        "family_create": (reverse("registry:family_create"), "person.edit"),
        "family_add_member": (reverse("registry:family_add_member", args=[family.pk]), "person.edit"),
        "family_remove_member": (
            reverse("registry:family_remove_member", args=[family.pk, other.person_id]),
            "person.edit",
        ),
        "income_add": (reverse("registry:income_add", args=[person.pk]), "income.edit"),
        "status_add": (reverse("registry:status_add", args=[person.pk]), "status.edit"),
        "document_add": (reverse("registry:document_add", args=[person.pk]), "document.add"),
        "family_document_add": (reverse("registry:family_document_add", args=[family.pk]), "document.add"),
        "document_download": (reverse("registry:document_download", args=[doc.pk]), "document.view"),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r.value for r in Role])
def test_every_page_answers_403_to_a_role_without_its_capability(
    role: str, staff: Any, family: Family
) -> None:
    """Each role gets the page when its capability allows it and a 403 page with a reason otherwise."""
    from komek.accounts.roles import capabilities_of

    user = staff(role)
    client = client_of(user)
    for name, (url, capability) in _urls(family).items():
        response = client.get(url)
        if capability in capabilities_of(role):
            assert response.status_code == 200, (role, name)
        else:
            assert response.status_code == 403, (role, name)
            assert "Access denied" in response.content.decode() or "Доступ" in response.content.decode()


@pytest.mark.django_db
def test_forbidden_page_says_why(staff: Any) -> None:
    """The 403 page names the reason, not just a status code."""
    response = client_of(staff(Role.ANALYST)).get(reverse("registry:person_search"))
    assert response.status_code == 403
    assert "template_name" not in response.content.decode()
    assert response.templates[0].name == "403.html"


@pytest.mark.django_db
def test_staff_of_another_district_get_404_for_persons_outside_their_units(
    staff: Any, family: Family
) -> None:
    """A registrar in Almaty cannot open, edit or add to anything registered in Balkhash."""
    almaty = client_of(staff(Role.REGISTRAR, units=(ALMALY,)))
    for name, (url, _cap) in _urls(family).items():
        if name in {"person_search", "person_create", "family_create"}:
            continue
        assert almaty.get(url).status_code == 404, name
    person = head_of(family)
    response = almaty.post(
        reverse("registry:income_add", args=[person.pk]),
        {"month": "2025-02", "income_type": "wages", "amount": "1", "source": "declared"},
    )
    assert response.status_code == 404
    assert not Income.objects.filter(person=person, month=dt.date(2025, 2, 1)).exists()
    # ... and search finds nobody there.
    response = almaty.get(reverse("registry:person_search"), {"q": person.iin})
    assert response.context["results"] == []


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_the_login_page(family: Family) -> None:
    """No registry page is reachable without signing in."""
    client = Client()
    for url, _cap in _urls(family).values():
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_get_pages_change_nothing(reg_client: Client, family: Family) -> None:
    """Opening any page (forms included) writes no data; only card openings are audited as reads."""
    before_people, before_incomes = Person.objects.count(), Income.objects.count()
    writes_before = AuditLog.objects.exclude(action=AuditAction.READ).count()
    for url, _cap in _urls(family).values():
        reg_client.get(url)
    assert (Person.objects.count(), Income.objects.count()) == (before_people, before_incomes)
    assert AuditLog.objects.exclude(action=AuditAction.READ).count() == writes_before


@pytest.mark.django_db
def test_posts_need_the_csrf_token(registrar: Any) -> None:
    """A form posted from elsewhere, without the CSRF token, is refused."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(registrar)
    response = client.post(reverse("registry:person_create"), person_form_data())
    assert response.status_code == 403
    assert not Person.objects.filter(surname="Омарова").exists()
