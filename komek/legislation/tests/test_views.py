"""The rules pages: capabilities (403), territory (404), field errors with positions, the simulation."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from komek.accounts.choices import Reach, Role
from komek.common.models import AuditLog
from komek.legislation.models import ParameterValueRecord, ProgrammeVersion

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def decision_post(**changes: str | list[str]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": "balkhash.heating_aid",
        "title_kk": "Жылу көмегі",
        "title_ru": "Помощь на отопление",
        "title_en": "Heating aid",
        "legal_basis": "Balkhash town council decision No. 5/41",
        "kato": "351600000",
        "valid_from": "2026-12-01",
        "periodicity": "once",
        "entity": "family",
        "amount": "5 * mci",
        "condition_name": ["low_income", "pensioner_in_family"],
        "condition_expression": ["per_capita_income <= subsistence_minimum", "pensioners > 0"],
        "condition_label_kk": ["табыс", "зейнеткер"],
        "condition_label_ru": ["доход", "пенсионер"],
        "condition_label_en": ["income", "pensioner"],
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("role", "url", "status"),
    [
        (Role.REGISTRAR, "legislation:programme_list", 403),
        (Role.CASEWORKER, "legislation:programme_list", 200),
        (Role.ANALYST, "legislation:parameter_list", 200),
        (Role.CASEWORKER, "legislation:parameter_add", 403),
        (Role.CASEWORKER, "legislation:decision_add", 403),
        (Role.ADMINISTRATOR, "legislation:decision_add", 200),
        (Role.CASEWORKER, "legislation:simulate", 403),
        (Role.ADMINISTRATOR, "legislation:simulate", 403),
        (Role.DEPARTMENT_HEAD, "legislation:simulate", 200),
    ],
)
def test_pages_need_their_capability(make_user, role, url, status):
    """Each rules page opens only for a role with its capability."""
    assert client_for(make_user(role)).get(reverse(url)).status_code == status


def test_family_entitlements_follow_the_registry_territory(make_user, caseworker, household):
    """A caseworker of Almaty gets 404 for a Balkhash family; an analyst (no card access) 403."""
    url = reverse("legislation:family_entitlements", args=[household.family.pk])
    almaty = make_user(Role.CASEWORKER, units=("751110000",))
    assert client_for(almaty).get(url).status_code == 404
    assert (
        client_for(make_user(Role.ANALYST, reach=Reach.REGION, units=("350000000",))).get(url).status_code
        == 403
    )
    response = client_for(caseworker).get(url, {"on": household.on.isoformat()})
    assert response.status_code == 200
    page = response.content.decode()
    assert "balkhash.tb_outpatient" in page and "tsa" in page
    assert AuditLog.objects.filter(object_type="legislation.family_entitlements", actor=caseworker).exists()


def test_the_family_card_links_to_the_calculation(caseworker, household):
    """The family card links to the family's calculation."""
    page = (
        client_for(caseworker)
        .get(reverse("registry:family_detail", args=[household.family.pk]))
        .content.decode()
    )
    assert reverse("legislation:family_entitlements", args=[household.family.pk]) in page


def test_a_decision_form_shows_the_error_at_its_condition_with_the_position(administrator):
    """A wrong name in a decision form is shown at its condition with the position; nothing saved."""
    response = client_for(administrator).post(
        reverse("legislation:decision_add"),
        decision_post(condition_expression=["per_capita_income <= subsistence_minimum", "pensionres > 0"]),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "pensionres" in page and "⟶pensionres" in page
    assert not ProgrammeVersion.objects.exists()


def test_a_decision_is_saved_from_the_form(administrator):
    """A decision entered in the form is saved and listed."""
    response = client_for(administrator).post(reverse("legislation:decision_add"), decision_post())
    assert response.status_code == 302
    assert ProgrammeVersion.objects.get().document["conditions"][1]["expression"] == "pensioners > 0"
    listing = client_for(administrator).get(reverse("legislation:decision_list")).content.decode()
    assert "balkhash.heating_aid" in listing


def test_a_parameter_value_from_the_form(national_administrator):
    """A parameter value entered in the form is saved."""
    response = client_for(national_administrator).post(
        reverse("legislation:parameter_add"),
        {"name": "mci", "value": "5000", "valid_from": (dt.date.today() + dt.timedelta(days=60)).isoformat(),
         "reference": "Law on the budget", "kato": ""},
    )  # fmt: skip
    assert response.status_code == 302
    assert ParameterValueRecord.objects.get().value == 5000


def test_a_simulation_shows_a_table_and_a_chart(make_user, household):
    """The demo reform over the Balkhash registry: by programme and district, with an inline SVG."""
    head = make_user(Role.DEPARTMENT_HEAD)
    month = household.on.replace(day=1).isoformat()[:7]
    response = client_for(head).post(
        reverse("legislation:simulate"),
        {"reform": "poverty_line_50_today", "kato": "351600000", "month": month},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="by-programme"' in page and 'data-programme="tsa"' in page
    assert "<svg" in page and 'class="bar-reform"' in page
    assert AuditLog.objects.filter(object_type="legislation.simulation", territory="3516").exists()


def test_a_simulation_outside_the_territory_or_with_a_bad_upload_is_refused(make_user, household):
    """A simulation outside the user's territory or with a wrong reform file is refused and not audited."""
    head = make_user(Role.DEPARTMENT_HEAD)
    client = client_for(head)
    outside = client.post(reverse("legislation:simulate"), {"reform": "poverty_line_50", "kato": "751110000",
                                                             "month": "2017-07"})  # fmt: skip
    assert (
        outside.status_code == 200 and "poverty_line_50" in outside.content.decode()
    )  # the choice is refused
    assert not AuditLog.objects.filter(object_type="legislation.simulation").exists()
    upload = SimpleUploadedFile(
        "r.yaml", b"name: x\nparameters: [{name: mcii, from: 2017-01-01, value: 1}]\n"
    )
    response = client.post(
        reverse("legislation:simulate"),
        {"upload": upload, "kato": "351600000", "month": "2017-07"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "there is no parameter &#x27;mcii&#x27;" in response.content.decode()


def test_programmes_in_force_show_conditions_in_the_users_language(caseworker):
    """The programmes in force show their titles in the user's language and their conditions as written."""
    client = client_for(caseworker)
    client.post(reverse("set_language"), {"language": "kk"})
    page = client.get(reverse("legislation:programme_list"), {"on": "2024-07-01"}).content.decode()
    assert "Атаулы әлеуметтік көмек" in page  # TSA's title in Kazakh
    assert "per_capita_income &lt;= poverty_line" in page
