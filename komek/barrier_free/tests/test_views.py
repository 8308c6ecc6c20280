"""The pages of the barrier-free environment: the register with its filters, pages and XLSX; an
object's card where it is certified and adapted (errors at their field); the figures against the
plan; the analyst reads, never writes; a foreign object is not found."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from komek.barrier_free.models import Adaptation, Passport, SocialObject
from komek.barrier_free.services import object_register

pytestmark = pytest.mark.django_db
Login = Callable[[Any], Client]


def _register(client: Client, **change: str) -> Any:
    data = {"kato": "351610000", "name": "Polyclinic No. 1", "kind": "health", "address": "Abai st. 5"}
    return client.post(reverse("barrier_free:object_create"), {**data, "owner": "Akimat", **change})


def test_the_specialist_registers_certifies_and_adapts(specialist: Any, login: Login) -> None:
    client = login(specialist)
    response = _register(client)
    assert response.status_code == 302
    found = SocialObject.objects.get()
    card = reverse("barrier_free:object_detail", args=[found.pk])
    assert "Not certified" in client.get(card).content.decode()
    early = client.post(
        reverse("barrier_free:object_adapt", args=[found.pk]),
        {"works": "A ramp", "started": "2019-05-01", "finished": "2019-06-01"},
    )
    assert early.status_code == 400 and not Adaptation.objects.exists()  # refused, nothing kept
    assert "not certified yet" in early.content.decode()
    bad = client.post(
        reverse("barrier_free:object_certify", args=[found.pk]), {"date": "2019-03-01", "finding": "partial"}
    )
    assert bad.status_code == 400 and "This field is required." in bad.content.decode()
    ok = client.post(
        reverse("barrier_free:object_certify", args=[found.pk]),
        {"date": "2019-03-01", "finding": "partial", "findings": "No ramp at the entrance"},
    )
    assert ok.status_code == 302 and Passport.objects.get().to_adapt
    wrong = client.post(
        reverse("barrier_free:object_adapt", args=[found.pk]),
        {"works": "A ramp", "started": "2019-01-01", "finished": "2019-06-01"},
    )
    assert (
        wrong.status_code == 400 and "cannot start before the object was certified" in wrong.content.decode()
    )
    done = client.post(
        reverse("barrier_free:object_adapt", args=[found.pk]),
        {"works": "A ramp", "started": "2019-05-01", "finished": "2019-06-01", "cost": "900000"},
    )
    assert done.status_code == 302
    page = client.get(card).content.decode()
    assert "Adapted" in page and "01.06.2019" in page


def test_the_register_filters_pages_and_exports(specialist: Any, login: Login) -> None:
    for n in range(60):
        object_register(
            actor=specialist, kato="351610000", name=f"School No. {n}", address=f"Lenin st. {n}",
            kind="education" if n % 2 else "sport", owner="Akimat",
        )  # fmt: skip
    client = login(specialist)
    url = reverse("barrier_free:object_list")
    first = client.get(url).content.decode()
    assert "Page 1 of 2" in first
    assert "Page 2 of 2" in client.get(url, {"page": 2}).content.decode()
    found = client.get(url, {"q": "No. 17"}).content.decode()
    assert "School No. 17" in found and "School No. 18" not in found
    export = client.get(url, {"kind": "education", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert sheet is not None
    assert sheet.max_row == 2 + 30 and {r[1] for r in sheet.iter_rows(min_row=3, values_only=True)} == {
        "Education"
    }


def test_the_analyst_reads_but_never_writes(specialist: Any, analyst_user: Any, login: Login) -> None:
    found = object_register(
        actor=specialist,
        kato="351610000",
        name="Library",
        kind="culture",
        address="Abai st. 1",
        owner="Akimat",
    )
    client = login(analyst_user)
    assert client.get(reverse("barrier_free:object_detail", args=[found.pk])).status_code == 200
    assert client.get(reverse("barrier_free:figures")).status_code == 200
    assert _register(client).status_code == 403
    refused = client.post(
        reverse("barrier_free:object_certify", args=[found.pk]),
        {"date": "2019-03-01", "finding": "accessible"},
    )
    assert refused.status_code == 403 and not Passport.objects.exists()


def test_a_foreign_object_is_not_found(specialist: Any, almaty_specialist: Any, login: Login) -> None:
    found = object_register(
        actor=almaty_specialist,
        kato="751110000",
        name="Library",
        kind="culture",
        address="Abai st. 1",
        owner="x",
    )
    assert login(specialist).get(reverse("barrier_free:object_detail", args=[found.pk])).status_code == 404


def test_the_figures_follow_the_plan_and_export(specialist: Any, login: Login) -> None:
    client = login(specialist)
    saved = client.post(
        reverse("barrier_free:plan"),
        {"kato": "351600000", "year": 2019, "to_certify": 1, "to_adapt": 1, "indicator": "80"},
    )
    assert saved.status_code == 302
    _register(client)
    found = SocialObject.objects.get()
    client.post(
        reverse("barrier_free:object_certify", args=[found.pk]),
        {"date": dt.date(2019, 3, 1).isoformat(), "finding": "partial", "findings": "No ramp"},
    )
    page = client.get(reverse("barrier_free:figures"), {"kato": "351600000", "year": "2019"}).content.decode()
    assert 'data-code="barrier_free.indicator"' in page and "0.0%" in page and "80.0%" in page
    export = client.get(
        reverse("barrier_free:figures"), {"kato": "351600000", "year": "2019", "format": "xlsx"}
    )
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(min_row=3, values_only=True))  # type: ignore[union-attr]
    assert ("Objects certified in the year", 1, 1) in rows
    over = client.post(
        reverse("barrier_free:plan"), {"kato": "351600000", "year": 2019, "to_certify": 1, "to_adapt": -1}
    )
    assert over.status_code == 400
