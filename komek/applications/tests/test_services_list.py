"""The catalogue as loaded: programmes derived from the programmes' own service, the context that
carries each service out, the intake's list of services and ``komek services list --json``."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from komek.accounts.choices import Role
from komek.applications.models import Service
from komek.rules.services import catalogue

pytestmark = pytest.mark.django_db


def _listing(*args: str) -> list[dict]:  # type: ignore[type-arg]
    out = io.StringIO()
    call_command("services_list", "--json", *args, stdout=out)
    return json.loads(out.getvalue())


def test_services_list_prints_the_contract_in_the_language_asked():
    """One JSON array of {code, title, programmes, channels, deadline_working_days}, titles in the
    language of --language (ru by default), the withdrawn child allowance left out."""
    rows = _listing()
    assert len(rows) == 17
    assert all(
        set(row) == {"code", "title", "programmes", "channels", "deadline_working_days"} for row in rows
    )
    by_code = {row["code"]: row for row in rows}
    assert by_code["tsa"]["title"] == "Назначение адресной социальной помощи"
    assert by_code["tsa"]["programmes"] == ["gsp", "tsa"]
    assert by_code["home_schooling"]["programmes"] == ["almaty.home_schooling", "balkhash.home_schooling"]
    assert by_code["jobseeker_registration"] == {
        "code": "jobseeker_registration", "title": "Регистрация лиц, ищущих работу", "programmes": [],
        "channels": ["office", "portal", "gov4c"], "deadline_working_days": 1,
    }  # fmt: skip
    assert "child_allowance" not in by_code
    kazakh = {row["code"]: row["title"] for row in _listing("--language", "kk")}
    assert kazakh["tsa"] == "Атаулы әлеуметтік көмек тағайындау"
    assert {row["code"] for row in _listing("--all")} == {s["code"] for s in catalogue()["services"]}


def test_the_loaded_catalogue_derives_each_service_programmes_from_the_programmes():
    """The database's programme lists are those the programme versions name, with their context."""
    local = Service.objects.get(code="local_social_assistance")
    assert {"almaty.meters", "almaty.gas_connection", "almaty.war_veterans", "almaty.hiv_children",
            "almaty.excellent_students", "balkhash.tb_food_package"} <= set(local.programmes)  # fmt: skip
    assert Service.objects.get(code="prosthetic_aid").context == "rehabilitation"
    assert Service.objects.get(code="unemployed_registration").context == "employment"
    assert Service.objects.filter(active=True).count() == 17


def test_intake_offers_its_own_services_and_links_the_others_to_their_context(client, make_user):
    """The intake page lists the services of applications; the employment centre's and
    rehabilitation's link to their registration pages, and their intake form does not exist here."""
    registrar = make_user(Role.REGISTRAR, username="registrar_cat")
    client.force_login(registrar)
    response = client.get("/services/new/")
    assert response.status_code == 200
    offered = {service.code for service in response.context["services"]}
    assert {"tsa", "housing", "home_schooling", "tsa_recipient_certificate"} <= offered
    assert "jobseeker_registration" not in offered and "wheelchairs" not in offered
    elsewhere = {service.code: page for service, page in response.context["elsewhere"]}
    assert elsewhere["jobseeker_registration"] == "employment:jobseeker_create"
    assert elsewhere["wheelchairs"] == "rehabilitation:index"
    html = response.content.decode()
    assert 'href="/employment/jobseekers/new/"' in html and 'href="/rehabilitation/"' in html
    assert client.get("/services/new/jobseeker_registration/").status_code == 404
    assert client.get("/services/new/tsa/").status_code == 200
