"""The register of services rendered: services whose result is not money, received and rendered a
set at a time (the Government for Citizens' service centres among the channels), counted by the
annual report's services section; all rows or none; audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone, translation

from komek.accounts.choices import Role
from komek.applications.choices import Channel, Decision, Status
from komek.applications.models import Application, Event
from komek.applications.selectors.report import services_rendered
from komek.applications.services.register import Rendered, services_render
from komek.common.errors import DomainError, PermissionDenied
from komek.common.models import AuditLog

pytestmark = pytest.mark.django_db


def _rows(*persons: Any, channel: str = "office", days: int = 0) -> list[Rendered]:
    rendered = timezone.now() - dt.timedelta(days=days)
    return [
        Rendered(p.pk, channel, received_at=rendered - dt.timedelta(hours=2), rendered_at=rendered)
        for p in persons
    ]


def test_the_register_renders_each_row_as_an_application_counted_by_channel(
    household: Any, caseworker: Any, make_user: Callable[..., Any]
) -> None:
    before = AuditLog.objects.count()
    done = services_render(
        actor=caseworker,
        service="unemployed_certificate",
        rows=_rows(household.head, household.spouse, channel=Channel.GOV4C) + _rows(household.head),
    )
    assert done == 3
    apps = list(Application.objects.filter(service__code="unemployed_certificate").order_by("number"))
    assert [(a.channel, a.status, a.decision) for a in apps] == [
        ("gov4c", Status.RENDERED, Decision.RENDER),
        ("gov4c", Status.RENDERED, Decision.RENDER),
        ("office", Status.RENDERED, Decision.RENDER),
    ]
    assert len({a.number for a in apps}) == 3 and all(a.number.startswith("3516-") for a in apps)
    assert apps[0].family_id == household.family.pk
    assert Event.objects.filter(application__in=apps, kind="rendered").count() == 3
    assert AuditLog.objects.count() - before == 3
    assert set(AuditLog.objects.order_by("-id")[:3].values_list("person_id", flat=True)) == {
        household.head.pk, household.spouse.pk
    }  # fmt: skip
    head = make_user(Role.DEPARTMENT_HEAD, username="register_head")
    data = services_rendered(actor=head, year=timezone.localdate().year, prefix="3516")
    assert (data.rendered, data.by_channel) == (3, {"gov4c": 2, "office": 1})
    assert data.by_service == [("unemployed_certificate", apps[0].service.name, 3)]


@translation.override("en")
def test_a_bad_row_is_named_and_nothing_is_written(household: Any, caseworker: Any) -> None:
    rows = _rows(household.head) + _rows(household.spouse, channel=Channel.AKIM)
    with pytest.raises(DomainError, match="Row 2") as refused:
        services_render(actor=caseworker, service="unemployed_certificate", rows=rows)
    assert refused.value.field == "rows"
    future = _rows(household.head, days=-2)
    with pytest.raises(DomainError, match="Row 1"):
        services_render(actor=caseworker, service="unemployed_certificate", rows=future)
    assert not Application.objects.exists()


def test_a_service_that_assigns_money_is_not_rendered_by_the_register(
    household: Any, caseworker: Any
) -> None:
    with pytest.raises(DomainError) as refused:
        services_render(actor=caseworker, service="tsa", rows=_rows(household.head))
    assert refused.value.field == "service"
    assert not Application.objects.exists()


@translation.override("en")
def test_the_register_needs_intake_and_case_work_in_the_territory(
    household: Any, registrar: Any, make_user: Callable[..., Any]
) -> None:
    with pytest.raises(PermissionDenied):
        services_render(actor=registrar, service="unemployed_certificate", rows=_rows(household.head))
    almaty = make_user(Role.CASEWORKER, username="almaty_worker", units=("751110000",))
    with pytest.raises(DomainError, match="Row 1"):
        services_render(actor=almaty, service="unemployed_certificate", rows=_rows(household.head))
    assert not Application.objects.exists()


def test_the_caseworker_cannot_take_the_register_s_decision_on_a_case(
    household: Any, calculated: Callable[..., Any], caseworker: Any
) -> None:
    from komek.applications.services.decisions import application_decide

    app = calculated(household.head)
    with pytest.raises(DomainError) as refused:
        application_decide(actor=caseworker, application_id=app.pk, version=None, decision=Decision.RENDER)
    assert refused.value.field == "decision"
    assert Application.objects.get(pk=app.pk).status == Status.IN_REVIEW
