"""The audit log page: who may see it, what it shows, its filters; and that it is read-only."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from komek.accounts.choices import Reach, Role
from komek.accounts.policy import system
from komek.common.choices import AuditAction
from komek.common.models import AuditLog
from komek.registry.iin import make_iin
from komek.registry.models import Person

BALKHASH = "351600000"
BALKHASH_TOWN = "351610000"
KARAGANDA_REGION = "350000000"
PASSWORD = "Audit-tests-pass-5521"

_serial = itertools.count(3000)


def valid_iin(birth: dt.date, sex: str) -> str:
    while True:
        iin = make_iin(birth, sex, next(_serial))  # type: ignore[arg-type]
        if iin is not None:
            return iin


@pytest.fixture
def kato_units(db: Any) -> None:
    from komek.common.kato import kato_load

    kato_load()


@pytest.fixture
def staff(kato_units: None) -> Callable[..., Any]:
    from komek.accounts.services import user_create

    counter = itertools.count()

    def make(
        role: str, units: tuple[str, ...] = (BALKHASH,), reach: str = Reach.UNITS, username: str | None = None
    ) -> Any:
        return user_create(
            actor=system("tests"),
            username=username or f"audit_{role}_{next(counter)}",
            password=PASSWORD,
            role=role,
            units=units,
            reach=reach,
        )

    return make


@pytest.fixture
def registrar(staff: Callable[..., Any]) -> Any:
    return staff(Role.REGISTRAR, username="reg_balkhash")


@pytest.fixture
def auditor_client(staff: Callable[..., Any]) -> Client:
    client = Client()
    client.force_login(
        staff(Role.AUDITOR, units=(KARAGANDA_REGION,), reach=Reach.REGION, username="auditor_kar")
    )
    return client


@pytest.fixture
def people(registrar: Any) -> list[Person]:
    """Two registered persons, one of them corrected with a reason."""
    from komek.registry.services.persons import person_create, person_update

    first = person_create(
        actor=registrar,
        iin=valid_iin(dt.date(1980, 1, 10), "male"),
        surname="Ахметов",
        name="Нурлан",
        kato=BALKHASH_TOWN,
    )
    second = person_create(
        actor=registrar,
        iin=valid_iin(dt.date(1992, 7, 7), "female"),
        surname="Омарова",
        name="Дана",
        kato=BALKHASH_TOWN,
    )
    person_update(actor=registrar, person=second, surname="Ержанова", reason="Замужество")
    return [first, second]


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r.value for r in Role])
def test_only_roles_with_audit_capability_see_the_log(role: str, staff: Any) -> None:
    """Auditors, department heads and administrators see the log; everyone else gets 403."""
    from komek.accounts.roles import capabilities_of

    user = staff(role, units=(KARAGANDA_REGION,), reach=Reach.REGION)
    client = Client()
    client.force_login(user)
    response = client.get(reverse("audit:audit_list"))
    assert response.status_code == (200 if "audit.view" in capabilities_of(role) else 403)


@pytest.mark.django_db
def test_log_shows_who_when_what_and_the_change(auditor_client: Client, people: list[Person]) -> None:
    """Each row shows the user, the date, the action, the object, before → after, the reason."""
    response = auditor_client.get(reverse("audit:audit_list"))
    html = response.content.decode()
    assert "reg_balkhash" in html
    assert timezone.localdate().strftime("%d.%m.%Y") in html
    assert "registry.person" in html
    assert 'Омарова</span> → <span class="after">Ержанова' in html
    assert "Замужество" in html


@pytest.mark.django_db
def test_filter_by_iin_or_person_number(auditor_client: Client, people: list[Person]) -> None:
    """Typing an IIN or a person's number keeps only that person's rows."""
    first, second = people
    url = reverse("audit:audit_list")
    by_iin = auditor_client.get(url, {"person": second.iin})
    rows = list(by_iin.context["page"].object_list)
    assert rows and all(r.person_id == second.pk for r in rows)
    by_id = auditor_client.get(url, {"person": str(first.pk)})
    assert {r.person_id for r in by_id.context["page"].object_list} == {first.pk}
    unknown = auditor_client.get(url, {"person": valid_iin(dt.date(1970, 1, 1), "male")})
    assert list(unknown.context["page"].object_list) == []


@pytest.mark.django_db
def test_person_filter_finds_the_lists_naming_the_person(
    auditor_client: Client, people: list[Person], registrar: Any
) -> None:
    """A list or a file that showed the person among others (its read row names them in
    ``changes["persons"]``) is found by the person's IIN or number, not only rows about the person;
    a list naming only others is not, nor one naming a person whose number merely contains theirs."""
    from komek.common import audit

    first, second = people
    both = audit.read(actor=registrar, object_type="registry.person_search", object_id="",
                      territory=BALKHASH_TOWN, persons=[first.pk, second.pk])  # fmt: skip
    others = audit.read(
        actor=registrar, object_type="applications.case_list", object_id="", territory=BALKHASH_TOWN,
        persons=[second.pk, first.pk * 10 + 1, first.pk + 1000],
    )  # fmt: skip
    assert both is not None and others is not None
    url = reverse("audit:audit_list")
    for value in (first.iin, str(first.pk)):
        rows = list(auditor_client.get(url, {"person": value}).context["page"].object_list)
        ids = {r.pk for r in rows}
        assert both.pk in ids and others.pk not in ids, value
        assert all(r.person_id == first.pk or first.pk in r.changes.get("persons", []) for r in rows)
        assert any(r.person_id == first.pk for r in rows)  # its own rows are still there
    by_second = {r.pk for r in auditor_client.get(url, {"person": second.iin}).context["page"].object_list}
    assert {both.pk, others.pk} <= by_second


@pytest.mark.django_db
def test_filter_by_user_action_and_dates(auditor_client: Client, people: list[Person]) -> None:
    """User name, action and a date range narrow the list."""
    url = reverse("audit:audit_list")
    updates = auditor_client.get(url, {"action": AuditAction.UPDATE, "username": "reg_balkhash"})
    rows = list(updates.context["page"].object_list)
    assert len(rows) == 1 and rows[0].reason == "Замужество"
    today = timezone.localdate()
    assert (
        auditor_client.get(url, {"date_from": today.isoformat(), "date_to": today.isoformat()})
        .context["page"]
        .paginator.count
        >= 3
    )
    yesterday = today - dt.timedelta(days=1)
    assert auditor_client.get(url, {"date_to": yesterday.isoformat()}).context["page"].paginator.count == 0
    assert auditor_client.get(url, {"username": "nobody"}).context["page"].paginator.count == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"person": "12ab"}, "person"),
        ({"date_from": "2025-02-01", "date_to": "2025-01-01"}, "date_to"),
        ({"date_from": "31.02.2025"}, "date_from"),
        ({"action": "drop"}, "action"),
    ],
)
def test_bad_filters_are_field_errors(auditor_client: Client, params: dict[str, str], field: str) -> None:
    """A malformed filter is shown at its field and the list stays empty rather than unfiltered."""
    response = auditor_client.get(reverse("audit:audit_list"), params)
    assert response.status_code == 200
    assert response.context["form"].errors.get(field)
    assert response.context["page"].paginator.count == 0


@pytest.mark.django_db
def test_log_is_paginated(auditor_client: Client, registrar: Any) -> None:
    """Sixty rows make two pages; the page link keeps the filter."""
    from komek.common.audit import record

    for i in range(60):
        record(
            actor=registrar,
            action=AuditAction.READ,
            object_type="registry.person",
            object_id=i,
            territory="351610000",
        )
    url = reverse("audit:audit_list")
    first = auditor_client.get(url, {"action": "read"})
    assert first.context["page"].paginator.num_pages == 2
    assert "action=read&amp;page=2" in first.content.decode()
    second = auditor_client.get(url, {"action": "read", "page": "2"})
    assert len(second.context["page"].object_list) == 10


@pytest.mark.django_db
def test_log_is_read_only(auditor_client: Client, people: list[Person]) -> None:
    """There is no form or URL that changes or deletes an audit row."""
    count = AuditLog.objects.count()
    url = reverse("audit:audit_list")
    assert auditor_client.post(url, {"action": "delete"}).status_code == 405
    html = auditor_client.get(url).content.decode()
    assert 'method="post"' not in html.split("<main", 1)[1].split("</main>", 1)[0]
    assert AuditLog.objects.count() == count


@pytest.mark.django_db
def test_sign_ins_and_failures_are_listed(auditor_client: Client, staff: Any) -> None:
    """A failed sign-in shows the user name typed (never the password)."""
    staff(Role.REGISTRAR, username="forgetful")
    Client().post(reverse("accounts:login"), {"username": "forgetful", "password": "secret-guess-1"})
    html = auditor_client.get(reverse("audit:audit_list"), {"action": "login_failed"}).content.decode()
    assert "forgetful" in html and "secret-guess-1" not in html


@pytest.mark.django_db
def test_audit_page_query_budget(
    auditor_client: Client,
    people: list[Person],
    staff: Callable[..., Any],
    django_assert_max_num_queries: Any,
) -> None:
    """A full page of 50 rows (several actors, persons, changes) costs no more queries than an empty one."""
    from django.db import transaction

    from komek.common import audit

    actors = [staff(Role.REGISTRAR) for _ in range(3)]
    for i in range(45):
        with transaction.atomic():
            audit.record(
                actor=actors[i % 3], action=AuditAction.UPDATE, object_type="registry.person",
                object_id=people[i % 2].pk, person_id=people[i % 2].pk, changes={"surname": ["А", f"Б{i}"]},
                reason=f"correction {i}", territory=BALKHASH_TOWN,
            )  # fmt: skip
    with django_assert_max_num_queries(6):
        response = auditor_client.get(reverse("audit:audit_list"))
    assert len(response.context["page"].object_list) == 50


@pytest.mark.django_db
def test_region_auditor_sees_only_rows_of_the_region(auditor_client: Client, registrar: Any) -> None:
    """Rows are filed under the KATO code they concern: Almaty's rows stay out of Karaganda's log."""
    from komek.common.audit import record

    for territory, object_id in (("351610000", "1"), ("751110000", "2"), ("", "3")):
        record(
            actor=registrar,
            action=AuditAction.READ,
            object_type="registry.person",
            object_id=object_id,
            territory=territory,
        )
    rows = auditor_client.get(reverse("audit:audit_list"), {"action": "read"}).context["page"].object_list
    assert [row.object_id for row in rows] == ["1"]
