"""The published OpenAPI document and the API's errors, in one shape.

* The document is generated once, under a lock, when the server starts (``komek/wsgi.py``) or at
  the first request, and then served from memory: concurrent first requests on a fresh server used
  to generate it side by side and answer 500.
* Every error of the API is JSON ``{"code", "message"}`` (:class:`~komek.applications.api.ErrorSerializer`):
  DRF's own refusals (unsupported media type, method not allowed, not found) through
  :func:`exception_handler`, and a URL under the API that matches no route through
  :func:`not_found` (the project's ``handler404``), instead of an HTML page.
* The document says so: :func:`document_errors` adds the 404 and 415 answers to every operation
  that can give them.
"""

from __future__ import annotations

import threading
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.defaults import page_not_found
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.views import SpectacularAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

API_PREFIXES = ("/services/api/", "/services/portal/")
ERROR_REF = {"$ref": "#/components/schemas/Error"}

_lock = threading.Lock()
_published: dict[str, Any] = {}


def published_schema() -> dict[str, Any]:
    """The OpenAPI document, generated once per process."""
    with _lock:
        if "schema" not in _published:
            _published["schema"] = SchemaGenerator().get_schema(request=None, public=True)
        return _published["schema"]


class SchemaView(SpectacularAPIView):
    """``/services/api/schema/``: the document generated at start-up."""

    def _get_schema_response(self, request: Request) -> Response:
        return Response(
            data=published_schema(),
            headers={"Content-Disposition": f'inline; filename="{self._get_filename(request, None)}"'},
        )


def _error_answer(description: str) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": ERROR_REF}}, "description": description}


def document_errors(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """drf-spectacular post-processing hook: every operation may answer 404 (a URL of the API that
    names nothing) and every operation that takes a body 415 (a body that is not JSON), both as
    an Error."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            responses.setdefault("404", _error_answer("Not found"))
            if "requestBody" in operation:
                responses.setdefault("415", _error_answer("Unsupported media type: send application/json"))
    return result


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's refusals in the API's own error shape ``{"code", "message"}``."""
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, dict) and "detail" in response.data:
        detail = response.data["detail"]
        response.data = {"code": str(getattr(detail, "code", "error")), "message": str(detail)}
    return response


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The project's 404: JSON under the API, the usual page everywhere else."""
    if request.path.startswith(API_PREFIXES):
        return JsonResponse({"code": "not_found", "message": _("Not found.")}, status=404)
    return page_not_found(request, exception)
