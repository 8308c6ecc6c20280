"""Short-term training's money and the regional commission's approved lists (ADR 0062): sending only
to an approved centre and profession, the import of a decision's lists, the figures and the page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from komek.accounts.choices import Role
from komek.common.errors import DomainError
from komek.common.models import AuditLog
from komek.employment.models import ListedCentre, Participation, TrainingList, TrainingProvider
from komek.employment.tests.conftest import BALKHASH, BALKHASH_TOWN, approve

pytestmark = pytest.mark.django_db
D = dt.date
YEAR = 2025
ALMATY = "750000000"


@pytest.fixture
def client_of(db: Any) -> Callable[[Any], Client]:
    from komek.accounts.tests.conftest import client_of as make

    return make


def _course(name: str = "Балхашский колледж сервиса", occupation: str = "5120") -> Any:
    from komek.employment.models import Course

    provider, _new = TrainingProvider.objects.get_or_create(name=name, defaults={"kato_id": BALKHASH_TOWN})
    return Course.objects.create(
        provider=provider, title=f"Курс {occupation}", occupation_id=occupation, months=3
    )


def _xlsx(rows: list[tuple[Any, ...]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_jobseeker_is_sent_only_to_the_years_approved_centre_and_profession(
    counsellor: Any, make_jobseeker: Callable[..., Any]
) -> None:
    """Without a decision for the year and territory, with the centre or the profession off the
    lists, sending is refused naming what is missing and the decision, nothing written; on the lists
    the participation carries the profession's cost, the latest decision's."""
    from komek.employment.services.measures import measure_enrol

    course = _course()
    js = make_jobseeker()
    send = {"actor": counsellor, "kind": "training", "person": js.person, "course": course,
            "date_from": D(YEAR, 4, 1), "date_to": D(YEAR, 6, 30)}  # fmt: skip

    def refused() -> DomainError:
        with translation.override("en"), pytest.raises(DomainError) as exc:
            measure_enrol(**send)
        assert exc.value.field == "course"
        return exc.value

    assert refused().code == "no_approved_lists"
    approve(course, YEAR - 1)  # last year's lists do not send anyone this year
    approve(course, YEAR, kato=ALMATY)  # nor another territory's
    assert refused().code == "no_approved_lists"
    other = _course("ТОО «Каскад»", "8322")
    decision = approve(other, YEAR, number="7-р")
    error = refused()
    assert error.code == "centre_not_approved"
    assert "Балхашский колледж сервиса" in str(error.message) and "No. 7-р of 10.01.2025" in str(
        error.message
    )
    ListedCentre.objects.create(decision=decision, provider=course.provider)
    error = refused()
    assert error.code == "profession_not_approved" and "5120" in str(error.message)
    assert not Participation.objects.exists()
    first = approve(course, YEAR, cost=150_000, number="8-р")
    later = approve(course, YEAR, cost=180_000, number="9-р")
    TrainingList.objects.filter(pk=first.pk).update(decided_on=D(YEAR, 1, 5))
    TrainingList.objects.filter(pk=later.pk).update(decided_on=D(YEAR, 3, 1))
    sent = measure_enrol(**send)
    assert (sent.kind, sent.amount) == ("training", 180_000)


def test_the_import_records_the_decision_with_its_lists(counsellor: Any) -> None:
    """A workbook of two centres (one new, added for the territory) and two professions with their
    costs: one decision, its lists and one audit row naming them."""
    from komek.employment.services.training import training_lists_import

    _course()
    content = _xlsx([
        ("centre", "profession", "cost"), ("Балхашский колледж сервиса", None, None),
        ("Учебный центр «Кәсіп»", None, None), (None, "5120", 150000), (None, 7212, "210 000"),
    ])  # fmt: skip
    decision = training_lists_import(
        actor=counsellor, kato=BALKHASH, year=YEAR, number="15-р", decided_on="20.01.2025", content=content
    )
    assert (decision.year, decision.number, decision.decided_on) == (YEAR, "15-р", D(YEAR, 1, 20))
    assert sorted(c.provider.name for c in decision.centres.all()) == [
        "Балхашский колледж сервиса",
        "Учебный центр «Кәсіп»",
    ]
    assert TrainingProvider.objects.get(name="Учебный центр «Кәсіп»").kato_id == BALKHASH
    assert dict(decision.professions.values_list("occupation_id", "cost")) == {
        "5120": 150_000,
        "7212": 210_000,
    }
    row = AuditLog.objects.get(object_type="employment.traininglist", action="create")
    assert row.changes["professions"] == [None, {"5120": 150_000, "7212": 210_000}]
    assert row.changes["centres_added"] == [None, ["Учебный центр «Кәсіп»"]]


def test_a_file_with_errors_is_refused_whole_naming_each_row(
    counsellor: Any, make_user: Callable[..., Any]
) -> None:
    """Each bad row named by its row and column, nothing written, the refusal audited; a territory
    outside the user's, a decision recorded twice and a date after the year are refused by field."""
    from komek.employment.services.training import TrainingListRefused, training_lists_import

    rows = "\n".join([
        "centre,profession,cost",
        "Учебный центр «Болашақ»,,",  # row 2: fine
        "Учебный центр «Шебер»,5120,100000",  # row 3: both
        ",9999,100000",  # row 4: no such profession
        ",5120,-5",  # row 5: the cost
        ",5120,100000",  # row 6: fine
        "учебный центр «болашақ»,,",  # row 7: the same centre
        ",51,100000",  # row 8: not a code
    ])  # fmt: skip
    call = {"actor": counsellor, "kato": BALKHASH, "year": YEAR, "number": "1", "decided_on": D(YEAR, 1, 9)}
    with translation.override("en"), pytest.raises(TrainingListRefused) as exc:
        training_lists_import(**call, content=rows.encode())
    assert [(e.line, e.field) for e in exc.value.errors] == [
        (3, "centre"), (4, "profession"), (5, "cost"), (7, "centre"), (8, "profession"),
    ]  # fmt: skip
    assert "row 2" in exc.value.errors[3].message
    assert not TrainingList.objects.exists() and not TrainingProvider.objects.exists()
    assert AuditLog.objects.filter(object_type="employment.traininglist", action="refuse").count() == 1
    good = b"centre,profession,cost\n,5120,100000\n"
    almaty = make_user(Role.EMPLOYMENT_COUNSELLOR, units=(ALMATY,), username="almaty_counsellor")
    with pytest.raises(DomainError):
        training_lists_import(**(call | {"actor": almaty}), content=good)
    with pytest.raises(DomainError) as late:
        training_lists_import(**(call | {"decided_on": D(YEAR + 1, 1, 9)}), content=good)
    assert late.value.field == "decided_on"
    training_lists_import(**call, content=good)
    with pytest.raises(DomainError) as twice:
        training_lists_import(**call, content=good)
    assert twice.value.field == "number"
    assert TrainingList.objects.count() == 1


def test_money_is_planned_only_for_short_term_training(counsellor: Any) -> None:
    """The money allocated belongs to the plan of short-term training for everyone; elsewhere refused."""
    from komek.employment.services.plans import plan_set

    for indicator, group in (("captured", ""), ("training", "youth")):
        with pytest.raises(DomainError) as exc:
            plan_set(actor=counsellor, year=YEAR, kato=BALKHASH, indicator=indicator, target_group=group,
                     planned=5, allocated=1_000)  # fmt: skip
        assert exc.value.field == "allocated"
    plan = plan_set(
        actor=counsellor, year=YEAR, kato=BALKHASH, indicator="training", planned=4, allocated=600_000
    )
    assert plan.allocated == 600_000


def test_each_figure_of_short_term_training_comes_from_its_records(
    counsellor: Any, make_jobseeker: Callable[..., Any], make_user: Callable[..., Any]
) -> None:
    """Planned 4 people and 1,000,000 tenge; two decisions (the second repeating a centre) approve 2
    centres and 3 professions; 3 sent in the year (one more the year before), 2 finished: each figure
    of the annual report's section and of the programme's page is what its records give."""
    from komek.employment.programme_report import programme_figures
    from komek.employment.report import employment_section, employment_section_records, training_figures
    from komek.employment.services.measures import measure_complete, measure_enrol
    from komek.employment.services.plans import plan_set

    cook, welder, driver = _course(), _course(occupation="7212"), _course("ТОО «Каскад»", "8322")
    approve(cook, YEAR, cost=300_000)
    approve(welder, YEAR, cost=250_000)  # the college again, in a second decision
    approve(driver, YEAR, cost=200_000)
    approve(cook, YEAR - 1, cost=90_000)
    plan_set(actor=counsellor, year=YEAR, kato=BALKHASH, indicator="training", planned=4, allocated=1_000_000)
    sent = []
    for course, start in ((cook, D(YEAR, 3, 2)), (welder, D(YEAR, 4, 1)), (driver, D(YEAR, 9, 1))):
        js = make_jobseeker(on=D(YEAR, 2, 3))
        sent.append(measure_enrol(actor=counsellor, kind="training", person=js.person, course=course,
                                  date_from=start, date_to=start + dt.timedelta(days=60)))  # fmt: skip
    before = make_jobseeker(on=D(YEAR - 1, 2, 3))
    measure_enrol(actor=counsellor, kind="training", person=before.person, course=cook,
                  date_from=D(YEAR - 1, 11, 2), date_to=D(YEAR, 1, 20))  # fmt: skip
    for p in sent[:2]:
        measure_complete(actor=counsellor, participation=p, on=p.date_to)
    analyst = make_user(Role.ANALYST, username="analyst_training")
    got = {f.code: f for f in employment_section(actor=analyst, year=YEAR, prefix="3516")}
    expected = {
        "employment.training": 3,
        "employment.training.finished": 2,
        "employment.training.allocated": 1_000_000,
        "employment.training.spent": 750_000,
        "employment.training.spent_percent": Decimal("75.0"),
        "employment.training.centres": 2,
        "employment.training.professions": 3,
    }
    assert {code: got[code].value for code in expected} == expected
    assert (got["employment.training"].plan, got["employment.training.spent"].plan) == (4, 1_000_000)
    for code, value in expected.items():
        records = employment_section_records(actor=analyst, year=YEAR, prefix="3516", code=code)
        if code.endswith("spent_percent"):
            assert records is None
        else:
            assert records is not None and records.total() == value, code
    page = {f.code: f.value for f in training_figures(actor=analyst, year=YEAR, prefix="3516")}
    assert page == expected
    assert not {f.code for f in programme_figures(actor=analyst, year=YEAR, prefix="3516")} & set(expected)
    elsewhere = {f.code: f.value for f in employment_section(actor=analyst, year=YEAR, prefix="3516331")}
    assert (elsewhere["employment.training.centres"], elsewhere["employment.training.allocated"]) == (0, None)
    assert elsewhere["employment.training.spent_percent"] is None


def test_the_page_shows_the_lists_and_imports_a_decision(
    counsellor: Any, registrar: Any, client_of: Callable[[Any], Client]
) -> None:
    """The counsellor sees the year's decisions and figures and imports a file; a refused file shows
    every row's error; the registrar may not open the page."""
    assert client_of(registrar).get(reverse("employment:training_lists")).status_code == 403
    c = client_of(counsellor)
    url = reverse("employment:training_lists")
    form = {"kato": BALKHASH, "year": YEAR, "number": "3-р", "decided_on": "2025-01-15"}
    bad = BytesIO(b"centre,profession,cost\n,0000,5\n")
    bad.name = "lists.csv"
    response = c.post(reverse("employment:training_lists_import"), {**form, "file": bad})
    assert response.status_code == 400
    assert b'id="import-errors"' in response.content and not TrainingList.objects.exists()
    good = BytesIO(_xlsx([("centre", "profession", "cost"), ("Учебный центр «Өрлеу»", None, None),
                          (None, "5120", 120000)]))  # fmt: skip
    good.name = "lists.xlsx"
    response = c.post(reverse("employment:training_lists_import"), {**form, "file": good})
    assert response.status_code == 302
    page = c.get(url, {"kato": BALKHASH, "year": str(YEAR)})
    assert page.status_code == 200
    assert "Учебный центр «Өрлеу»" in page.content.decode() and "3-р" in page.content.decode()
    figures = {f.code: f.value for f in page.context["figures"]}
    assert (figures["employment.training.centres"], figures["employment.training.professions"]) == (1, 1)
    export = c.get(url, {"kato": BALKHASH, "year": str(YEAR), "format": "xlsx"})
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxml")
