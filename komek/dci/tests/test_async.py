"""POST /dci/registry/search (the on-search callback) and /dci/registry/txn/status."""

from __future__ import annotations

from typing import Any

import pytest

from komek.common.models import AuditLog
from komek.dci.models import DciDelivery, DciTransaction
from komek.dci.services import delivery
from komek.dci.services.delivery import CallbackFailed, deliver_pending
from komek.dci.tests.conftest import by_iin, envelope, header

pytestmark = pytest.mark.django_db


def _search(api, token: str, town, **hdr: Any) -> dict[str, Any]:
    response = api("search", envelope([by_iin(town["head"].iin)], **hdr), token)
    assert response.status_code == 200, response.content
    return response.json()


def test_async_search_acknowledges_then_posts_on_search_after_commit(api, dci_client, town, posted) -> None:
    client, token = dci_client
    ack = _search(api, token, town)
    assert ack["message"]["ack_status"] == "ACK"
    assert ack["message"]["correlation_id"] and ack["message"]["timestamp"]
    ((uri, body),) = posted
    assert uri == "https://spmis.example.org/cb"
    assert body["header"]["action"] == "on-search" and body["header"]["status"] == "succ"
    assert body["message"]["correlation_id"] == ack["message"]["correlation_id"]
    item = body["message"]["search_response"][0]
    assert item["data"]["reg_records"][0]["member_identifier"][0]["identifier_value"] == town["head"].iin
    assert DciDelivery.objects.get().delivered_at is not None
    assert AuditLog.objects.filter(
        actor_username="dci:tsa.balkhash", action="read", person_id=town["head"].pk
    )


def test_a_failing_callback_is_kept_and_retried(api, dci_client, town, posted, monkeypatch) -> None:
    client, token = dci_client

    def down(uri: str, body: dict[str, Any], timeout: float) -> None:
        raise CallbackFailed("HTTP 503")

    monkeypatch.setattr(delivery, "post", down)
    _search(api, token, town)
    pending = DciDelivery.objects.get()
    assert pending.delivered_at is None and pending.attempts == 1 and pending.last_error == "HTTP 503"
    assert deliver_pending().waiting == 1  # its pause is not over yet
    monkeypatch.setattr(delivery, "post", lambda uri, body, timeout: posted.append((uri, body)))
    import datetime as dt

    from django.utils import timezone

    result = deliver_pending(now=timezone.now() + dt.timedelta(minutes=5))
    assert result.delivered == 1
    pending.refresh_from_db()
    assert pending.delivered_at is not None and pending.attempts == 2
    assert len(posted) == 1
    assert deliver_pending(now=timezone.now() + dt.timedelta(hours=1)).delivered == 0  # never twice


def test_the_deliver_command_reports_its_round(dci_client) -> None:
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("dci_deliver", stdout=out)
    assert "0 delivered" in out.getvalue()


def test_async_search_without_a_callback_address_is_err(api, kato, town) -> None:
    from komek.accounts.policy import system
    from komek.dci.services.clients import client_add

    client, token = client_add(actor=system("tests"), name="nocb", territory="351600000")
    body = envelope([by_iin(town["head"].iin)], sender="nocb")
    del body["header"]["sender_uri"]
    response = api("search", body, token)
    assert response.status_code == 400
    answer = response.json()["message"]
    assert answer["ack_status"] == "ERR" and answer["error"]["code"] == "err.sender_uri.invalid"
    assert not DciTransaction.objects.exists() and not DciDelivery.objects.exists()


def test_a_callback_to_another_host_than_registered_is_refused(api, dci_client, town) -> None:
    client, token = dci_client
    response = api(
        "search", envelope([by_iin(town["head"].iin)], sender_uri="https://evil.example.com/x"), token
    )
    assert response.status_code == 400
    assert response.json()["message"]["error"]["code"] == "err.sender_uri.invalid"


def test_async_search_with_a_bad_header_is_err(api, dci_client, town) -> None:
    client, token = dci_client
    body = envelope([by_iin(town["head"].iin)])
    body["header"]["action"] = "searchx"
    response = api("search", body, token)
    assert response.status_code == 400
    assert response.json()["message"]["ack_status"] == "ERR"
    assert response.json()["message"]["error"]["code"] == "err.request.bad"


def test_async_search_without_token_is_401(api, dci_client, town) -> None:
    response = api("search", envelope([by_iin(town["head"].iin)]), None)
    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "err.request.unauthorized"


def _status_request(attribute_type: str, value: Any, txn_type: str = "search") -> dict[str, Any]:
    return {
        "header": header("txn-status"),
        "message": {
            "transaction_id": "status-1",
            "txnstatus_request": {
                "reference_id": "s1",
                "txn_type": txn_type,
                "attribute_type": attribute_type,
                "attribute_value": value,
            },
        },
    }


@pytest.mark.parametrize("attribute_type", ["transaction_id", "correlation_id", "reference_id_list"])
def test_txn_status_answers_the_earlier_search(api, dci_client, town, posted, attribute_type) -> None:
    client, token = dci_client
    ack = _search(api, token, town)
    txn = DciTransaction.objects.get(correlation_id=ack["message"]["correlation_id"])
    value = {
        "transaction_id": txn.transaction_id,
        "correlation_id": txn.correlation_id,
        "reference_id_list": ["r1"],
    }[attribute_type]
    posted.clear()
    response = api("txn/status", _status_request(attribute_type, value), token)
    assert response.json()["message"]["ack_status"] == "ACK"
    ((uri, body),) = posted
    assert body["header"]["action"] == "txn-on-status" and body["header"]["status"] == "succ"
    status = body["message"]["txnstatus_response"]
    assert status["txn_type"] == "search"
    assert status["txn_status"]["correlation_id"] == txn.correlation_id
    assert status["txn_status"]["search_response"][0]["status"] == "succ"
    reads = AuditLog.objects.filter(
        actor_username="dci:tsa.balkhash", action="read", person_id=town["head"].pk
    )
    assert reads.count() == 2  # the search, and its answer read again


def test_sync_txn_status_of_an_unknown_transaction_is_rjct(api, dci_client) -> None:
    client, token = dci_client
    response = api("sync/txn/status", _status_request("transaction_id", "nope"), token)
    assert response.status_code == 200
    body = response.json()
    assert body["header"]["action"] == "txn-on-status" and body["header"]["status"] == "rjct"
    assert body["message"]["txnstatus_response"]["txn_status"]["search_response"] == []


def test_txn_status_of_another_clients_transaction_is_not_found(api, dci_client, signed_client, town) -> None:
    client, token = dci_client
    ack = _search(api, token, town)
    txn = DciTransaction.objects.get(correlation_id=ack["message"]["correlation_id"])
    from komek.accounts.policy import system
    from komek.dci.services.clients import client_add

    other, other_token = client_add(actor=system("tests"), name="other", territory="351600000")
    body = _status_request("transaction_id", txn.transaction_id)
    body["header"]["sender_id"] = "other"
    answer = api("sync/txn/status", body, other_token).json()
    assert answer["header"]["status"] == "rjct"


@pytest.mark.parametrize(
    "change",
    [{"txn_type": "payment"}, {"attribute_type": "iin"}, {"attribute_value": []}, {"reference_id": None}],
)
def test_a_bad_txn_status_request_is_err(api, dci_client, change) -> None:
    client, token = dci_client
    body = _status_request("reference_id_list", ["r1"])
    body["message"]["txnstatus_request"].update(change)
    if change.get("reference_id", "") is None:
        del body["message"]["txnstatus_request"]["reference_id"]
    response = api("txn/status", body, token)
    assert response.status_code == 400
    assert response.json()["message"]["error"]["code"] == "err.request.bad"
