"""Schemathesis over the published DCI document (/dci/openapi.yaml), bounded: every operation fed
generated valid and invalid messages with a client's token, half of them from the client's own
sender id and some pointed at a known IIN, so they reach the search; each answer must be no server
error and conform to the document (status, content type, body schema). Derandomized, no deadline."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
import yaml
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.test_api_fuzz import connection_kept

MAX_EXAMPLES = 15
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def _aim(body: Any, sender: str, iin: str, n: int) -> None:
    """Half the messages from the client itself; a third of their searches for a known IIN."""
    if not isinstance(body, dict) or not isinstance(body.get("header"), dict) or not n % 2:
        return
    body["header"]["sender_id"] = sender
    body["header"].pop("sender_uri", None)
    body["header"].pop("receiver_id", None)
    requests = body["message"].get("search_request") if isinstance(body.get("message"), dict) else None
    for item in requests if isinstance(requests, list) else []:
        criteria = item.get("search_criteria") if isinstance(item, dict) else None
        if isinstance(criteria, dict) and n % 3 == 1:
            criteria["query_type"] = "idtype-value"
            criteria["query"] = {"type": "IIN", "value": iin}


def _fuzz(
    operation: Any, mode: GenerationMode, token: str, aim: Any, counts: dict[str, int], failures: list[str]
) -> None:
    label = f"{operation.label} [{mode.value}]"

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=MAX_EXAMPLES, derandomize=True, deadline=None, database=None,
        suppress_health_check=list(HealthCheck),
    )  # fmt: skip
    def run(case: Any) -> None:
        counts[label] = counts.get(label, 0) + 1
        aim(case.body, counts[label])
        try:
            case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
        except Exception as exc:  # collected, reported together
            failures.append(f"{label}: {exc}")

    run()


@pytest.mark.django_db
def test_every_dci_operation_answers_as_documented(client, dci_client, town) -> None:
    dci, token = dci_client
    document = yaml.safe_load(client.get("/dci/openapi.yaml").content)
    schema = schemathesis.openapi.from_dict(document)
    schema.app = get_wsgi_application()
    failures: list[str] = []
    counts: dict[str, int] = {}
    iin = town["head"].iin

    def aim(body: Any, n: int) -> None:
        _aim(body, dci.name, iin, n)

    with connection_kept():
        for result in schema.get_all_operations():
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                _fuzz(result.ok(), mode, token, aim, counts, failures)  # type: ignore[union-attr]
    assert len(counts) == 12 and all(counts.values()), counts  # noqa: PLR2004
    assert not failures, "\n\n".join(failures[:5])
