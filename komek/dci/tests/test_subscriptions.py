"""POST /dci/registry/subscribe and /unsubscribe, and the notify callbacks of registry events."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from komek.common.models import AuditLog
from komek.dci.models import DciDelivery, DciEvent, DciSubscription
from komek.dci.services.subscriptions import dispatch_events
from komek.dci.tests.conftest import header

pytestmark = pytest.mark.django_db


def _subscribe(event: str, filter_: Any = None, record: str = "Member", ref: str = "s1") -> dict[str, Any]:
    return {
        "header": header("subscribe"),
        "message": {
            "transaction_id": "sub-1",
            "subscribe_request": [
                {
                    "reference_id": ref,
                    "timestamp": timezone.now().isoformat(),
                    "subscribe_criteria": {
                        "version": "1.0.0",
                        "reg_type": "ns:org:RegistryType:Social",
                        "reg_event_type": event,
                        "filter_type": "idtype-value",
                        "filter": {} if filter_ is None else filter_,
                        "notify_record_type": record,
                    },
                }
            ],
        },
    }


def _on_subscribe(posted: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    ((uri, body),) = [p for p in posted if p[1]["header"]["action"] == "on-subscribe"]
    return body


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks: Any) -> Callable[..., Any]:
    """Run a registry change and what follows its commit (the notifications)."""

    def run(change: Callable[[], Any]) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return change()

    return run


def test_subscribe_acknowledges_and_confirms_by_on_subscribe(api, dci_client, posted) -> None:
    client, token = dci_client
    response = api("subscribe", _subscribe("spdci-common:RegistryEventType:Death"), token)
    assert response.status_code == 200 and response.json()["message"]["ack_status"] == "ACK"
    body = _on_subscribe(posted)
    item = body["message"]["subscribe_response"][0]
    assert item["status"] == "succ"
    (info,) = item["subscriptions"]
    assert info["status"] == "subscribe" and info["reg_event_type"] == "Death" and info["code"]
    sub = DciSubscription.objects.get()
    assert sub.code == info["code"] and sub.territory == "3516"


@pytest.mark.parametrize(
    ("event", "filter_", "record", "code"),
    [
        ("Marriage", None, "Member", "rjct.notify_types.invalid"),
        ("Death", None, "Vehicle", "rjct.notify_types.invalid"),
        ("Death", {"type": "location", "value": "751110000"}, "Member", "rjct.notify_details.invalid"),
        ("Death", {"type": "IIN", "value": "000000000000"}, "Member", "rjct.person_id.invalid"),
        ("Death", {"type": "poverty", "value": 3}, "Member", "rjct.notify_details.invalid"),
    ],
)
def test_bad_subscriptions_are_rejected_and_nothing_is_subscribed(
    api, dci_client, posted, event, filter_, record, code
) -> None:
    client, token = dci_client
    api("subscribe", _subscribe(event, filter_, record), token)
    item = _on_subscribe(posted)["message"]["subscribe_response"][0]
    assert (item["status"], item["status_reason_code"]) == ("rjct", code)
    assert not DciSubscription.objects.exists()
    assert AuditLog.objects.filter(actor_username="dci:tsa.balkhash", action="refuse").exists()


def test_subscribing_twice_is_already_subscribed(api, dci_client, posted) -> None:
    client, token = dci_client
    api("subscribe", _subscribe("Death"), token)
    posted.clear()
    api("subscribe", _subscribe("Death"), token)
    item = _on_subscribe(posted)["message"]["subscribe_response"][0]
    assert item["status_reason_code"] == "rjct.event.already_subscribed"


def test_a_death_is_notified_to_the_subscriber_of_the_territory(
    api, dci_client, town, registrar, posted, on_commit
) -> None:
    from komek.registry.services.persons import person_update

    client, token = dci_client
    api("subscribe", _subscribe("Death"), token)
    posted.clear()
    died = timezone.localdate() - dt.timedelta(days=2)
    on_commit(lambda: person_update(actor=registrar, person=town["elder"], death_date=died, reason="death"))
    ((uri, body),) = posted
    assert uri == "https://spmis.example.org/cb"
    assert body["header"]["action"] == "notify" and body["header"]["status"] == "succ"
    (event,) = body["message"]["notify_event"]
    assert event["data"]["reg_event_type"] == "Death"
    record = event["data"]["reg_records"]
    assert record["member_identifier"][0]["identifier_value"] == town["elder"].iin
    assert record["demographic_info"]["death_date"] == died.isoformat()
    assert AuditLog.objects.filter(
        actor_username="dci:tsa.balkhash", action="read", person_id=town["elder"].pk
    )
    assert DciEvent.objects.get().dispatched_at is not None


def test_an_event_of_another_territory_or_kind_is_not_notified(
    api, dci_client, town, registrar, almaty_person, posted, on_commit
) -> None:
    from komek.registry.services.persons import person_update

    client, token = dci_client
    location = {"type": "location", "value": "351633100"}  # Gulshat only
    api("subscribe", _subscribe("ChangeOfAddress", location), token)
    posted.clear()
    on_commit(lambda: person_update(actor=registrar, person=town["head"], street="Абая 5", reason="moved"))
    assert posted == []  # Balkhash town, not Gulshat
    on_commit(lambda: person_update(actor=registrar, person=town["elder"], street="Абая 7", reason="moved"))
    assert [b["message"]["notify_event"][0]["data"]["reg_event_type"] for _, b in posted] == [
        "ChangeOfAddress"
    ]


def test_birth_and_family_events(api, dci_client, town, registrar, make_person, posted, on_commit) -> None:
    from komek.registry.services.families import family_add_member

    client, token = dci_client
    api("subscribe", _subscribe("LiveBirth"), token)
    api("subscribe", _subscribe("NewHouseHoldMember", record="Group", ref="s2"), token)
    posted.clear()
    baby = on_commit(
        lambda: make_person(
            name="Алия", sex="female", birth_date=timezone.localdate() - dt.timedelta(days=10)
        )
    )
    on_commit(
        lambda: family_add_member(actor=registrar, family=town["family"], person=baby, relation="child")
    )
    kinds = [
        (
            b["message"]["notify_event"][0]["data"]["reg_event_type"],
            b["message"]["notify_event"][0]["data"]["reg_record_type"],
        )
        for _, b in posted
    ]
    assert kinds == [("LiveBirth", "Member"), ("NewHouseHoldMember", "Group")]
    group = posted[1][1]["message"]["notify_event"][0]["data"]["reg_records"]
    assert group["group_size"] == 4


def test_a_change_rolled_back_sends_nothing(api, dci_client, town, registrar, posted, on_commit) -> None:
    from django.db import transaction

    from komek.registry.services.persons import person_update

    client, token = dci_client
    api("subscribe", _subscribe("Death"), token)
    posted.clear()

    def fails() -> None:
        with transaction.atomic():
            person_update(
                actor=registrar, person=town["elder"], death_date=timezone.localdate(), reason="death"
            )
            raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError):
        on_commit(fails)
    assert posted == [] and not DciEvent.objects.exists()


def test_nothing_is_written_without_subscribers(town, registrar, on_commit) -> None:
    from komek.registry.services.persons import person_update

    on_commit(lambda: person_update(actor=registrar, person=town["elder"], street="Абая 9", reason="moved"))
    assert not DciEvent.objects.exists()


def test_a_failed_notification_is_kept_for_the_next_round(
    api, dci_client, town, registrar, posted, monkeypatch, settings
) -> None:
    from komek.registry.services.persons import person_update

    client, token = dci_client
    api("subscribe", _subscribe("Death"), token)
    settings.KOMEK_DCI_DELIVER_ON_COMMIT = False  # the outbox waits for ``komek dci deliver``
    person_update(actor=registrar, person=town["elder"], death_date=timezone.localdate(), reason="death")
    assert DciEvent.objects.filter(dispatched_at__isnull=True).count() == 1
    assert dispatch_events() == 1
    assert DciDelivery.objects.filter(action="notify", delivered_at__isnull=True).count() == 1


def test_unsubscribe_ends_the_subscriptions(api, dci_client, posted) -> None:
    client, token = dci_client
    api("subscribe", _subscribe("Death"), token)
    code = DciSubscription.objects.get().code
    posted.clear()
    body = {
        "header": header("unsubscribe"),
        "message": {
            "transaction_id": "u1",
            "timestamp": timezone.now().isoformat(),
            "subscription_codes": [code],
        },
    }
    assert api("unsubscribe", body, token).json()["message"]["ack_status"] == "ACK"
    ((uri, answer),) = posted
    assert answer["header"]["action"] == "on-unsubscribe"
    assert answer["message"]["status"] == "succ"
    assert answer["message"]["subscription_status"] == [{"code": code, "status": "unsubscribe"}]
    assert DciSubscription.objects.get().ended_at is not None
    posted.clear()
    api("unsubscribe", body, token)
    assert posted[0][1]["message"]["status_reason_code"] == "rjct.event.already_unsubscribed"


def test_unsubscribe_with_an_unknown_code_ends_nothing(api, dci_client, posted) -> None:
    client, token = dci_client
    api("subscribe", _subscribe("Death"), token)
    code = DciSubscription.objects.get().code
    posted.clear()
    body = {
        "header": header("unsubscribe"),
        "message": {
            "transaction_id": "u1",
            "timestamp": timezone.now().isoformat(),
            "subscription_codes": [code, "nope"],
        },
    }
    api("unsubscribe", body, token)
    answer = posted[0][1]["message"]
    assert answer["status"] == "rjct" and answer["status_reason_code"] == "rjct.subscription_code.invalid"
    assert DciSubscription.objects.get().ended_at is None


def test_unsubscribe_without_timestamp_is_err(api, dci_client) -> None:
    client, token = dci_client
    body = {"header": header("unsubscribe"), "message": {"transaction_id": "u1", "subscription_codes": ["x"]}}
    response = api("unsubscribe", body, token)
    assert response.status_code == 400 and response.json()["message"]["ack_status"] == "ERR"


def test_subscribe_with_a_search_action_is_err(api, dci_client) -> None:
    client, token = dci_client
    body = _subscribe("Death")
    body["header"]["action"] = "search"
    response = api("subscribe", body, token)
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "err.request.bad"
