"""Proactive support pages: the worklist (filters, pages, the figures per programme, a scan), an
item's page (the explanation in words, offer, dismiss, the consent received) and the outbox. Thin:
parse, call one service or selector, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.accounts.web import actor, staff_view
from komek.common import audit
from komek.common.errors import DomainError
from komek.common.periods import month_of
from komek.common.web import submit
from komek.jobs.services import job_enqueue
from komek.legislation.selectors import family_entitlements
from komek.proactive.forms import ConsentForm, DismissForm, ListFilter, OfferForm, ScanForm
from komek.proactive.selectors import (
    figures,
    item_assignment,
    item_get,
    item_list,
    item_notices,
    last_scans,
    outbox,
    programmes_listed,
)
from komek.proactive.services import item_consent, item_dismiss, item_offer, proactive_scan
from komek.proactive.services.worklist import is_expired, programme_about

PAGE_SIZE = 50


def _language() -> str:
    return (get_language() or "ru")[:2]


def _title(code: str) -> str:
    titles, _service = programme_about(code)
    return titles.get(_language()) or titles.get("ru") or code


def _worklist_page(request: HttpRequest, scan_form: ScanForm) -> HttpResponse:
    user = actor(request)
    codes = programmes_listed(user)
    titles = {code: _title(code) for code in codes}
    filters = ListFilter(request.GET or None, actor=user, programmes=list(titles.items()))
    data = filters.cleaned_data if filters.is_valid() else {}
    chosen = {k: data.get(k, "") for k in ("programme", "kind", "status", "kato")}
    rows = figures(actor=user, programme=chosen["programme"], kato=chosen["kato"])
    for row in rows:
        row.title = titles.get(row.programme, row.programme)
    sees_persons = policy.can(user, Capability.PERSON_VIEW)
    page = None
    if sees_persons:
        page = Paginator(item_list(actor=user, **chosen), PAGE_SIZE).get_page(request.GET.get("page"))
        for item in page:
            item.title = titles.get(item.programme, item.programme)  # type: ignore[attr-defined]
            item.expired = is_expired(item)  # type: ignore[attr-defined]
        shown = [i.contact_id for i in page]
        if shown:
            audit.read(
                actor=user, object_type="proactive.worklist", persons=shown,
                ip_address=audit.client_ip(request),
                territory=audit.common_territory(i.kato_code for i in page),
            )  # fmt: skip
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filters": filters, "figures": rows, "page": page, "query": query.urlencode(), "scan_form": scan_form,
        "scans": last_scans(actor=user), "sees_persons": sees_persons,
    }  # fmt: skip
    return render(request, "proactive/worklist.html", context, status=400 if scan_form.errors else 200)


@require_GET
@staff_view(Capability.PROACTIVE_VIEW)
def worklist(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return _worklist_page(request, ScanForm(actor=actor(request), initial={"month": f"{today:%Y-%m}"}))


@require_POST
@staff_view(Capability.PROACTIVE_MANAGE)
def scan_view(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    form = ScanForm(request.POST, actor=user)
    if form.is_valid():
        try:
            month = month_of(form.cleaned_data["month"])
        except ValueError:
            form.add_error("month", _("Enter a month as YYYY-MM."))
        else:
            ok, done = submit(
                form, lambda: proactive_scan(actor=user, kato=form.cleaned_data["kato"], month=month),
                aliases={"territory": "kato"},
            )  # fmt: skip
            if ok and done is not None:
                totals = done.as_dict(_language())["totals"]
                messages.success(
                    request,
                    _("The scan found %(candidates)d entitled and %(lost)d no longer eligible.")
                    % {"candidates": totals["candidates"], "lost": totals["not_eligible"]},
                )
                return redirect("proactive:worklist")
    return _worklist_page(request, form)


@require_POST
@staff_view(Capability.PROACTIVE_MANAGE)
def scan_background(request: HttpRequest) -> HttpResponse:
    """The scan queued as a background job, one part per district; its page follows the progress."""
    user = actor(request)
    form = ScanForm(request.POST, actor=user)
    if form.is_valid():
        kato = form.cleaned_data["kato"]
        ok, job = submit(
            form,
            lambda: job_enqueue(
                actor=user, kind="proactive.scan", territory=kato,
                parameters={"territory": kato, "month": form.cleaned_data["month"]},
            ),
            aliases={"territory": "kato"},
        )  # fmt: skip
        if ok and job is not None:
            messages.success(request, _("The scan is queued; this page follows it."))
            return redirect("jobs:job_detail", job.pk)
    return _worklist_page(request, form)


def _explanation(request: HttpRequest, item: Any) -> tuple[list[dict[str, Any]], str]:
    """The engine's explanation of the item's programme for its family, in words (audited as the
    read of the family's entitlements)."""
    user = actor(request)
    if not item.family_id or not policy.can(user, Capability.RULES_VIEW):
        return [], ""
    try:
        found = family_entitlements(
            user=user, family_id=item.family_id, on=item.month, language=_language(),
            ip_address=audit.client_ip(request),
        )  # fmt: skip
    except DomainError as exc:
        return [], str(exc.message)
    if item.programme in found.errors:
        return [], found.errors[item.programme]
    steps = (found.result.get("programmes", {}).get(item.programme) or {}).get("explanation") or []
    if item.person_id and item.person:
        steps = [s for s in steps if s.get("person") in (None, item.person.full_name)]
    return [s for s in steps if s.get("step") in ("condition", "amount")], ""


def _item_page(request: HttpRequest, pk: int, **forms: Any) -> HttpResponse:
    user = actor(request)
    item = item_get(actor=user, item_id=pk)
    audit.read(
        actor=user, obj=item, persons=[item.contact_id, item.person_id], territory=item.kato_code,
        ip_address=audit.client_ip(request),
    )  # fmt: skip
    steps, problem = _explanation(request, item)
    context = {
        "item": item,
        "title": _title(item.programme),
        "expired": is_expired(item),
        "steps": steps,
        "problem": problem,
        "assignment": item_assignment(item),
        "notices": item_notices(item),
        "offer_form": forms.get("offer_form") or OfferForm(),
        "dismiss_form": forms.get("dismiss_form") or DismissForm(),
        "consent_form": forms.get("consent_form") or ConsentForm(),
        "can_manage": policy.can(user, Capability.PROACTIVE_MANAGE),
    }
    failed = any(f.errors for f in forms.values())
    return render(request, "proactive/item.html", context, status=400 if failed else 200)


@require_GET
@staff_view(Capability.PROACTIVE_VIEW)
def item_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _item_page(request, pk)


@require_POST
@staff_view(Capability.PROACTIVE_MANAGE)
def offer_view(request: HttpRequest, pk: int) -> HttpResponse:
    form = OfferForm(request.POST)
    if form.is_valid():
        ok, _done = submit(
            form,
            lambda: item_offer(
                actor=actor(request), item_id=pk, expires=form.cleaned_data["expires"],
                ip_address=audit.client_ip(request),
            ),
        )  # fmt: skip
        if ok:
            messages.success(request, _("The offer is sent."))
            return redirect("proactive:item", pk)
    return _item_page(request, pk, offer_form=form)


@require_POST
@staff_view(Capability.PROACTIVE_MANAGE)
def dismiss_view(request: HttpRequest, pk: int) -> HttpResponse:
    form = DismissForm(request.POST)
    if form.is_valid():
        ok, _done = submit(
            form,
            lambda: item_dismiss(
                actor=actor(request), item_id=pk, reason=form.cleaned_data["reason"],
                ip_address=audit.client_ip(request),
            ),
        )  # fmt: skip
        if ok:
            messages.success(request, _("The item is dismissed."))
            return redirect("proactive:item", pk)
    return _item_page(request, pk, dismiss_form=form)


@require_POST
@staff_view(Capability.PROACTIVE_MANAGE)
def consent_view(request: HttpRequest, pk: int) -> HttpResponse:
    form = ConsentForm(request.POST)
    if form.is_valid():
        ok, _done = submit(
            form, lambda: item_consent(actor=actor(request), item_id=pk, ip_address=audit.client_ip(request))
        )
        if ok:
            messages.success(request, _("The consent is recorded and the application is opened."))
            return redirect("proactive:item", pk)
    return _item_page(request, pk, consent_form=form)


@require_GET
@staff_view(Capability.PROACTIVE_VIEW)
def outbox_page(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    page = Paginator(outbox(actor=user), PAGE_SIZE).get_page(request.GET.get("page"))
    if page.object_list:
        audit.read(
            actor=user, object_type="proactive.outbox", persons=[n.person_id for n in page],
            territory=audit.common_territory(n.kato_code for n in page), ip_address=audit.client_ip(request),
        )  # fmt: skip
    return render(request, "proactive/outbox.html", {"page": page, "query": ""})
