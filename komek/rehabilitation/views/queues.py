"""A queue in order, and moving an entry (with its recorded reason)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.accounts.web import actor, staff_view
from komek.common import lists
from komek.common.lists import territory_choices
from komek.common.web import submit
from komek.registry.selectors import read_persons
from komek.rehabilitation import choices
from komek.rehabilitation.forms.queues import CancelForm, QueueFilter, ReorderForm
from komek.rehabilitation.selectors.cards import visible_person
from komek.rehabilitation.selectors.queues import (
    as_rows,
    entry_history,
    named,
    queue_entry_visible,
    queue_found,
    queue_waiting,
)
from komek.rehabilitation.services.queues import queue_entry_cancel, queue_entry_reorder


@require_http_methods(["GET"])
@staff_view(Capability.REHAB_VIEW)
def queue(request: HttpRequest, kind: str) -> HttpResponse:
    """An aid's queue in its legal order, a page at a time, narrowed to a district; a search says
    where the persons found wait (their positions are the queue's, not the search's)."""
    if kind not in choices.QUEUE_KINDS:
        raise Http404(_("No such queue."))
    user = actor(request)
    filters = QueueFilter(request.GET, districts=territory_choices(policy.prefixes(user)))
    data = filters.cleaned_data if filters.is_valid() else {}
    found = named(queue_found(user=user, kind=kind, text=data["q"])) if data.get("q") else None
    waiting = queue_waiting(user=user, kind=kind, district=data.get("district"))
    page = Paginator(waiting, lists.PAGE_SIZE).get_page(request.GET.get("page"))
    rows = named(as_rows(page.object_list))
    shown = [*rows, *(found or [])]
    read_persons(user=user, persons=shown, object_type="rehabilitation.queue", object_id=kind)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "rows": rows, "found": found, "page": page, "query": query.urlencode(), "filters": filters,
        "kind": choices.AidKind(kind),
    }  # fmt: skip
    return render(request, "rehabilitation/queue.html", context)


@require_http_methods(["GET", "POST"])
@staff_view(Capability.REHAB_VIEW)
def entry(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    found = queue_entry_visible(user=user, pk=pk)
    if found is None:
        raise Http404(_("No such queue entry."))
    person = visible_person(user, found.person_id)
    form = ReorderForm(
        request.POST if "cancel" not in request.POST else None,
        initial={"priority": found.priority, "applied_on": found.applied_on},
    )
    cancel_form = CancelForm(request.POST if "cancel" in request.POST else None, prefix="cancel")
    if "cancel" in request.POST and policy.can(user, Capability.REHAB_MANAGE) and cancel_form.is_valid():
        reason = cancel_form.cleaned_data["reason"]
        ok, _e = submit(cancel_form, lambda: queue_entry_cancel(actor=user, entry=found, reason=reason))
        if ok:
            messages.success(request, _("The entry is removed from the queue."))
            return redirect("rehabilitation:queue", kind=found.kind)
    elif request.method == "POST" and policy.can(user, Capability.REHAB_MANAGE) and form.is_valid():
        d = form.cleaned_data
        ok, _e = submit(
            form,
            lambda: queue_entry_reorder(
                actor=user,
                entry=found,
                priority=d["priority"],
                applied_on=d["applied_on"],
                reason=d["reason"],
            ),
        )
        if ok:
            messages.success(request, _("The place in the queue is changed."))
            return redirect("rehabilitation:queue", kind=found.kind)
    return render(
        request,
        "rehabilitation/entry.html",
        {
            "entry": found,
            "person": person,
            "form": form,
            "cancel_form": cancel_form,
            "history": entry_history(found.pk),
        },
    )
