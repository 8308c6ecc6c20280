"""Attaching documents to persons and families, and downloading them."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from komek.accounts.choices import Capability
from komek.accounts.web import actor, staff_view
from komek.common.web import submit
from komek.registry.filenames import download_name
from komek.registry.forms import DocumentForm
from komek.registry.selectors import document_for_download
from komek.registry.services.documents import document_attach
from komek.registry.views._lookup import visible_family, visible_person


def _max_mb() -> int:
    return int(settings.KOMEK_DOCUMENT_MAX_BYTES // (1024 * 1024))


@require_http_methods(["GET", "POST"])
@staff_view(Capability.DOCUMENT_ADD)
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = visible_person(actor(request), pk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        ok, _doc = submit(
            form,
            lambda: document_attach(
                actor=actor(request),
                person=person,
                upload=form.cleaned_data["file"],
                doc_type=form.cleaned_data["doc_type"],
            ),
        )
        if ok:
            messages.success(request, _("The document is attached."))
            return redirect("registry:person_detail", pk=person.pk)
    return render(
        request, "registry/document_form.html", {"form": form, "person": person, "max_mb": _max_mb()}
    )


@require_http_methods(["GET", "POST"])
@staff_view(Capability.DOCUMENT_ADD)
def family_document_add(request: HttpRequest, pk: int) -> HttpResponse:
    family = visible_family(actor(request), pk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        ok, _doc = submit(
            form,
            lambda: document_attach(
                actor=actor(request),
                family=family,
                upload=form.cleaned_data["file"],
                doc_type=form.cleaned_data["doc_type"],
            ),
        )
        if ok:
            messages.success(request, _("The document is attached."))
            return redirect("registry:family_detail", pk=family.pk)
    return render(
        request, "registry/document_form.html", {"form": form, "family": family, "max_mb": _max_mb()}
    )


@require_GET
@staff_view(Capability.DOCUMENT_VIEW)
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    doc = document_for_download(user=actor(request), document_id=pk)
    try:
        handle = doc.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("The file of this document is missing from the document store.")) from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=download_name(doc.original_name, doc.extension),
        content_type=doc.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
