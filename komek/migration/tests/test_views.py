"""The migration pages: capability and territory checks, reads of persons audited, the forms go
through the services and show their refusals on their fields, the lists' search, filters and XLSX."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from komek.common.models import AuditLog
from komek.employment.bin import make_bin
from komek.migration.models import KandasStatus, Permit
from komek.migration.services import kandas_assign

pytestmark = pytest.mark.django_db
ALMATY = "750000000"
DAY = dt.date(2020, 3, 2)
BIN = make_bin(2010, 5, 123) or make_bin(2010, 5, 124)


@pytest.fixture
def status(counsellor: Any, almaty_person: Any) -> KandasStatus:
    holder = almaty_person(surname="Бекболат")
    return kandas_assign(actor=counsellor, iin=holder.iin, assigned_on=DAY, kato=ALMATY, country="CN")


def _permit_data(**change: Any) -> dict[str, Any]:
    data = {
        "kato": ALMATY, "employer": "ТОО «Алатау Девелопмент»", "employer_bin": BIN, "category": "4",
        "country": "CN", "workers": "40", "issued": "2020-03-02", "term_from": "2020-03-02",
        "term_to": "2021-03-01", "fee": "4500000",
    }  # fmt: skip
    return {**data, **change}


def test_the_kandas_list_and_card_audit_the_persons_they_show(
    login: Callable[[Any], Any], counsellor: Any, balkhash_counsellor: Any, status: KandasStatus
) -> None:
    client = login(counsellor)
    page = client.get(reverse("migration:kandas_list"))
    assert page.status_code == 200 and "Бекболат" in page.content.decode()
    read = AuditLog.objects.filter(action="read", object_type="migration.kandasstatus").latest("pk")
    assert read.changes["persons"] == [status.person_id]
    assert "Бекболат" not in client.get(reverse("migration:kandas_list"), {"country": "MN"}).content.decode()
    book = client.get(reverse("migration:kandas_list"), {"format": "xlsx"})
    assert book.status_code == 200 and book["Content-Type"].startswith("application/vnd.openxml")
    url = reverse("migration:kandas_detail", args=[status.pk])
    assert client.get(url).status_code == 200
    assert login(balkhash_counsellor).get(url).status_code == 404


def test_a_citizen_is_refused_on_the_iin_field(
    login: Callable[[Any], Any], counsellor: Any, almaty_person: Any
) -> None:
    citizen = almaty_person(citizenship="citizen")
    data = {"iin": citizen.iin, "assigned_on": "2020-03-02", "kato": ALMATY, "country": "CN", "members": ""}
    refused = login(counsellor).post(reverse("migration:kandas_create"), data)
    assert refused.status_code == 400
    assert "is a citizen of Kazakhstan" in refused.content.decode()
    assert not KandasStatus.objects.exists()


def test_a_permit_within_the_quota_then_refused_beyond_it(
    login: Callable[[Any], Any], counsellor: Any
) -> None:
    client = login(counsellor)
    assert client.post(reverse("migration:permit_create"), _permit_data()).status_code == 302
    refused = client.post(reverse("migration:permit_create"), _permit_data(workers="10"))
    assert refused.status_code == 400
    assert "Category IV: 9 of the quota of 49 for 2020 are left" in refused.content.decode()
    bad_term = client.post(
        reverse("migration:permit_create"), _permit_data(workers="1", term_to="2020-01-01")
    )
    assert bad_term.status_code == 400 and "before it starts" in bad_term.content.decode()
    assert Permit.objects.count() == 1
    quota = client.get(reverse("migration:quota"), {"kato": ALMATY, "year": 2020}).content.decode()
    assert 'data-category="4"' in quota
    listing = client.get(reverse("migration:permits"), {"category": "4"})
    assert listing.status_code == 200 and "Алатау Девелопмент" in listing.content.decode()
    assert client.get(reverse("migration:permits"), {"format": "xlsx"}).status_code == 200


def test_the_analyst_sees_the_figures_never_the_persons(
    login: Callable[[Any], Any], analyst_user: Any, status: KandasStatus
) -> None:
    client = login(analyst_user)
    assert client.get(reverse("migration:kandas_list")).status_code == 403
    assert client.get(reverse("migration:kandas_detail", args=[status.pk])).status_code == 403
    page = client.get(reverse("migration:figures"), {"kato": ALMATY, "year": 2020})
    assert page.status_code == 200
    assert 'data-code="migration.kandas.assigned"' in page.content.decode()
    book = client.get(reverse("migration:figures"), {"kato": ALMATY, "year": 2020, "format": "xlsx"})
    assert book.status_code == 200
    assert client.get(reverse("migration:permits")).status_code == 200
    assert client.post(reverse("migration:permit_create"), _permit_data()).status_code == 403


def test_the_other_pages_record_through_their_forms(
    login: Callable[[Any], Any], counsellor: Any, status: KandasStatus
) -> None:
    client = login(counsellor)
    for name in ("consultations", "invitations", "checks"):
        assert client.get(reverse(f"migration:{name}")).status_code == 200
    made = client.post(
        reverse("migration:consultation_create"),
        {"kato": ALMATY, "date": "2020-03-02", "full_name": "Нурлан Ерденов", "iin": "", "country": "CN",
         "topic": "status"},
    )  # fmt: skip
    assert made.status_code == 302
    made = client.post(
        reverse("migration:invitation_create"),
        {"kato": ALMATY, "inviter": status.person.iin, "issued": "2020-04-01", "relative": "Ерлан",
         "country": "MN"},
    )  # fmt: skip
    assert made.status_code == 302
    refused = client.post(
        reverse("migration:check_create"),
        {"kato": ALMATY, "date": "2020-04-01", "employer": "ТОО", "employer_bin": "100540012340",
         "violations": "0", "findings": ""},
    )  # fmt: skip
    assert refused.status_code == 400 and "check digit" in refused.content.decode()
    paid = client.post(
        reverse("migration:support", args=[status.pk]),
        {"kind": "rent", "paid_on": "2020-04-01", "amount": "90000"},
    )
    assert paid.status_code == 302
