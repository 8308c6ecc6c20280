"""POST /dci/registry/sync/search: the envelope, every query type, pagination, territory, audit."""

from __future__ import annotations

import json
from typing import Any

import pytest

from komek.common.models import AuditLog
from komek.dci.models import DciTransaction
from komek.dci.tests.conftest import by_iin, envelope, header, search_item

pytestmark = pytest.mark.django_db


def _iins(item: dict[str, Any]) -> list[str]:
    records = item["data"]["reg_records"]
    return [r["member_identifier"][0]["identifier_value"] for r in records]


def test_search_by_iin_answers_the_member_in_the_callback_envelope(api, dci_client, town) -> None:
    client, token = dci_client
    head = town["head"]
    response = api("sync/search", envelope([by_iin(head.iin)]), token)
    assert response.status_code == 200
    body = response.json()
    assert body["header"]["action"] == "on-search"
    assert body["header"]["status"] == "succ"
    assert body["header"]["sender_id"] == "komek" and body["header"]["receiver_id"] == "tsa.balkhash"
    assert {"message_id", "message_ts", "total_count", "completed_count"} <= set(body["header"])
    message = body["message"]
    assert message["correlation_id"] and message["transaction_id"]
    (item,) = message["search_response"]
    assert item["reference_id"] == "r1" and item["status"] == "succ"
    assert item["data"]["reg_record_type"] == "Member"
    (record,) = item["data"]["reg_records"]
    assert record["member_identifier"] == [
        {"@type": "Identifier", "identifier_type": "IIN", "identifier_value": head.iin}
    ]
    assert record["demographic_info"]["name"]["surname"] == "Ахметов"
    assert record["demographic_info"]["birth_date"] == "1985-03-14"
    assert record["relationship_head"] == "head"
    assert record["group_identifier"][0]["identifier_value"] == str(town["family"].pk)
    assert item["pagination"] == {"page_size": 100, "page_number": 1, "total_count": 1}


def test_every_answer_is_audited_as_a_read_by_the_client(api, dci_client, town) -> None:
    client, token = dci_client
    api("sync/search", envelope([by_iin(town["head"].iin)]), token)
    row = AuditLog.objects.filter(actor_username="dci:tsa.balkhash", action="read").get()
    assert row.changes["persons"] == [town["head"].pk]
    assert row.person_id == town["head"].pk
    assert row.object_type == "dci.dcitransaction"
    assert row.territory.startswith("3516")


def test_group_by_iin_answers_the_family_head_first(api, dci_client, town) -> None:
    client, token = dci_client
    body = api("sync/search", envelope([by_iin(town["child"].iin, reg_record_type="Group")]), token).json()
    (item,) = body["message"]["search_response"]
    (group,) = item["data"]["reg_records"]
    assert item["data"]["reg_record_type"] == "Group"
    assert group["group_type"] == "family" and group["group_size"] == 3
    assert group["group_head_info"]["member_identifier"][0]["identifier_value"] == town["head"].iin
    assert [m["relationship_head"] for m in group["member_list"]] == ["head", "spouse", "child"]
    row = AuditLog.objects.filter(actor_username="dci:tsa.balkhash", action="read").get()
    assert row.changes["persons"] == sorted(p.pk for p in (town["head"], town["wife"], town["child"]))


def test_family_by_its_identifier(api, dci_client, town) -> None:
    client, token = dci_client
    query = {"type": "FamilyID", "value": str(town["family"].pk)}
    body = api(
        "sync/search", envelope([search_item("idtype-value", query, response_entity="Group")]), token
    ).json()
    assert body["message"]["search_response"][0]["data"]["reg_records"][0]["group_size"] == 3


def test_expression_over_members(api, dci_client, town) -> None:
    client, token = dci_client
    query = {
        "type": "ns:org:QueryType:expression",
        "value": {
            "expression": {
                "collection": "Member",
                "query": {
                    "$and": [{"birth_date": {"$lt": "1990-01-01"}}, {"location": {"$eq": "351610000"}}]
                },
            }
        },
    }
    body = api(
        "sync/search",
        envelope(
            [search_item("expression", query, sort=[{"attribute_name": "birth_date", "sort_order": "asc"}])]
        ),
        token,
    ).json()
    item = body["message"]["search_response"][0]
    assert item["status"] == "succ"
    assert _iins(item) == [town["head"].iin, town["wife"].iin]


def test_expression_over_groups_by_size(api, dci_client, town) -> None:
    client, token = dci_client
    query = {"value": {"expression": {"collection": "Group", "query": {"group_size": {"$gte": 3}}}}}
    body = api(
        "sync/search", envelope([search_item("expression", query, reg_record_type="Group")]), token
    ).json()
    item = body["message"]["search_response"][0]
    assert item["pagination"]["total_count"] == 1


def test_predicate_with_conditions(api, dci_client, town) -> None:
    client, token = dci_client
    query = [
        {
            "seq_num": 1,
            "expression1": {"attribute_name": "sex", "operator": "eq", "attribute_value": "male"},
            "condition": "and",
            "expression2": {"attribute_name": "age", "operator": "ge", "attribute_value": 18},
        },
        {
            "seq_num": 2,
            "expression1": {
                "attribute_name": "location",
                "operator": "in",
                "attribute_value": ["351610000", "351633100"],
            },
        },
    ]
    body = api(
        "sync/search",
        envelope([search_item("predicate", query, sort=[{"attribute_name": "iin", "sort_order": "desc"}])]),
        token,
    ).json()
    item = body["message"]["search_response"][0]
    assert sorted(_iins(item)) == sorted([town["head"].iin, town["elder"].iin])
    assert _iins(item) == sorted(_iins(item), reverse=True)


def test_pagination_pages_through_the_results(api, dci_client, town) -> None:
    client, token = dci_client
    query = [{"expression1": {"attribute_name": "location", "operator": "eq", "attribute_value": "3516"}}]
    seen = []
    for page in (1, 2, 3):
        item = api(
            "sync/search",
            envelope([search_item("predicate", query, pagination={"page_size": 2, "page_number": page})]),
            token,
        ).json()["message"]["search_response"][0]
        assert item["pagination"] == {"page_size": 2, "page_number": page, "total_count": 4}
        seen += _iins(item)
    assert len(seen) == 4 and len(set(seen)) == 4


@pytest.mark.parametrize(
    "pagination",
    [
        {"page_size": 0},
        {"page_size": 1001},
        {"page_size": "ten"},
        {"page_size": 5, "page_number": 0},
        {"page_number": 1},
        5,
    ],
)
def test_page_size_out_of_range_is_rejected(api, dci_client, town, pagination) -> None:
    client, token = dci_client
    item = api("sync/search", envelope([by_iin(town["head"].iin, pagination=pagination)]), token).json()[
        "message"
    ]["search_response"][0]
    assert item["status"] == "rjct"
    assert item["status_reason_code"] == "rjct.pagination.invalid"
    assert "data" not in item


def test_unknown_query_type_is_rejected_and_audited(api, dci_client, town) -> None:
    client, token = dci_client
    body = api("sync/search", envelope([search_item("graphql", {"type": "x", "value": {}})]), token).json()
    item = body["message"]["search_response"][0]
    assert item["status"] == "rjct" and item["status_reason_code"] == "rjct.search_criteria.invalid"
    assert body["header"]["status"] == "rjct"
    assert AuditLog.objects.filter(actor_username="dci:tsa.balkhash", action="refuse").count() == 1


@pytest.mark.parametrize(
    ("query_type", "query", "code"),
    [
        ("idtype-value", {"type": "IIN", "value": "123"}, "rjct.search_criteria.invalid"),
        ("idtype-value", {"type": "PASSPORT", "value": "N123"}, "rjct.search_criteria.invalid"),
        (
            "expression",
            {"value": {"expression": {"query": {"poverty_score": {"$lt": 5}}}}},
            "rjct.filter.invalid",
        ),
        ("expression", {"value": {"expression": {"query": {"age": {"$regex": "x"}}}}}, "rjct.filter.invalid"),
        (
            "predicate",
            [{"expression1": {"attribute_name": "age", "operator": "like", "attribute_value": 3}}],
            "rjct.filter.invalid",
        ),
        ("predicate", {"not": "a list"}, "rjct.search_criteria.invalid"),
    ],
)
def test_bad_queries_are_rejected_with_the_spec_codes(api, dci_client, town, query_type, query, code) -> None:
    client, token = dci_client
    item = api("sync/search", envelope([search_item(query_type, query)]), token).json()["message"][
        "search_response"
    ][0]
    assert (item["status"], item["status_reason_code"]) == ("rjct", code)


def test_bad_sort_and_reference_and_timestamp(api, dci_client, town) -> None:
    client, token = dci_client
    good = by_iin(town["head"].iin, ref="a")
    bad_sort = by_iin(town["head"].iin, ref="b", sort=[{"attribute_name": "poverty_score"}])
    duplicate = by_iin(town["head"].iin, ref="a")
    no_ts = {**by_iin(town["head"].iin, ref="c"), "timestamp": "yesterday"}
    no_ref = {**by_iin(town["head"].iin), "reference_id": ""}
    items = api("sync/search", envelope([good, bad_sort, duplicate, no_ts, no_ref]), token).json()["message"][
        "search_response"
    ]
    assert [i["status"] for i in items] == ["succ", "rjct", "rjct", "rjct", "rjct"]
    assert [i.get("status_reason_code") for i in items[1:]] == [
        "rjct.sort.invalid",
        "rjct.reference_id.duplicate",
        "rjct.timestamp.invalid",
        "rjct.reference_id.invalid",
    ]


def test_an_iin_outside_the_territory_is_refused_and_nothing_is_shown(
    api, dci_client, town, almaty_person
) -> None:
    client, token = dci_client
    body = api("sync/search", envelope([by_iin(almaty_person.iin)]), token).json()
    item = body["message"]["search_response"][0]
    assert item["status"] == "rjct" and item["status_reason_code"] == "rjct.search_criteria.invalid"
    assert "outside the territory" in item["status_reason_message"]
    assert not AuditLog.objects.filter(
        actor_username="dci:tsa.balkhash", action="read", person_id=almaty_person.pk
    )
    assert AuditLog.objects.filter(actor_username="dci:tsa.balkhash", action="refuse").exists()


def test_searches_never_leave_the_territory(api, dci_client, town, almaty_person) -> None:
    client, token = dci_client
    query = [{"expression1": {"attribute_name": "age", "operator": "ge", "attribute_value": 0}}]
    item = api("sync/search", envelope([search_item("predicate", query)]), token).json()["message"][
        "search_response"
    ][0]
    assert almaty_person.iin not in _iins(item)
    assert item["pagination"]["total_count"] == 4


def test_an_unknown_iin_is_an_empty_success(api, dci_client, town) -> None:
    import datetime as dt

    from conftest import new_iin

    client, token = dci_client
    item = api("sync/search", envelope([by_iin(new_iin(dt.date(1970, 1, 1), "male"))]), token).json()[
        "message"
    ]["search_response"][0]
    assert item["status"] == "succ" and item["data"]["reg_records"] == []


# --- the envelope and authentication -------------------------------------------------------------


def test_no_token_is_401_unauthorized(api, dci_client, town) -> None:
    response = api("sync/search", envelope([by_iin(town["head"].iin)]), None)
    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "err.request.unauthorized"
    response = api("sync/search", envelope([by_iin(town["head"].iin)]), "wrong-token")
    assert response.status_code == 401
    assert AuditLog.objects.filter(actor_username="system:dci", action="refuse").exists()
    assert not DciTransaction.objects.exists()


def test_the_token_is_stored_only_as_its_hash(dci_client) -> None:
    client, token = dci_client
    assert token not in client.token_hash and len(client.token_hash) == 64


@pytest.mark.parametrize(
    ("change", "status", "code", "reason"),
    [
        ({"action": "subscribe"}, 400, "err.request.bad", "rjct.action.invalid"),
        ({"message_ts": "now"}, 400, "err.request.bad", "rjct.message_ts.invalid"),
        ({"version": "0.9"}, 400, "err.version.not_supported", "rjct.version.invalid"),
        ({"total_count": -1}, 400, "err.request.bad", "rjct.total_count.invalid"),
        ({"sender_id": "someone.else"}, 403, "err.sender_id.invalid", None),
        ({"receiver_id": "crvs"}, 400, "err.receiver_id.invalid", None),
        ({"is_msg_encrypted": True}, 400, "err.encryption.invalid", None),
    ],
)
def test_a_wrong_header_is_refused_whole(api, dci_client, town, change, status, code, reason) -> None:
    client, token = dci_client
    body = envelope([by_iin(town["head"].iin)])
    body["header"].update(change)
    response = api("sync/search", body, token)
    assert response.status_code == status
    answer = response.json()
    assert answer["errors"][0]["code"] == code
    assert answer["header"]["status"] == "rjct" and answer["header"]["action"] == "on-search"
    assert answer["header"].get("status_reason_code") == reason
    assert not DciTransaction.objects.exists()
    assert not AuditLog.objects.filter(action="read", actor_username="dci:tsa.balkhash").exists()
    assert AuditLog.objects.filter(action="refuse", actor_username="dci:tsa.balkhash").count() == 1


@pytest.mark.parametrize(
    "raw",
    [b"not json", b"[]", b'{"header": {}}', json.dumps({"header": header()}).encode()],
    ids=["not json", "a list", "an empty header", "a header without a message"],
)
def test_a_body_that_is_not_an_envelope_is_bad(api, dci_client, raw) -> None:
    client, token = dci_client
    response = api("sync/search", None, token, raw=raw)
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "err.request.bad"


def test_a_message_without_requests_is_bad(api, dci_client) -> None:
    client, token = dci_client
    response = api("sync/search", envelope([]), token)
    assert response.status_code == 400


def test_get_is_not_allowed(client, dci_client) -> None:
    assert client.get("/dci/registry/sync/search").status_code == 405


def test_nul_characters_and_encrypted_messages_are_refused(api, dci_client, town) -> None:
    client, token = dci_client
    nul = envelope([by_iin(town["head"].iin, ref="a\u0000b")])
    assert api("sync/search", nul, token).json()["errors"][0]["code"] == "err.request.bad"
    encrypted = {
        "header": header(),
        "message": {
            "header": {"alg": "RSA-OAEP", "enc": "A256GCM", "kid": "k"},
            "ciphertext": "x",
            "encrypted_key": "y",
            "tag": "z",
            "iv": "w",
        },
    }
    response = api("sync/search", encrypted, token)
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "err.encryption.invalid"


def test_a_page_size_beyond_any_number_is_rejected(api, dci_client, town) -> None:
    client, token = dci_client
    raw = json.dumps(envelope([by_iin(town["head"].iin, pagination={"page_size": 7})])).replace(
        '"page_size": 7', '"page_size": 1e400'
    )
    response = api("sync/search", None, token, raw=raw.encode())
    assert response.status_code == 400  # not a finite number: the whole body is refused


def test_a_huge_family_identifier_is_rejected_not_a_server_error(api, dci_client, town) -> None:
    client, token = dci_client
    query = {"type": "FamilyID", "value": "9" * 30}
    item = api(
        "sync/search", envelope([search_item("idtype-value", query, reg_record_type="Group")]), token
    ).json()["message"]["search_response"][0]
    assert item["status"] == "rjct"


def test_unauthorized_names_the_bearer_scheme(api, dci_client) -> None:
    assert api("sync/search", envelope([]), None)["WWW-Authenticate"].startswith("Bearer")


def test_a_message_too_large_is_bad(api, dci_client, settings) -> None:
    client, token = dci_client
    settings.KOMEK_DCI_MAX_BODY_BYTES = 100
    response = api("sync/search", envelope([by_iin("850314300123")]), token)
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == "The message is too large."
