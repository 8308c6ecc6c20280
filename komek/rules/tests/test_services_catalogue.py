"""The state-service catalogue of the legislation: every service the departments render, each
programme reachable through a service or a category payment, the services' names in one place."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from komek.rules.engine import Engine
from komek.rules.errors import RulesError
from komek.rules.facts import label, vocabulary
from komek.rules.services import (
    CATALOGUE,
    catalogue,
    programmes_by_service,
    read_catalogue,
    without_way_to_money,
)

TODAY = dt.datetime.now(ZoneInfo("Asia/Almaty")).date()


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.load()


def test_every_shipped_programme_version_has_a_way_to_money(engine: Engine) -> None:
    """Meta-test: each version is a category payment or offered by a service of the catalogue,
    rendered today when the version is still in force."""
    assert len(engine.programmes) >= 30
    assert without_way_to_money(engine.programmes, TODAY) == []
    offered = programmes_by_service()
    for p in engine.programmes:
        assert p.facts.category_payment or p.code in offered[str(p.facts.service)], p.code


def test_a_programme_whose_service_is_withdrawn_has_no_way_to_money(engine: Engine) -> None:
    """The meta-test fails for a version in force whose service is no longer rendered (the 2017
    child allowance's service), and passes once the version has ended."""
    allowance = next(p for p in engine.programmes if p.code == "child_allowance")
    assert without_way_to_money([allowance], TODAY) == []
    still = dataclasses.replace(allowance, valid_to=None)
    assert without_way_to_money([still], TODAY) == [
        "child_allowance from 2017-01-01: its service child_allowance is no longer rendered"
    ]
    facts = dataclasses.replace(allowance.facts, service="pensions")
    assert (
        "no service of the catalogue"
        in without_way_to_money([dataclasses.replace(allowance, facts=facts)], TODAY)[0]
    )


def test_the_eight_programmes_of_the_issue_are_reachable() -> None:
    """Meters, gas connection, war veterans, excellent students, HIV-infected children, the TB food
    package and the guaranteed social package belong to a service; the care of lonely disabled
    persons is a category payment."""
    offered = programmes_by_service()
    local = set(offered["local_social_assistance"])
    assert {"almaty.meters", "almaty.gas_connection", "almaty.war_veterans", "almaty.excellent_students",
            "almaty.hiv_children", "balkhash.tb_food_package"} <= local  # fmt: skip
    assert "gsp" in offered["tsa"]
    assert not any("balkhash.lonely_disabled_care" in codes for codes in offered.values())


def test_the_catalogue_holds_the_services_of_the_reports() -> None:
    """The Balkhash report 2018 counts 17 kinds of state services: 17 rendered today, each with its
    context, plus the child allowance withdrawn in 2018."""
    services = {s["code"]: s for s in catalogue()["services"]}
    active = [code for code, s in services.items() if s.get("active", True)]
    assert len(active) == 17
    assert services["child_allowance"]["active"] is False
    assert {s["context"] for s in services.values()} == {"applications", "employment", "rehabilitation"}
    for code in ("tsa", "housing", "local_social_assistance", "home_schooling", "one_time_categories",
                 "jobseeker_registration", "unemployed_registration", "prosthetic_aid",
                 "special_social_services", "tsa_recipient_certificate"):  # fmt: skip
        assert code in services
    assert services["jobseeker_registration"]["context"] == "employment"
    assert services["wheelchairs"]["context"] == "rehabilitation"


def test_the_service_names_come_from_the_catalogue_only() -> None:
    """The programme facts name a service by the catalogue's texts; facts.yaml holds no service."""
    facts_yaml = yaml.safe_load((CATALOGUE.parent / "facts.yaml").read_text(encoding="utf-8"))
    assert "services" not in facts_yaml
    tsa = next(s for s in catalogue()["services"] if s["code"] == "tsa")
    assert label("services", "tsa", "kk") == tsa["kk"]
    assert set(vocabulary()["services"]) == {s["code"] for s in catalogue()["services"]}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda s: s.update(programmes=["tsa"]), "programmes are derived"),
        (lambda s: s.update(context="payments"), "context must be one of"),
        (lambda s: s.pop("context"), "'context' is missing"),
        (lambda s: s.update(channels=["fax"]), "unknown channels"),
        (lambda s: s.update(deadline_working_days=0), "at least 1"),
        (lambda s: s["documents"].append({"code": "passport_photo"}), "'passport_photo' is not described"),
    ],
)
def test_a_malformed_catalogue_is_refused(tmp_path: Path, change, message: str) -> None:  # type: ignore[no-untyped-def]
    """Each malformed service of the catalogue is refused naming the service and the field."""
    doc = yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))
    change(doc["services"][0])
    path = tmp_path / "services.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RulesError, match=message) as caught:
        read_catalogue(path)
    assert "'tsa'" in str(caught.value)
