"""The pages: the worklist with its figures and filters, an item's page with the explanation and its
actions, the outbox; each behind the capability and the territory, each read of persons audited."""

from __future__ import annotations

from typing import Any

import pytest

from komek.common.models import AuditLog
from komek.proactive.choices import ItemKind, ItemStatus
from komek.proactive.models import Item

pytestmark = pytest.mark.django_db


@pytest.fixture
def tsa_item(scanned: Any, phoned: Any) -> Item:
    return Item.objects.get(kind=ItemKind.CANDIDATE, programme="tsa", entity=f"f{phoned.family.pk}")


def test_the_worklist_shows_figures_and_rows_and_audits_the_persons(
    login: Any, caseworker: Any, tsa_item: Item, phoned: Any
) -> None:
    answer = login(caseworker).get("/proactive/", {"programme": "tsa", "kind": "candidate"})
    text = answer.content.decode()
    assert answer.status_code == 200
    assert "Targeted social assistance" in text and phoned.head.full_name in text
    assert 'id="proactive-figures"' in text and 'id="scan-form"' in text
    read = AuditLog.objects.filter(object_type="proactive.worklist", actor=caseworker).latest("id")
    assert phoned.head.pk in read.changes["persons"]


def test_an_analyst_sees_the_figures_and_nobody(
    login: Any, analyst: Any, tsa_item: Item, phoned: Any
) -> None:
    answer = login(analyst).get("/proactive/")
    text = answer.content.decode()
    assert answer.status_code == 200 and 'id="proactive-figures"' in text
    assert phoned.head.full_name not in text and 'id="scan-form"' not in text
    assert login(analyst).get(f"/proactive/{tsa_item.pk}/").status_code == 403
    assert login(analyst).get("/proactive/outbox/").status_code == 403


def test_another_territory_does_not_see_the_item(login: Any, almaty_caseworker: Any, tsa_item: Item) -> None:
    assert login(almaty_caseworker).get(f"/proactive/{tsa_item.pk}/").status_code == 404
    assert login(almaty_caseworker).post(f"/proactive/{tsa_item.pk}/offer/", {}).status_code == 404
    tsa_item.refresh_from_db()
    assert tsa_item.status == ItemStatus.OPEN


def test_a_registrar_has_no_worklist(login: Any, registrar: Any) -> None:
    assert login(registrar).get("/proactive/").status_code == 403


def test_the_item_page_explains_in_words_and_works_the_item(
    login: Any, caseworker: Any, head: Any, tsa_item: Item, phoned: Any
) -> None:
    client = login(caseworker)
    page = client.get(f"/proactive/{tsa_item.pk}/").content.decode()
    assert "Met:" in page and "poverty line" in page and 'id="offer-form"' in page
    assert AuditLog.objects.filter(
        object_type="proactive.item", object_id=str(tsa_item.pk), action="read"
    ).exists()
    assert client.post(f"/proactive/{tsa_item.pk}/offer/", {"expires": ""}).status_code == 302
    outbox = client.get("/proactive/outbox/").content.decode()
    assert "+77015550101" in outbox
    refused = client.post(f"/proactive/{tsa_item.pk}/dismiss/", {"reason": ""})
    assert refused.status_code == 400
    assert client.post(f"/proactive/{tsa_item.pk}/consent/", {"confirm": "on"}).status_code == 302
    tsa_item.refresh_from_db()
    assert tsa_item.status == ItemStatus.CONSENTED and tsa_item.application_id
    head_page = login(head).get(f"/proactive/{tsa_item.pk}/").content.decode()
    assert 'id="offer-form"' not in head_page and "The case opened on the consent" in head_page
    assert login(head).post(f"/proactive/{tsa_item.pk}/dismiss/", {"reason": "x"}).status_code == 403


def test_a_scan_from_the_page(login: Any, caseworker: Any, phoned: Any, month: Any) -> None:
    client = login(caseworker)
    answer = client.post("/proactive/scan/", {"kato": "351600000", "month": f"{month:%Y-%m}"})
    assert answer.status_code == 302
    assert Item.objects.filter(entity=f"f{phoned.family.pk}", programme="tsa").exists()
    assert client.post("/proactive/scan/", {"kato": "351600000", "month": "May"}).status_code == 400


def test_the_annual_report_section_counts_found_offered_consented_assigned(
    tsa_item: Item, caseworker: Any, head: Any, month: Any, phoned: Any
) -> None:
    """Assigned counts once the application opened on the consent is decided with an assignment."""
    from komek.benefits.banks import banks_load
    from komek.benefits.services import assignment_create
    from komek.benefits.tests.fixtures import valid_iban
    from komek.common import annual
    from komek.proactive.services import item_consent, item_offer

    item_offer(actor=caseworker, item_id=tsa_item.pk)
    item = item_consent(actor=caseworker, item_id=tsa_item.pk)
    section = next(s for s in annual.sections() if s.code == "proactive")

    def values() -> dict[str, Any]:
        return {f.code: f.value for f in section.figures(actor=head, year=month.year, prefix="3516")}

    got = values()
    found = Item.objects.filter(kind=ItemKind.CANDIDATE).count()
    assert got == {"proactive.found": found, "proactive.offered": 1, "proactive.consented": 1,
                   "proactive.assigned": 0}  # fmt: skip
    banks_load()
    assignment_create(
        actor=caseworker, programme="tsa", family_id=item.family_id, person_id=None,
        recipient_id=phoned.head.pk,
        kind="tsa_unconditional", monthly_amount=item.amount, period_start=month, period_end=month,
        bank_bic="HSBKKZKX", iban=valid_iban("601"), basis="Decision 9", application_id=item.application_id,
    )  # fmt: skip
    assert values()["proactive.assigned"] == 1
    assert section.records is not None
    records = section.records(actor=head, year=month.year, prefix="3516", code="proactive.assigned")
    assert records is not None and records.total() == 1


def test_the_worklist_reads_a_fixed_number_of_queries(
    login: Any, caseworker: Any, tsa_item: Item, django_assert_max_num_queries: Any
) -> None:
    """The list's rows, figures and filters in a few queries, whatever the number of items."""
    client = login(caseworker)
    client.get("/proactive/")  # the engine and the session warmed up
    with django_assert_max_num_queries(25):
        assert client.get("/proactive/").status_code == 200
