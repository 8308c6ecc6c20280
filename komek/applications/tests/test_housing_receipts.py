"""Housing receipts on a housing case: entered and checked, fed into the calculation, explained."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation

from komek.applications.models import Event, HousingReceipt
from komek.applications.services.cases import application_calculate, application_verify
from komek.applications.services.housing import (
    ReceiptEntry,
    housing_receipt_add,
    housing_receipt_remove,
    housing_receipts_add,
)
from komek.common.errors import DomainError
from komek.common.models import AuditLog
from komek.rules.periods import reference_months

pytestmark = pytest.mark.django_db
HOUSING_DOCUMENTS = [
    "application",
    "identity",
    "residence",
    "family",
    "incomes",
    "housing_costs",
    "bank_account",
]


@pytest.fixture
def housing_case(household: Any, receive: Any, caseworker: Any) -> Any:
    """The household's housing application, verified by its caseworker."""
    app = receive(household.head, "housing", documents=HOUSING_DOCUMENTS)
    return application_verify(
        actor=caseworker, application_id=app.pk, version=app.version, documents=app.documents,
        incomes_checked=True,
    )  # fmt: skip


def _add(caseworker: Any, app: Any, **changes: Any) -> Any:
    app.refresh_from_db()
    args: dict[str, Any] = {
        "actor": caseworker, "application_id": app.pk, "version": app.version,
        "month": reference_months(app.received_at.date())[0], "service": "heat",
        "consumption": Decimal(54), "paid": Decimal(6000),
    }  # fmt: skip
    args.update(changes)
    return housing_receipt_add(**args)


def test_the_receipts_are_counted_within_the_norms_and_each_line_is_explained(
    household: Any, housing_case: Any, caseworker: Any
) -> None:
    """Balkhash, three of a family in 54 m², each month heat 6,000 and cold water 2,500: within the
    norms 5,245.02 (54 m² at 97.13) + 2,334.54 (3 at 778.18), less 10% of 30,000 = 4,580."""
    for month in reference_months(housing_case.received_at.date()):
        _add(caseworker, housing_case, month=month)
        _add(caseworker, housing_case, month=month, service="cold_water", consumption=Decimal(3),
             paid=Decimal(2500))  # fmt: skip
    housing_case.refresh_from_db()
    app = application_calculate(
        actor=caseworker, application_id=housing_case.pk, version=housing_case.version
    )
    assert (app.programme, app.calculated_amount) == ("housing", 4580)
    assert app.calculation is not None
    lines = {
        s["name"]: s["result"]
        for s in app.calculation["programmes"]["housing"]["explanation"]
        if s["step"] == "line"
    }
    assert (lines["heat"], lines["cold_water"], lines["income_share"]) == (5245.02, 2334.54, 3000)
    assert lines["electricity"] == 0


def test_a_case_without_receipts_is_not_eligible(housing_case: Any, caseworker: Any) -> None:
    """No receipt, no housing costs within the norms: housing assistance is not due."""
    app = application_calculate(
        actor=caseworker, application_id=housing_case.pk, version=housing_case.version
    )
    assert app.programme == "" and app.calculated_amount == 0
    assert app.calculation is not None
    assert app.calculation["programmes"]["housing"]["eligible"] is False


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"consumption": Decimal(-1)}, "consumption"),
        ({"consumption": Decimal(5000)}, "consumption"),
        ({"paid": Decimal(-100)}, "paid"),
        ({"service": "telephone"}, "service"),
        ({"month": "outside"}, "month"),
    ],
)
def test_a_wrong_receipt_is_refused_at_its_field_and_nothing_is_written(
    housing_case: Any, caseworker: Any, changes: dict[str, Any], field: str
) -> None:
    """A negative or implausible consumption, a negative amount, an unknown service or a month
    outside the reference quarter: refused at the field, no receipt, no history row."""
    if changes.get("month") == "outside":
        changes["month"] = reference_months(housing_case.received_at.date())[0].replace(year=2020)
    events = Event.objects.count()
    with pytest.raises(DomainError) as caught:
        _add(caseworker, housing_case, **changes)
    assert caught.value.field == field
    assert not HousingReceipt.objects.exists() and Event.objects.count() == events


def test_a_second_receipt_of_a_service_for_a_month_is_refused(housing_case: Any, caseworker: Any) -> None:
    """The same month's heat typed twice is refused, naming the month."""
    _add(caseworker, housing_case)
    with pytest.raises(DomainError) as caught:
        _add(caseworker, housing_case)
    assert caught.value.field == "month" and HousingReceipt.objects.count() == 1


def test_a_receipt_after_the_calculation_asks_for_a_new_one_and_is_audited(
    housing_case: Any, caseworker: Any
) -> None:
    """Entering or removing a receipt clears the calculation; each change is a history and audit row."""
    receipt = _add(caseworker, housing_case)
    housing_case.refresh_from_db()
    application_calculate(actor=caseworker, application_id=housing_case.pk, version=housing_case.version)
    housing_case.refresh_from_db()
    housing_receipt_remove(
        actor=caseworker, application_id=housing_case.pk, version=housing_case.version, receipt_id=receipt.pk
    )
    housing_case.refresh_from_db()
    assert housing_case.calculated_at is None and housing_case.calculation is None
    kinds = list(Event.objects.filter(application=housing_case).values_list("kind", flat=True))
    assert kinds.count("receipt_added") == 1 and kinds.count("receipt_removed") == 1
    removed = AuditLog.objects.filter(object_id=str(housing_case.pk)).latest("pk")
    assert removed.changes["receipt"][0]["service"] == "heat"


def _quarter(app: Any) -> list[ReceiptEntry]:
    """Heat and cold water for each month of the case's reference quarter: six receipts."""
    return [
        ReceiptEntry(month=month, service=service, consumption=Decimal(amount), paid=Decimal(paid))
        for month in reference_months(app.received_at.date())
        for service, amount, paid in (("heat", 54, 6000), ("cold_water", 3, 2500))
    ]


def test_a_quarters_receipts_at_once_are_as_if_entered_one_by_one(housing_case: Any, caseworker: Any) -> None:
    """Six receipts entered together: six receipts, six history rows, six audit rows with the
    request's address, one new version of the case; the calculation is the one of the first test."""
    before = housing_case.version
    added = housing_receipts_add(
        actor=caseworker, application_id=housing_case.pk, version=before, receipts=_quarter(housing_case),
        ip_address="10.1.2.3",
    )  # fmt: skip
    assert len(added) == HousingReceipt.objects.filter(application=housing_case).count() == 6
    assert all(r.pk for r in added)
    kinds = list(Event.objects.filter(application=housing_case).values_list("kind", flat=True))
    assert kinds.count("receipt_added") == 6
    rows = AuditLog.objects.filter(object_id=str(housing_case.pk), changes__event=[None, "receipt_added"])
    assert sorted((r.changes["receipt"][1]["service"], r.ip_address) for r in rows) == sorted(
        [("heat", "10.1.2.3"), ("cold_water", "10.1.2.3")] * 3
    )
    housing_case.refresh_from_db()
    assert housing_case.version == before + 1
    app = application_calculate(
        actor=caseworker, application_id=housing_case.pk, version=housing_case.version
    )
    assert (app.programme, app.calculated_amount) == ("housing", 4580)


@pytest.mark.parametrize(
    ("wrong", "field"),
    [
        ({"paid": Decimal(-1)}, "paid"),
        ({"service": "heat"}, "month"),  # the fourth is the first month's heat again
    ],
)
def test_one_wrong_receipt_of_several_is_named_by_its_position_and_none_is_written(
    housing_case: Any, caseworker: Any, wrong: dict[str, Any], field: str
) -> None:
    receipts = _quarter(housing_case)
    fourth = receipts[3]
    month = receipts[0].month if "service" in wrong else fourth.month
    receipts[3] = ReceiptEntry(
        month=month, service=wrong.get("service", fourth.service), consumption=fourth.consumption,
        paid=wrong.get("paid", fourth.paid),
    )  # fmt: skip
    events = Event.objects.count()
    with translation.override("en"), pytest.raises(DomainError) as caught:
        housing_receipts_add(
            actor=caseworker, application_id=housing_case.pk, version=None, receipts=receipts
        )
    assert caught.value.field == field and str(caught.value).startswith("Receipt 4: ")
    assert not HousingReceipt.objects.exists() and Event.objects.count() == events


def test_a_service_that_counts_no_receipts_refuses_them(
    household: Any, receive: Any, caseworker: Any
) -> None:
    """A TSA case takes no housing receipts: its programmes do not count them."""
    app = receive(household.head, "tsa")
    with pytest.raises(DomainError) as caught:
        _add(caseworker, app)
    assert caught.value.field == "service"


def test_the_case_page_takes_a_receipt_and_shows_the_lines_in_russian(
    client: Any, housing_case: Any, caseworker: Any
) -> None:
    """The form on the case page enters a receipt; after the calculation the page shows each line."""
    client.force_login(caseworker)
    month = reference_months(housing_case.received_at.date())[1]
    response = client.post(
        f"/services/{housing_case.pk}/receipts/",
        {"version": housing_case.version, "month": month.strftime("%Y-%m"), "service": "heat",
         "consumption": "54", "paid": "6000"},
        HTTP_ACCEPT_LANGUAGE="ru",
    )  # fmt: skip
    assert response.status_code == 302 and HousingReceipt.objects.get().paid == 6000
    housing_case.refresh_from_db()
    client.post(f"/services/{housing_case.pk}/calculate/", {"version": housing_case.version})
    html = client.get(f"/services/{housing_case.pk}/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert 'id="housing-receipts"' in html
    assert "Отопление" in html and "Расходы на жильё в пределах норм" in html
