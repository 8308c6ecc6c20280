"""The budget pages: an accountant enters an allocation, the head approves it, the execution page
shows words (the programme's name with its code, the source by name) and its XLSX downloads."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from komek.budget.models import Allocation

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_enter_approve_and_see_execution(accountant: Any, head: Any, analyst: Any) -> None:
    """Entered as a draft, approved by the head, shown on the execution page and in its workbook."""
    response = _client(accountant).post(
        reverse("budget:allocation_list"),
        {"year": 2020, "programme": "451.006", "source": "local", "territory": "351600000", "amount": 750000},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302
    allocation = Allocation.objects.get()
    assert allocation.status == "draft"
    bad = _client(accountant).post(
        reverse("budget:allocation_list"),
        {"year": 2020, "programme": "451.006", "source": "local", "territory": "351610000", "amount": 1},
    )
    assert bad.status_code == 200 and "351600000" in bad.content.decode()
    assert _client(head).post(reverse("budget:allocation_approve", args=[allocation.pk])).status_code == 302
    allocation.refresh_from_db()
    assert allocation.status == "approved"
    page = _client(analyst).get(reverse("budget:execution"), {"year": "2020", "territory": "351600000"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "451.006" in text and allocation.get_source_display() in text
    workbook = _client(analyst).get(reverse("budget:execution_xlsx"), {"year": "2020"})
    assert workbook.status_code == 200
    sheet = load_workbook(io.BytesIO(workbook.content)).worksheets[0]
    values = [cell.value for cell in sheet[3]]
    assert str(values[0]).startswith("451.006 ") and values[3] == 750000


def test_roles_without_budget_see_nothing(make_user: Any) -> None:
    """A registrar has no budget page; an analyst cannot enter an allocation."""
    from komek.accounts.choices import Role

    registrar = make_user(Role.REGISTRAR, username="reg_budget")
    assert _client(registrar).get(reverse("budget:execution")).status_code == 403
    analyst = make_user(Role.ANALYST, username="an_budget")
    assert _client(analyst).post(reverse("budget:allocation_import")).status_code == 403


def test_import_errors_shown_by_row(accountant: Any) -> None:
    """A file with a bad row is refused on the page with its row and column."""
    content = b"year,programme,source,territory,amount\n2020,451.999,local,351600000,5\n"
    upload = io.BytesIO(content)
    upload.name = "plan.csv"
    response = _client(accountant).post(reverse("budget:allocation_import"), {"file": upload})
    assert response.status_code == 400
    text = response.content.decode()
    assert "import-errors" in text and "451.999" in text
    assert Allocation.objects.count() == 0
