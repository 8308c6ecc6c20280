"""Fixtures of rehabilitation: a specialist of Balkhash, persons with disability, a stocked contract."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from conftest import BALKHASH
from komek.accounts.choices import Role
from komek.rehabilitation import choices
from komek.rehabilitation.services.ipr import IprInput, ProvisionInput, ipr_create
from komek.rehabilitation.services.supply import LineInput, contract_create, delivery_record, supplier_create

TODAY = timezone.localdate()
YEAR = TODAY.year


@pytest.fixture(autouse=True)
def english() -> Any:
    """Refusals are checked by their English text, whatever the default language of the install."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def specialist(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.REHABILITATION_SPECIALIST, units=(BALKHASH,), username="rehab_specialist")


@pytest.fixture
def make_disabled(make_person: Callable[..., Any], registrar: Any) -> Callable[..., Any]:
    from komek.registry.services.statuses import status_add

    def make(group: str = "group_2", birth_date: dt.date = dt.date(1970, 5, 1), **extra: Any) -> Any:
        person = make_person(birth_date=birth_date, **extra)
        status_add(
            actor=registrar,
            person=person,
            kind="disability",
            subtype=group,
            valid_from=dt.date(YEAR - 3, 1, 10),
        )
        return person

    return make


@pytest.fixture
def make_ipr(specialist: Any) -> Callable[..., Any]:
    def make(
        person: Any,
        kinds: tuple[str, ...] = ("wheelchair", "prosthetic"),
        applied_on: Any = "auto",
        number: str = "IPR-1",
        **extra: Any,
    ) -> Any:
        provisions = [
            ProvisionInput(
                kind=k,
                item=k,
                monthly_norm=90 if k == choices.AidKind.HYGIENE else None,
                hours_per_year=60 if k in choices.HOURS_KINDS else None,
            )
            for k in kinds
        ]
        data = IprInput(
            person=person,
            number=number,
            issued_on=dt.date(YEAR - 1, 3, 1),
            valid_from=dt.date(YEAR - 1, 3, 1),
            valid_to=None,
            provisions=provisions,
            applied_on=dt.date(YEAR - 1, 3, 15) if applied_on == "auto" else applied_on,
        )
        for k, v in extra.items():
            setattr(data, k, v)
        return ipr_create(actor=specialist, data=data)

    return make


@pytest.fixture
def contract(specialist: Any) -> Any:
    supplier = supplier_create(
        actor=specialist,
        bin="123456789012",
        name="ТОО «Ортомед»",
        kinds=["wheelchair", "prosthetic", "hygiene"],
    )
    contract = contract_create(
        actor=specialist,
        supplier=supplier,
        number="Д-17",
        year=YEAR - 1,
        district=BALKHASH,
        signed_on=dt.date(YEAR - 1, 2, 1),
        lines=[
            LineInput(kind="wheelchair", item="Кресло-коляска комнатная", unit_price=254_000, quantity=3),
            LineInput(kind="prosthetic", item="Протез голени", unit_price=410_000, quantity=2),
        ],
    )
    for line in contract.lines.all():
        delivery_record(actor=specialist, line=line, delivered_on=dt.date(YEAR - 1, 4, 1), quantity=2)
    return contract
