"""The JSON endpoints: the e-government portal's signed delivery and status query, and the status
of an application for signed-in staff. OpenAPI document: ``/services/api/schema/``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from komek.applications import selectors
from komek.applications.choices import Language
from komek.applications.models import Application
from komek.applications.services import portal
from komek.common import bounded_json
from komek.common.audit import client_ip
from komek.common.errors import DomainError, NotFound, PermissionDenied, ValidationFailed


class PortalApplicationSerializer(serializers.Serializer):
    external_id = serializers.CharField(
        min_length=1, max_length=64, help_text="The portal's own reference (idempotency key)"
    )
    service = serializers.SlugField(max_length=40, help_text="Service code of the catalogue, e.g. tsa")
    applicant_iin = serializers.RegexField(r"^\d{12}$", help_text="The applicant's IIN (12 digits)")
    documents = serializers.ListField(child=serializers.SlugField(max_length=40), allow_empty=True)
    circumstances = serializers.ListField(child=serializers.SlugField(max_length=40), required=False)
    language = serializers.ChoiceField(choices=Language.values)
    housing_costs = serializers.IntegerField(min_value=0, max_value=10_000_000, required=False, default=0)
    bank_bic = serializers.CharField(max_length=11, required=False, allow_blank=True, default="")
    iban = serializers.CharField(max_length=34, required=False, allow_blank=True, default="")
    submitted_at = serializers.DateTimeField(required=False)


class StatusSerializer(serializers.Serializer):
    number = serializers.CharField()
    service = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    received_at = serializers.DateTimeField()
    due_date = serializers.DateField()
    decision = serializers.CharField(allow_blank=True)
    decided_amount = serializers.IntegerField(allow_null=True)
    period_start = serializers.DateField(allow_null=True)
    period_end = serializers.DateField(allow_null=True)
    refusal_reason = serializers.CharField(allow_blank=True)
    missing_documents = serializers.ListField(child=serializers.CharField())


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    errors = serializers.DictField(required=False)


def status_of(app: Application) -> dict[str, Any]:
    return {
        "number": app.number,
        "service": app.service.code,
        "status": app.status,
        "status_label": str(app.get_status_display()),
        "received_at": timezone.localtime(app.received_at),
        "due_date": app.due_date,
        "decision": app.decision,
        "decided_amount": app.decided_amount,
        "period_start": app.period_start,
        "period_end": app.period_end,
        "refusal_reason": app.refusal_reason.code if app.refusal_reason_id and app.refusal_reason else "",
        "missing_documents": list(app.missing_documents),
    }


def _error(exc: DomainError, http: int) -> Response:
    body: dict[str, Any] = {"code": exc.code, "message": str(exc.message)}
    if isinstance(exc, ValidationFailed):
        body["errors"] = {k: [str(m) for m in v] for k, v in exc.errors.items()}
    elif exc.field:
        body["errors"] = {exc.field: [str(exc.message)]}
    if getattr(exc, "missing", None):
        body["missing"] = exc.missing  # type: ignore[attr-defined]
    return Response(body, status=http)


SIGNATURE = OpenApiParameter(
    portal.SIGNATURE_HEADER,
    str,
    OpenApiParameter.HEADER,
    required=True,
    description="sha256=<hex HMAC-SHA256 of the raw body (of the number, for a status query) "
    "under the channel's secret>",
)


def _turned_away(exc: portal.BadSignature) -> Response:
    """An unsigned or oversize delivery: 401 or 413, or 429 once the client passed its limit."""
    if exc.throttled:
        message = ngettext(
            "Too many refused deliveries from this address: try again in %(seconds)s second.",
            "Too many refused deliveries from this address: try again in %(seconds)s seconds.",
            exc.retry_after,
        ) % {"seconds": exc.retry_after}
        response = Response(
            {"code": "throttled", "message": message}, status=status.HTTP_429_TOO_MANY_REQUESTS
        )
        response["Retry-After"] = str(exc.retry_after)
        return response
    too_large = exc.code == "too_large"
    return _error(
        exc, status.HTTP_413_REQUEST_ENTITY_TOO_LARGE if too_large else status.HTTP_401_UNAUTHORIZED
    )


def _declared_size(request: Request) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


def _parse(body: bytes) -> tuple[Any, dict[str, list[str]] | None]:
    """The signed body as data, or the error of the body: not JSON, or nested too deep (refused
    before parsing, never a RecursionError)."""
    limit = settings.KOMEK_PORTAL_MAX_DEPTH
    try:
        return bounded_json.loads(body, max_depth=limit), None
    except bounded_json.TooDeep:
        message = ngettext(
            "The body nests arrays and objects deeper than %(limit)s level.",
            "The body nests arrays and objects deeper than %(limit)s levels.",
            limit,
        ) % {"limit": limit}
        return None, {"body": [message]}
    except ValueError:
        return None, {"body": [_("The body is not valid JSON.")]}


class PortalApplications(APIView):
    """A delivery of the e-government portal: one application as signed JSON."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]

    @extend_schema(
        request=PortalApplicationSerializer,
        parameters=[SIGNATURE],
        responses={
            201: StatusSerializer, 400: ErrorSerializer, 401: ErrorSerializer, 409: ErrorSerializer,
            413: ErrorSerializer, 415: ErrorSerializer, 429: ErrorSerializer,
        },
    )  # fmt: skip
    def post(self, request: Request) -> Response:
        ip = client_ip(request._request)
        try:
            portal.check_size(_declared_size(request), ip)  # before reading anything
            body = request.body
            portal.check_size(len(body), ip)
            portal.check_signature(body, request.headers.get(portal.SIGNATURE_HEADER, ""), ip)
        except portal.BadSignature as exc:
            return _turned_away(exc)
        if request.content_type.split(";")[0].strip().lower() != "application/json":
            refused = DomainError(
                _("The delivery must be JSON (Content-Type: application/json)."),
                code="unsupported_media_type",
            )
            return _error(refused, status.HTTP_415_UNSUPPORTED_MEDIA_TYPE)
        data, errors = _parse(body)
        serializer = PortalApplicationSerializer(data=data) if errors is None else None
        if serializer is not None and not serializer.is_valid():
            errors = {k: [str(m) for m in v] for k, v in dict(serializer.errors).items()}
        if errors or serializer is None:
            portal.malformed(data, errors or {}, ip)
            refusal = ValidationFailed({k: list(v) for k, v in (errors or {}).items()})
            refusal.code = "malformed"
            return _error(refusal, status.HTTP_400_BAD_REQUEST)
        try:
            # The applicant reads the refusal in the language they chose for their letters.
            with translation.override(serializer.validated_data["language"]):
                app = portal.portal_deliver(
                    body=body, signature="", data=serializer.validated_data, ip_address=ip
                )
        except DomainError as exc:
            conflict = exc.code in ("duplicate", "second_open")
            return _error(exc, status.HTTP_409_CONFLICT if conflict else status.HTTP_400_BAD_REQUEST)
        return Response(StatusSerializer(status_of(app)).data, status=status.HTTP_201_CREATED)


class PortalApplicationStatus(APIView):
    """The status of a portal application, for the portal to show the citizen."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[SIGNATURE],
        responses={200: StatusSerializer, 401: ErrorSerializer, 404: ErrorSerializer, 429: ErrorSerializer},
    )
    def get(self, request: Request, number: str) -> Response:
        ip = client_ip(request._request)
        try:
            portal.check_signature(number.encode(), request.headers.get(portal.SIGNATURE_HEADER, ""), ip)
        except portal.BadSignature as exc:
            return _turned_away(exc)
        app = selectors.case_by_number(number=number)
        if app is None or app.channel != "portal":
            return _error(NotFound(_("No such portal application.")), status.HTTP_404_NOT_FOUND)
        return Response(StatusSerializer(status_of(app)).data)


class ApplicationStatus(APIView):
    """The status of an application for signed-in staff of its territory."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: StatusSerializer, 403: ErrorSerializer, 404: ErrorSerializer})
    def get(self, request: Request, pk: int) -> Response:
        try:
            app = (
                selectors.cases_visible(request.user)
                .select_related("service", "refusal_reason")
                .filter(pk=pk)
                .first()
            )  # type: ignore[arg-type]
        except PermissionDenied as exc:
            return _error(exc, status.HTTP_403_FORBIDDEN)
        if app is None:
            return _error(
                NotFound(_("No such application in your territorial units.")), status.HTTP_404_NOT_FOUND
            )
        return Response(StatusSerializer(status_of(app)).data)
