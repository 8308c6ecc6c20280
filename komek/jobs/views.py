"""Job pages: the list (mine, and the territory's for a manager), one job with its progress bar and
time left (refreshed while it runs, by a meta refresh: no script), its cancel button and its file.
Thin: parse, call one selector or service, render."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.accounts.web import actor, staff_view
from komek.common import audit
from komek.common.choices import AuditAction
from komek.common.errors import DomainError
from komek.jobs import registry
from komek.jobs.models import Job
from komek.jobs.selectors import job_get, job_parts, jobs_visible
from komek.jobs.services.queue import job_cancel, may_manage

PAGE_SIZE = 50
#: Seconds between two reloads of a running job's page.
REFRESH_SECONDS = 3


def _label(job: Job) -> str:
    try:
        kind = registry.get(job.kind)
    except LookupError:
        return job.kind
    words = kind.describe(job.parameters)
    return f"{kind.label}: {words}" if words else str(kind.label)


@require_GET
@staff_view()
def job_list(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    manager = policy.can(user, Capability.JOBS_MANAGE)
    mine = not manager or request.GET.get("show") != "all"
    page = Paginator(jobs_visible(user, mine_only=mine).select_related("requested_by"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    for job in page:
        job.label = _label(job)  # type: ignore[attr-defined]
    running = any(not j.finished for j in page)
    context = {
        "page": page,
        "mine": mine,
        "manager": manager,
        "refresh": REFRESH_SECONDS if running else None,
    }
    return render(request, "jobs/job_list.html", context)


@require_GET
@staff_view()
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    job = job_get(actor=user, job_id=pk)
    context = {
        "job": job,
        "parts": job_parts(job),
        "label": _label(job),
        "can_cancel": not job.finished and may_manage(user, job),
        "refresh": None if job.finished else REFRESH_SECONDS,
        "seconds_left": job.seconds_left(),
    }
    return render(request, "jobs/job_detail.html", context)


@require_POST
@staff_view()
def job_cancel_view(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        job = job_cancel(actor=actor(request), job_id=pk)
    except DomainError as exc:
        if exc.code == "not_found":
            raise
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("The job is cancelled.") if job.finished else _("The job stops after its current step."),
        )
    return redirect("jobs:job_detail", pk)


@require_GET
@staff_view()
def job_file(request: HttpRequest, pk: int) -> FileResponse:
    user = actor(request)
    job = job_get(actor=user, job_id=pk)
    name = str(job.result.get("file") or "")
    path = settings.JOBS_FILES_DIR / str(job.pk) / name
    if not name or "/" in name or not path.is_file():
        raise Http404(_("The job made no file."))
    audit.read(
        actor=user,
        action=AuditAction.EXPORT,
        obj=job,
        changes={"file": [None, name]},
        territory=job.territory,
    )
    return FileResponse(path.open("rb"), as_attachment=True, filename=name)
