"""The microfinance organisations: the money provided, the centre's referrals and the decisions,
each figure counted on constructed data (one test per figure, failing if its query were wrong), the
decisions file refused whole with the row and column named, the pages with their policy and audit."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from komek.accounts.choices import Role
from komek.common.errors import DomainError
from komek.common.models import AuditLog
from komek.employment.choices import Indicator
from komek.employment.choices import MicrocreditDecision as D
from komek.employment.tests.conftest import BALKHASH, BALKHASH_TOWN, GULSHAT, new_bin

pytestmark = pytest.mark.django_db
YEAR = 2024
PREFIX = "3516"


def _figures(actor: Any, prefix: str = PREFIX) -> Any:
    from komek.employment.selectors.microfinance import microfinance_figures

    return microfinance_figures(
        actor=actor, start=dt.date(YEAR, 1, 1), end=dt.date(YEAR, 12, 31), prefix=prefix
    )


@pytest.fixture
def organisation(counsellor: Any) -> Any:
    from komek.employment.services.microfinance import microfinance_organisation_register

    return microfinance_organisation_register(
        actor=counsellor, bin=new_bin(), name="МФО «Береке»", kato=BALKHASH
    )


@pytest.fixture
def refer(counsellor: Any, organisation: Any, make_person: Callable[..., Any]) -> Callable[..., Any]:
    from komek.employment.services.microfinance import microcredit_referral_issue

    def make(day: dt.date = dt.date(YEAR, 3, 2), kato: str = BALKHASH_TOWN) -> Any:
        person = make_person(kato=kato)
        return microcredit_referral_issue(
            actor=counsellor,
            organisation_id=organisation.pk,
            iin=person.iin,
            referred_on=day,
            project="Теплица",
        )

    return make


def _decide(actor: Any, referral: Any, decision: str, day: dt.date, amount: int = 0) -> Any:
    from komek.employment.services.microfinance import microcredit_decision_record

    return microcredit_decision_record(
        actor=actor, referral_id=referral.pk, decision=decision, decided_on=day, amount=amount
    )


def test_money_provided_is_the_years_plan_of_the_territory(counsellor: Any) -> None:
    """The money provided for microcredits and for guarantees: the year's plans of the territory, not
    another year's nor the people's plans."""
    from komek.employment.services.plans import plan_set

    plan_set(
        actor=counsellor,
        year=YEAR,
        kato=BALKHASH,
        indicator=Indicator.MICROCREDIT_FUND,
        planned=2_002_600_000,
    )
    plan_set(
        actor=counsellor, year=YEAR, kato=BALKHASH, indicator=Indicator.GUARANTEE_FUND, planned=101_300_000
    )
    plan_set(actor=counsellor, year=YEAR - 1, kato=BALKHASH, indicator=Indicator.MICROCREDIT_FUND, planned=7)
    plan_set(actor=counsellor, year=YEAR, kato=BALKHASH, indicator=Indicator.MICROCREDIT, planned=154)
    got = _figures(counsellor)
    assert (got.microcredit_money, got.guarantee_money) == (2_002_600_000, 101_300_000)
    assert _figures(counsellor, prefix="7511").microcredit_money == 0


def test_referrals_issued_count_the_period(counsellor: Any, refer: Callable[..., Any]) -> None:
    """Referrals dated in the period are counted, those of the year before are not."""
    refer(dt.date(YEAR, 1, 1))
    refer(dt.date(YEAR, 12, 31))
    refer(dt.date(YEAR - 1, 12, 31))
    assert _figures(counsellor).referrals == 2


def test_projects_financed_and_their_sum(counsellor: Any, refer: Callable[..., Any]) -> None:
    """Financed decisions of the period, their number and sum; an approval alone is not financed."""
    a, b, c = refer(), refer(), refer(dt.date(YEAR - 1, 11, 1))
    _decide(counsellor, a, D.APPROVED, dt.date(YEAR, 3, 10), 5_000_000)
    _decide(counsellor, a, D.FINANCED, dt.date(YEAR, 4, 1), 5_000_000)
    _decide(counsellor, b, D.APPROVED, dt.date(YEAR, 3, 10), 3_000_000)
    _decide(counsellor, c, D.FINANCED, dt.date(YEAR - 1, 12, 1), 9_000_000)
    got = _figures(counsellor)
    assert (got.financed, got.financed_sum) == (1, 5_000_000)


def test_projects_approved_are_those_not_financed_by_the_end(
    counsellor: Any, refer: Callable[..., Any]
) -> None:
    """Approved in the period and awaiting the money at its end ("одобрено 3 проекта"): a project
    financed in the period is not among them, one financed only the next year is."""
    a, b = refer(), refer()
    _decide(counsellor, a, D.APPROVED, dt.date(YEAR, 3, 10), 5_000_000)
    _decide(counsellor, a, D.FINANCED, dt.date(YEAR, 4, 1), 5_000_000)
    _decide(counsellor, b, D.APPROVED, dt.date(YEAR, 12, 20), 3_000_000)
    got = _figures(counsellor)
    assert (got.approved, got.approved_sum) == (1, 3_000_000)


def test_guarantees_approved_and_their_sum(counsellor: Any, refer: Callable[..., Any]) -> None:
    """Guarantees approved in the period, their number and sum; a microcredit's own sum is not one."""
    a, b = refer(), refer()
    _decide(counsellor, a, D.APPROVED, dt.date(YEAR, 3, 10), 5_000_000)
    _decide(counsellor, a, D.GUARANTEE, dt.date(YEAR, 3, 12), 2_500_000)
    _decide(counsellor, b, D.GUARANTEE, dt.date(YEAR, 5, 12), 1_000_000)
    got = _figures(counsellor)
    assert (got.guarantees, got.guarantees_sum) == (2, 3_500_000)


def test_projects_refused(counsellor: Any, refer: Callable[..., Any]) -> None:
    """Refusals of the period; an approved project cannot be refused after."""
    a, b = refer(), refer()
    _decide(counsellor, a, D.REFUSED, dt.date(YEAR, 3, 10))
    _decide(counsellor, b, D.APPROVED, dt.date(YEAR, 3, 10), 1_000_000)
    with pytest.raises(DomainError) as refused:
        _decide(counsellor, b, D.REFUSED, dt.date(YEAR, 3, 11))
    assert refused.value.field == "decision"
    assert _figures(counsellor).refused == 1


def test_figures_stay_in_the_territory(
    counsellor: Any, make_user: Callable[..., Any], refer: Callable[..., Any]
) -> None:
    """A counsellor of Gulshat sees the referrals of Gulshat only."""
    refer(kato=GULSHAT)
    refer()
    gulshat = make_user(Role.EMPLOYMENT_COUNSELLOR, units=(GULSHAT,), username="gulshat")
    assert _figures(gulshat).referrals == 1
    assert _figures(counsellor).referrals == 2


def test_decision_refused_with_the_field_named(counsellor: Any, refer: Callable[..., Any]) -> None:
    """A decision before the referral, without an amount, or taken twice is refused naming the field,
    nothing is written and the refusal is audited."""
    from komek.employment.models import MicrocreditDecisionRecord

    referral = refer(dt.date(YEAR, 5, 1))
    for decision, day, amount, field in (
        (D.FINANCED, dt.date(YEAR, 4, 30), 1_000_000, "decided_on"),
        (D.FINANCED, dt.date(YEAR, 5, 2), 0, "amount"),
    ):
        with pytest.raises(DomainError) as refused:
            _decide(counsellor, referral, decision, day, amount)
        assert refused.value.field == field
    assert not MicrocreditDecisionRecord.objects.exists()
    assert AuditLog.objects.filter(action="refuse", object_type="employment.microcreditdecision").count() == 2
    _decide(counsellor, referral, D.FINANCED, dt.date(YEAR, 5, 2), 1_000_000)
    with pytest.raises(DomainError) as refused:
        _decide(counsellor, referral, D.FINANCED, dt.date(YEAR, 5, 3), 1_000_000)
    assert refused.value.field == "decision"


def test_organisation_bin_is_checked(counsellor: Any) -> None:
    """A BIN with a wrong check digit is refused on the field ``bin``."""
    from komek.employment.services.microfinance import microfinance_organisation_register

    good = new_bin()
    bad = good[:11] + str((int(good[11]) + 1) % 10)
    with pytest.raises(DomainError) as refused:
        microfinance_organisation_register(actor=counsellor, bin=bad, name="МФО", kato=BALKHASH)
    assert refused.value.field == "bin"


def _csv(*rows: str) -> bytes:
    return "\n".join(["referral,iin,decision,decided_on,amount", *rows]).encode()


def test_decisions_file_imported_and_audited(
    counsellor: Any, organisation: Any, refer: Callable[..., Any]
) -> None:
    """A good file records each decision (the Russian words understood) with one audit row each."""
    from komek.employment.services.microfinance import microcredit_decisions_import

    a, b = refer(), refer()
    content = _csv(
        f"{a.pk},{a.person.iin},одобрен,{YEAR}-03-10,4 000 000",
        f"{a.pk},{a.person.iin},financed,10.04.{YEAR},4000000",
        f"{b.pk},{b.person.iin},отказ,{YEAR}-03-11,0",
    )
    n = microcredit_decisions_import(
        actor=counsellor, organisation_id=organisation.pk, content=content, filename="mfo.csv"
    )
    assert n == 3
    got = _figures(counsellor)
    assert (got.financed, got.financed_sum, got.refused, got.approved) == (1, 4_000_000, 1, 0)
    assert AuditLog.objects.filter(action="import", object_type="employment.microcreditdecision").count() == 3


def test_decisions_file_refused_whole_naming_rows(
    counsellor: Any, organisation: Any, refer: Callable[..., Any], make_person: Callable[..., Any]
) -> None:
    """Unknown referral, another person's IIN, an amount not positive, a decision before its referral:
    each error names its row and column, and nothing at all is written (the good row neither)."""
    from komek.employment.models import MicrocreditDecisionRecord
    from komek.employment.services.microfinance import DecisionsImportRefused, microcredit_decisions_import

    a = refer(dt.date(YEAR, 5, 1))
    other = make_person(name="Данияр")
    content = _csv(
        f"{a.pk},{a.person.iin},approved,{YEAR}-05-10,1000000",
        f"999999,{a.person.iin},approved,{YEAR}-05-10,1000000",
        f"{a.pk},{other.iin},financed,{YEAR}-05-10,1000000",
        f"{a.pk},{a.person.iin},financed,{YEAR}-05-10,0",
        f"{a.pk},{a.person.iin},guarantee,{YEAR}-04-10,500000",
        f"{a.pk},{a.person.iin},financed,{YEAR}-05-11,-5",
    )
    with pytest.raises(DecisionsImportRefused) as refused:
        microcredit_decisions_import(
            actor=counsellor, organisation_id=organisation.pk, content=content, filename="x.csv"
        )
    named = {(e.line, e.field) for e in refused.value.errors}
    assert named == {(3, "referral"), (4, "iin"), (5, "amount"), (6, "decided_on"), (7, "amount")}
    assert not MicrocreditDecisionRecord.objects.exists()
    assert AuditLog.objects.filter(action="refuse", object_type="employment.microcreditdecision").exists()


def test_decisions_workbook_read(counsellor: Any, organisation: Any, refer: Callable[..., Any]) -> None:
    """The organisation's XLSX is read as its CSV would be."""
    from openpyxl import Workbook

    from komek.employment.services.microfinance import microcredit_decisions_import

    a = refer()
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["referral", "iin", "decision", "decided_on", "amount"])
    sheet.append([a.pk, a.person.iin, "financed", dt.date(YEAR, 6, 1), 2_000_000])
    out = io.BytesIO()
    book.save(out)
    assert (
        microcredit_decisions_import(
            actor=counsellor, organisation_id=organisation.pk, content=out.getvalue(), filename="x.xlsx"
        )
        == 1
    )
    assert _figures(counsellor).financed_sum == 2_000_000


def test_pages_list_record_and_export(
    client: Any, counsellor: Any, organisation: Any, refer: Callable[..., Any]
) -> None:
    """The list, the card (its read of persons audited), a referral and a decision through the forms,
    the figures page and its XLSX; a user of another territory gets no card."""
    referral = refer()
    client.force_login(counsellor)
    assert "МФО «Береке»" in client.get(reverse("employment:microfinance_list")).content.decode()
    card = reverse("employment:microfinance_detail", args=[organisation.pk])
    assert client.get(card).status_code == 200
    assert AuditLog.objects.filter(action="read", object_type="employment.microfinanceorganisation").exists()
    response = client.post(
        reverse("employment:microfinance_decide", args=[organisation.pk]),
        {
            "decision-referral_id": referral.pk,
            "decision-decision": "financed",
            "decision-decided_on": f"{YEAR}-04-01",
            "decision-amount": "3000000",
        },
    )
    assert response.status_code == 302
    bad = client.post(
        reverse("employment:microfinance_decide", args=[organisation.pk]),
        {
            "decision-referral_id": referral.pk,
            "decision-decision": "guarantee",
            "decision-decided_on": f"{YEAR}-01-01",
            "decision-amount": "3000000",
        },
    )
    assert bad.status_code == 400
    figures = client.get(reverse("employment:microfinance_figures"), {"kato": BALKHASH, "year": YEAR})
    assert "3000000" in re.sub(r"\s", "", figures.content.decode())
    book = client.get(
        reverse("employment:microfinance_figures"), {"kato": BALKHASH, "year": YEAR, "format": "xlsx"}
    )
    assert book["Content-Type"].startswith("application/vnd.openxmlformats")


def test_other_territory_gets_no_card(client: Any, make_user: Callable[..., Any], organisation: Any) -> None:
    """The organisation of Balkhash is not found by a counsellor of Almaty's district."""
    other = make_user(Role.EMPLOYMENT_COUNSELLOR, units=("751110000",), username="almaty")
    client.force_login(other)
    assert client.get(reverse("employment:microfinance_detail", args=[organisation.pk])).status_code == 404


def test_figures_in_the_annual_report_and_the_programme_report(
    counsellor: Any, refer: Callable[..., Any]
) -> None:
    """The employment section and the programme report carry the figures under their codes."""
    from komek.accounts.policy import system
    from komek.employment.programme_report import programme_figures
    from komek.employment.report import employment_section

    a = refer()
    _decide(counsellor, a, D.FINANCED, dt.date(YEAR, 4, 1), 5_000_000)
    reader = system("tests")
    employment = {f.code: f.value for f in employment_section(actor=reader, year=YEAR, prefix=PREFIX)}
    programme = {f.code: f.value for f in programme_figures(actor=reader, year=YEAR, prefix=PREFIX)}
    for got in (employment, programme):
        assert got[next(c for c in got if c.endswith("microfinance.financed_sum"))] == 5_000_000
        assert got[next(c for c in got if c.endswith("microfinance.referrals"))] == 1


def test_decision_on_an_organisations_card_is_of_its_own_referral(
    counsellor: Any, refer: Callable[..., Any]
) -> None:
    """Recorded through another organisation's card, a referral's decision is refused on the field
    ``referral_id`` and nothing is written."""
    from komek.employment.models import MicrocreditDecisionRecord
    from komek.employment.services.microfinance import (
        microcredit_decision_record,
        microfinance_organisation_register,
    )

    other = microfinance_organisation_register(
        actor=counsellor, bin=new_bin(), name="МФО «Другая»", kato=BALKHASH
    )
    referral = refer()
    with pytest.raises(DomainError) as refused:
        microcredit_decision_record(
            actor=counsellor,
            referral_id=referral.pk,
            decision=D.APPROVED,
            decided_on=dt.date(YEAR, 4, 1),
            amount=1_000_000,
            organisation_id=other.pk,
        )
    assert refused.value.field == "referral_id"
    assert not MicrocreditDecisionRecord.objects.exists()
