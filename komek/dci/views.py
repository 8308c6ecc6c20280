"""The DCI endpoints under ``/dci/``: thin — the token, the body, the signature and the header are
checked here, in that order; the rest is the services'. Every refusal is audited and answered in
the specification's own codes (ADR 0032)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from komek.common import bounded_json
from komek.common.audit import client_ip
from komek.dci import auth, protocol, signature
from komek.dci.models import DciClient
from komek.dci.protocol import Envelope, Refused
from komek.dci.services import messages, subscriptions

logger = logging.getLogger(__name__)
Handler = Callable[[DciClient, Envelope], dict[str, Any]]
OPENAPI = Path(__file__).parent / "openapi" / "dci_social_registry.yaml"


def _envelope(request: HttpRequest, client: DciClient) -> Envelope:
    declared = request.META.get("CONTENT_LENGTH") or "0"
    if declared.isdigit() and int(declared) > settings.KOMEK_DCI_MAX_BODY_BYTES:
        raise Refused(400, protocol.ERR_BAD, "The message is too large.")
    try:
        body = request.body
    except RequestDataTooBig:
        raise Refused(400, protocol.ERR_BAD, "The message is too large.") from None
    if len(body) > settings.KOMEK_DCI_MAX_BODY_BYTES:
        raise Refused(400, protocol.ERR_BAD, "The message is too large.")
    try:
        data = bounded_json.loads(body, max_depth=settings.KOMEK_DCI_MAX_DEPTH)
    except ValueError:
        raise Refused(400, protocol.ERR_BAD, "The body is not valid JSON (or nests too deep).") from None
    env = protocol.envelope_of(data)
    if client.public_key:
        if not env.signature:
            raise Refused(401, protocol.ERR_SIGNATURE_MISSING, "This client's messages must be signed.")
        try:
            signature.verify(
                env.signature,
                public_key=client.public_key,
                sender_id=client.name,
                header=env.header,
                message=env.message,
            )
        except signature.BadSignature as exc:
            raise Refused(401, protocol.ERR_SIGNATURE_INVALID, f"Bad signature: {exc}.") from None
    return env


def _answer(request: HttpRequest, action: str, handler: Handler, *, sync_action: str = "") -> HttpResponse:
    ip = client_ip(request)
    client = None
    message_id = ""
    try:
        client = auth.client_for(request.headers.get("Authorization", ""))
        if client is None:
            raise Refused(
                401, protocol.ERR_UNAUTHORIZED, "A valid bearer token of a registered client is required."
            )
        env = _envelope(request, client)
        message_id = env.message_id
        protocol.check_header(env.header, action)
        if env.sender_id != client.name:
            raise Refused(
                403, protocol.ERR_SENDER_ID, "The header's sender_id is not the client of the token."
            )
        body = handler(client, env)
    except Refused as exc:
        messages.refused(client=client, exc=exc, ip=ip, message_id=message_id)
        return _refusal(exc, sync_action, client)
    except Exception:  # the specification's 500: an HTTP error body, never a page of HTML
        logger.exception("DCI %s failed", action)
        failed = Refused(500, protocol.ERR_UNAVAILABLE, "The registry could not answer; try again later.")
        return _refusal(failed, sync_action, client)
    return JsonResponse(body, status=200)


def _refusal(exc: Refused, sync_action: str, client: DciClient | None) -> HttpResponse:
    body = protocol.refusal_body(exc, sync_action=sync_action, to=client.name if client else "")
    response = JsonResponse(body, status=exc.http)
    if exc.http == 401:  # noqa: PLR2004
        response["WWW-Authenticate"] = 'Bearer realm="dci"'
    return response


def _ip(request: HttpRequest) -> str | None:
    return client_ip(request)


@csrf_exempt
@require_POST
def sync_search(request: HttpRequest) -> HttpResponse:
    return _answer(
        request,
        "search",
        lambda c, e: messages.search(c, e, ip=_ip(request), sync=True),
        sync_action="on-search",
    )


@csrf_exempt
@require_POST
def search(request: HttpRequest) -> HttpResponse:
    return _answer(request, "search", lambda c, e: messages.search(c, e, ip=_ip(request), sync=False))


@csrf_exempt
@require_POST
def txn_status(request: HttpRequest) -> HttpResponse:
    return _answer(request, "txn-status", lambda c, e: messages.txn_status(c, e, ip=_ip(request), sync=False))


@csrf_exempt
@require_POST
def sync_txn_status(request: HttpRequest) -> HttpResponse:
    return _answer(
        request,
        "txn-status",
        lambda c, e: messages.txn_status(c, e, ip=_ip(request), sync=True),
        sync_action="txn-on-status",
    )


@csrf_exempt
@require_POST
def subscribe(request: HttpRequest) -> HttpResponse:
    return _answer(request, "subscribe", lambda c, e: subscriptions.subscribe(c, e, ip=_ip(request)))


@csrf_exempt
@require_POST
def unsubscribe(request: HttpRequest) -> HttpResponse:
    return _answer(request, "unsubscribe", lambda c, e: subscriptions.unsubscribe(c, e, ip=_ip(request)))


@require_GET
def openapi(request: HttpRequest) -> HttpResponse:
    """The OpenAPI document of these endpoints: the specification's, with this server's address."""
    document = yaml.safe_load(OPENAPI.read_text(encoding="utf-8"))
    document["servers"] = [{"url": request.build_absolute_uri("/dci"), "description": "This registry"}]
    return HttpResponse(
        yaml.safe_dump(document, sort_keys=False, allow_unicode=True),
        content_type="application/yaml; charset=utf-8",
    )
