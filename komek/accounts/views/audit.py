"""The audit log: read-only, filterable, paginated. There is no way to edit or delete a row."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from komek.accounts.audit_extract import extract_pdf
from komek.accounts.choices import Capability
from komek.accounts.forms import AuditFilterForm
from komek.accounts.selectors.audit import AuditFilter, audit_search, person_audit_extract
from komek.accounts.web import actor, staff_view
from komek.common.audit import client_ip

PAGE_SIZE = 50


@require_GET
@staff_view(Capability.AUDIT_VIEW)
def audit_list(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    filters = form.to_filter() if form.is_valid() else AuditFilter()
    if form.is_bound and not form.is_valid():
        rows = audit_search(user=actor(request), filters=filters).none()
    else:
        rows = audit_search(user=actor(request), filters=filters)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "accounts/audit_list.html", {"form": form, "page": page, "query": query.urlencode()}
    )


@require_GET
@staff_view(Capability.AUDIT_VIEW)
def person_extract(request: HttpRequest, pk: int) -> HttpResponse:
    """The extract of the audit log about one person as PDF, in the person's language."""
    extract = person_audit_extract(user=actor(request), person_id=pk, ip_address=client_ip(request))
    response = HttpResponse(extract_pdf(extract), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="audit-{pk}.pdf"'
    return response
