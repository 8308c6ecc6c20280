"""Two caseworkers deciding the same case at the same moment, each on their own connection:
exactly one decision is written, the other caseworker is told who was first."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from komek.applications.choices import Status
from komek.applications.models import Application, Notification
from komek.applications.services.decisions import application_decide, default_period
from komek.common.errors import DomainError

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks between connections: PostgreSQL"),
]


@pytest.mark.usefixtures("social_contract")
def test_two_caseworkers_deciding_one_case_one_wins(household, calculated, caseworker, make_user):
    """Of two caseworkers deciding one case at the same time, exactly one decision is taken."""
    from komek.accounts.choices import Role
    from komek.applications.services.catalogue import catalogue_load
    from komek.benefits.banks import banks_load

    catalogue_load()  # a transactional test starts from a flushed database
    banks_load()
    colleague = make_user(Role.CASEWORKER, username="colleague")
    app = calculated(household.head)
    start, end = default_period(app)
    barrier = threading.Barrier(2)
    results: dict[str, object] = {}

    def decide(name, actor, decision):
        try:
            barrier.wait(timeout=120)
            kwargs = {
                "amount": app.calculated_amount, "period_start": start, "period_end": end,
                "social_contract_ref": "SK-3516-7",
            }  # fmt: skip
            if decision == "refuse":
                kwargs = {"refusal_reason": "property"}
            application_decide(
                actor=actor, application_id=app.pk, version=app.version, decision=decision, **kwargs
            )
            results[name] = "won"
        except DomainError as exc:
            results[name] = exc
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=decide, args=("a", caseworker, "assign")),
        threading.Thread(target=decide, args=("b", colleague, "refuse")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    outcomes = sorted(results, key=lambda k: results[k] != "won")
    winner, loser = outcomes
    assert results[winner] == "won"
    error = results[loser]
    assert isinstance(error, DomainError) and error.code == "stale"
    assert app.number in str(error)
    final = Application.objects.get(pk=app.pk)
    assert final.status == (Status.ASSIGNED if winner == "a" else Status.REFUSED)
    assert final.version == app.version + 1
    assert Notification.objects.filter(application=final).count() == 1
