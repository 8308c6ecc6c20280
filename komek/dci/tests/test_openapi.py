"""The OpenAPI document of the DCI endpoints: the specification's, with this server's address."""

from __future__ import annotations

import pytest
import yaml
from django.urls import get_resolver

pytestmark = pytest.mark.django_db


def test_the_document_is_public_and_names_this_server(client) -> None:
    response = client.get("/dci/openapi.yaml")
    assert response.status_code == 200
    document = yaml.safe_load(response.content)
    assert document["openapi"] == "3.0.3"
    assert document["servers"][0]["url"] == "http://testserver/dci"
    assert "Apache" in document["info"]["license"]["name"]


def test_the_document_describes_exactly_the_served_endpoints(client) -> None:
    document = yaml.safe_load(client.get("/dci/openapi.yaml").content)
    served = {
        "/" + str(p.pattern)
        for p in get_resolver("komek.dci.urls").url_patterns
        if str(p.pattern).startswith("registry")
    }
    assert set(document["paths"]) == served
    codes = document["components"]["schemas"]["Error"]["properties"]["code"]["enum"]
    assert {"err.request.unauthorized", "err.signature.invalid", "err.sender_uri.invalid"} <= set(codes)
