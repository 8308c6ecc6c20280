"""The charity pages: capability and territory checks, reads of persons audited, the forms go through
the services and show their refusals on the field, the lists' search and XLSX."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from komek.charity.models import Campaign, HelpLine, Partner
from komek.charity.services import campaign_record, help_record, partner_record
from komek.common.models import AuditLog
from komek.employment.bin import make_bin

pytestmark = pytest.mark.django_db
TOWN = "351610000"


@pytest.fixture
def fund(caseworker: Any) -> Partner:
    return partner_record(
        actor=caseworker, kind="fund", name="Фонд «Доброе сердце»", bin=make_bin(2010, 5, 123), kato=TOWN,
        registered_on=dt.date(2018, 1, 10),
    )  # fmt: skip


@pytest.fixture
def campaign(caseworker: Any, fund: Partner) -> Campaign:
    return campaign_record(
        actor=caseworker, kind="campaign", title="Дорога в школу", kato=TOWN, started=dt.date(2018, 8, 1),
        ended=dt.date(2018, 8, 31), target_group="low_income", partners=[fund.pk],
    )  # fmt: skip


def test_partners_are_registered_and_a_bad_bin_shown_on_its_field(
    login: Callable[[Any], Any], caseworker: Any, fund: Partner
) -> None:
    client = login(caseworker)
    page = client.get(reverse("charity:partner_list"), {"q": "сердце"})
    assert page.status_code == 200 and "Доброе сердце" in page.content.decode()
    bad = client.post(
        reverse("charity:partner_create"),
        {
            "kind": "ngo",
            "name": "ОО «Милосердие»",
            "bin": "123456789012",
            "kato": TOWN,
            "registered_on": "2018-02-01",
        },
    )
    assert bad.status_code == 400 and 'id="id_bin"' in bad.content.decode()
    assert "BIN" in bad.content.decode() and Partner.objects.count() == 1
    assert client.get(reverse("charity:partner_detail", args=[fund.pk])).status_code == 200
    book = client.get(reverse("charity:partner_list"), {"format": "xlsx"})
    assert book["Content-Type"].startswith("application/vnd.openxml")


def test_a_help_line_is_added_from_the_card_by_iin_and_its_read_audited(
    login: Callable[[Any], Any],
    caseworker: Any,
    campaign: Campaign,
    fund: Partner,
    make_person: Callable[..., Any],
) -> None:
    child = make_person(surname="Сериков", name="Ерлан", birth_date=dt.date(2010, 6, 1))
    client = login(caseworker)
    url = reverse("charity:help_create", args=[campaign.pk])
    refused = client.post(
        url, {"iin": child.iin, "item": "shoes", "quantity": 1, "value": -100, "date": "2018-08-10"}
    )
    assert refused.status_code == 400 and HelpLine.objects.count() == 0
    done = client.post(
        url,
        {
            "iin": child.iin,
            "item": "shoes",
            "quantity": 1,
            "value": 9000,
            "date": "2018-08-10",
            "partner_id": fund.pk,
        },
    )
    assert done.status_code == 302 and HelpLine.objects.get().person_id == child.pk
    card = client.get(reverse("charity:campaign_detail", args=[campaign.pk]))
    assert "Сериков" in card.content.decode()
    read = AuditLog.objects.filter(action="read", object_type="charity.helpline").latest("pk")
    assert read.changes["persons"] == [child.pk]
    figures = client.get(reverse("charity:figures"), {"kato": TOWN, "year": 2018}).content.decode()
    assert 'data-code="charity.children"' in figures


def test_the_analyst_sees_the_figures_and_campaigns_never_the_persons(
    login: Callable[[Any], Any],
    analyst_user: Any,
    caseworker: Any,
    campaign: Campaign,
    make_person: Callable[..., Any],
) -> None:
    child = make_person(surname="Сериков", name="Ерлан", birth_date=dt.date(2010, 6, 1))
    help_record(
        actor=caseworker, campaign_id=campaign.pk, iin=child.iin, item="toys", quantity=1, value=5000,
        date=dt.date(2018, 8, 10),
    )  # fmt: skip
    client = login(analyst_user)
    card = client.get(reverse("charity:campaign_detail", args=[campaign.pk]))
    assert card.status_code == 200 and "Сериков" not in card.content.decode()
    assert client.post(reverse("charity:help_create", args=[campaign.pk]), {}).status_code == 403
    book = client.get(reverse("charity:figures"), {"kato": TOWN, "year": 2018, "format": "xlsx"})
    assert book.status_code == 200
    assert client.get(reverse("charity:campaign_list"), {"format": "xlsx"}).status_code == 200
    assert client.get(reverse("charity:sponsorships")).status_code == 200


def test_a_campaign_of_another_territory_is_not_found(
    login: Callable[[Any], Any], almaty_caseworker: Any, campaign: Campaign
) -> None:
    assert (
        login(almaty_caseworker).get(reverse("charity:campaign_detail", args=[campaign.pk])).status_code
        == 404
    )
