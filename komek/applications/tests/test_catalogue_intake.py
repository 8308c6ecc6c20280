"""The catalogue and intake: checklist, refusal of an incomplete package, numbers, due dates,
distribution of cases among caseworkers."""

from __future__ import annotations

import pytest
from django.utils import timezone, translation

from komek.accounts.choices import Role
from komek.accounts.policy import system
from komek.applications.choices import Status
from komek.applications.models import Application, IntakeRefusal, Service
from komek.applications.services.catalogue import catalogue_load
from komek.applications.services.intake import IncompletePackage, application_receive
from komek.common.errors import DomainError, PermissionDenied
from komek.common.models import AuditLog
from komek.common.workdays import add_working_days

pytestmark = pytest.mark.django_db


def test_the_catalogue_holds_the_seeded_services_with_their_checklists():
    """The seeded catalogue holds the state services with their channels and document checklists."""
    services = {s.code: s for s in Service.objects.prefetch_related("documents")}
    assert {"tsa", "housing", "local_social_assistance", "home_schooling", "one_time_categories"} <= set(
        services
    )
    local = services["local_social_assistance"]
    assert local.commission and local.deadline_working_days == 8
    assert set(local.channels) == {"office", "akim", "portal"}
    portal = {d.code for d in local.documents.all() if d.state_database}
    assert {"identity", "residence", "family"} <= portal and "situation_act" not in portal
    assert "24/176" in local.legal_basis and local.name_kk and local.result_ru


def test_every_programme_of_the_catalogue_is_known_to_the_rules_engine():
    """Every programme a service of the catalogue names is a programme of the rules engine."""
    from komek.legislation import loader

    known = {p.code for p in loader.shipped_engine().programmes}
    for service in Service.objects.all():
        assert set(service.programmes) <= known, service.code


def test_loading_the_catalogue_again_changes_nothing():
    """Loading the catalogue a second time leaves the services and checklists as they were."""
    before = list(Service.objects.values_list("code", "deadline_working_days").order_by("code"))
    assert catalogue_load() == len(before)
    assert list(Service.objects.values_list("code", "deadline_working_days").order_by("code")) == before


def test_a_complete_package_is_registered_with_number_and_due_date(household, receive, caseworker):
    """A complete package is registered with its number, its due date in working days and an audit row."""
    app = receive(household.head)
    received = timezone.localtime(app.received_at).date()
    assert app.number.startswith(f"3516-{received.year}-")
    assert app.due_date == add_working_days(received, 7)
    assert app.status == Status.IN_REVIEW and app.caseworker == caseworker
    assert app.family_id == household.family.pk
    second = receive(household.spouse, "local_social_assistance")  # one open TSA case per family
    assert int(second.number[-6:]) == int(app.number[-6:]) + 1
    row = AuditLog.objects.get(object_type="applications.application", object_id=str(app.pk))
    assert row.changes["number"] == [None, app.number] and row.person_id == household.head.pk


def test_an_incomplete_package_is_refused_with_the_list_and_the_refusal_recorded(household, receive):
    """An incomplete package is refused with the missing documents named, and the refusal is recorded and
    audited."""
    with translation.override("en"), pytest.raises(IncompletePackage) as exc:
        receive(household.head, documents=["application", "identity"])
    assert exc.value.missing == ["residence", "family", "incomes", "bank_account"]
    assert "Missing" in str(exc.value)
    refusal = IntakeRefusal.objects.get()
    assert refusal.missing == exc.value.missing and refusal.applicant == household.head
    assert AuditLog.objects.filter(
        object_type="applications.intakerefusal", object_id=str(refusal.pk), action="refuse"
    ).exists()
    assert not Application.objects.exists()


def test_on_the_portal_the_state_databases_supply_their_documents(household, receive):
    """On the portal, the documents the state databases supply are not asked of the applicant."""
    app = receive(
        household.head, "local_social_assistance", channel="portal", actor=system("portal"),
        documents=["application", "situation_act", "bank_account"],
    )  # fmt: skip
    assert app.channel == "portal" and app.received_by is None
    with pytest.raises(IncompletePackage) as exc:
        receive(household.spouse, "local_social_assistance", documents=["application", "situation_act"])
    assert "identity" in exc.value.missing


def test_a_channel_the_service_does_not_use_is_refused(household, receive):
    """An application through a channel the service does not receive is refused."""
    with pytest.raises(DomainError) as exc:
        receive(household.head, "home_schooling", channel="akim", documents=[])
    assert exc.value.field == "channel"


def test_unknown_documents_and_circumstances_are_named(household, receive):
    """Documents off the checklist and unknown circumstances are refused by name."""
    with pytest.raises(DomainError) as exc:
        receive(household.head, documents=[*["application"], "passport_photo"])
    assert exc.value.field == "documents" and "passport_photo" in str(exc.value)
    with pytest.raises(DomainError) as exc:
        receive(household.head, circumstances=["lottery_win"])
    assert exc.value.field == "circumstances"


def test_cases_go_to_the_least_loaded_caseworker_of_the_district(household, receive, caseworker, make_user):
    """A new case goes to the caseworker of the district with the fewest open cases."""
    other = make_user(Role.CASEWORKER, username="caseworker_two")
    make_user(Role.CASEWORKER, units=("751110000",), username="almaty_caseworker")
    first = receive(household.head)
    second = receive(household.spouse, "local_social_assistance")  # one open TSA case per family
    third = receive(household.child, "local_social_assistance")
    assert [first.caseworker, second.caseworker] == [caseworker, other]
    assert third.caseworker == caseworker


def test_intake_needs_the_capability_and_the_territory(household, make_user):
    """Intake is refused to a role without the capability and for an applicant outside the actor's territory.
    Intake is refused to a role without the capability and for an applicant outside the actor's territory."""
    outsider = make_user(Role.REGISTRAR, units=("751110000",), username="almaty_registrar")
    accountant = make_user(Role.ACCOUNTANT, username="accountant")
    for actor in (outsider, accountant):
        with pytest.raises(PermissionDenied):
            application_receive(
                actor=actor, service="tsa", channel="office", applicant_id=household.head.pk,
                documents=[], language="ru",
            )  # fmt: skip
    assert not IntakeRefusal.objects.exists()
