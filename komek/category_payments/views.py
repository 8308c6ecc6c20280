"""Payment-list pages: the lists, a new list (selected or imported), one list with its rows,
exclusions, additions and corrections, approval. Thin: parse, call one service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from komek.accounts.choices import Capability
from komek.accounts.web import actor, staff_view
from komek.category_payments.forms import AddForm, CorrectForm, ImportForm, ListForm, ReasonForm
from komek.category_payments.selectors import (
    FILTERS,
    category_programmes,
    list_rows,
    payment_list,
    payment_lists,
)
from komek.category_payments.services import (
    ListImportRefused,
    payment_list_approve,
    payment_list_create,
    payment_list_import,
    payment_list_row_add,
    payment_list_row_correct,
    payment_list_row_exclude,
    payment_list_row_include,
)
from komek.common.errors import DomainError, NotFound, PermissionDenied
from komek.common.web import add_domain_error, submit


def _programmes() -> list[tuple[str, str]]:
    return category_programmes(language=(get_language() or "ru")[:2])


@require_http_methods(["GET", "POST"])
@staff_view(Capability.ASSIGNMENT_VIEW)
def list_index(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    form = ListForm(request.POST or None, programmes=_programmes())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, created = submit(
            form,
            lambda: payment_list_create(
                actor=user,
                programme=data["programme"],
                event_date=data["event_date"],
                territory=data["territory"],
            ),
        )
        if ok and created is not None:
            messages.success(request, _("The list is selected from the registry: review it before approval."))
            return redirect("category_payments:list_detail", created.pk)
    lists = list(payment_lists(actor=user)[:200])
    titles = dict(_programmes())
    for found in lists:
        found.title = titles.get(found.programme, found.programme)  # type: ignore[attr-defined]
    return render(
        request,
        "category_payments/list_index.html",
        {"form": form, "lists": lists, "import_form": ImportForm(programmes=_programmes())},
    )


@require_POST
@staff_view(Capability.ASSIGNMENT_VIEW)
def list_import(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    form = ImportForm(request.POST, request.FILES, programmes=_programmes())
    errors = []
    if form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        try:
            created = payment_list_import(
                actor=user,
                programme=data["programme"],
                event_date=data["event_date"],
                territory=data["territory"],
                content=upload.read(),
                file_name=upload.name,
            )
        except ListImportRefused as exc:
            form.add_error(None, str(exc))
            errors = exc.errors
        except (PermissionDenied, NotFound):
            raise
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The list is imported: review it before approval."))
            return redirect("category_payments:list_detail", created.pk)
    return render(request, "category_payments/list_import.html", {"form": form, "errors": errors}, status=400)


def _detail(
    request: HttpRequest, pk: int, *, add_form: AddForm | None = None, status: int = 200
) -> HttpResponse:
    user = actor(request)
    found = payment_list(actor=user, list_id=pk)
    show = request.GET.get("show", "")
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError:
        page = 1
    rows = list_rows(
        actor=user,
        payment_list=found,
        show=show if show in FILTERS else "",
        iin=request.GET.get("iin", ""),
        page=page,
    )
    return render(
        request,
        "category_payments/list_detail.html",
        {
            "pl": found,
            "rows": rows,
            "show": show,
            "iin": request.GET.get("iin", ""),
            "title": dict(_programmes()).get(found.programme, found.programme),
            "add_form": add_form or AddForm(),
            "filters": FILTERS,
        },
        status=status,
    )


@require_http_methods(["GET"])
@staff_view(Capability.ASSIGNMENT_VIEW)
def list_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, pk)


@require_POST
@staff_view(Capability.ASSIGNMENT_VIEW)
def row_add(request: HttpRequest, pk: int) -> HttpResponse:
    form = AddForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        ok, _row = submit(
            form,
            lambda: payment_list_row_add(
                actor=actor(request),
                list_id=pk,
                iin=data["iin"],
                reason=data["reason"],
                amount=data["amount"],
                iban=data["iban"],
            ),
        )
        if ok:
            messages.success(request, _("The person is added to the list."))
            return redirect("category_payments:list_detail", pk)
    return _detail(request, pk, add_form=form, status=400)


@require_POST
@staff_view(Capability.ASSIGNMENT_VIEW)
def row_change(request: HttpRequest, pk: int, row: int, change: str) -> HttpResponse:
    user = actor(request)
    form: ReasonForm = CorrectForm(request.POST) if change == "correct" else ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for the change."))
        return redirect("category_payments:list_detail", pk)
    data = form.cleaned_data
    try:
        if change == "exclude":
            payment_list_row_exclude(actor=user, list_id=pk, row_id=row, reason=data["reason"])
        elif change == "include":
            payment_list_row_include(actor=user, list_id=pk, row_id=row, reason=data["reason"])
        elif change == "correct":
            payment_list_row_correct(
                actor=user,
                list_id=pk,
                row_id=row,
                reason=data["reason"],
                amount=data.get("amount"),
                iban=data.get("iban") or "",
            )
        else:
            return HttpResponse(status=404)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The list is changed."))
    return redirect("category_payments:list_detail", pk)


@require_POST
@staff_view(Capability.PAYROLL_APPROVE)
def list_approve(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        payment_list_approve(actor=actor(request), list_id=pk)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The list is approved: the month's payroll pays each person once."))
    return redirect("category_payments:list_detail", pk)
