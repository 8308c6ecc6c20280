"""The annual plan: planned people per indicator (measure) and target group, entered or updated."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from komek.accounts.choices import Capability
from komek.accounts.web import actor, staff_view
from komek.common.web import submit
from komek.employment.forms import PlanForm
from komek.employment.selectors.records import plans_of_year
from komek.employment.services.plans import plan_set


@require_http_methods(["GET", "POST"])
@staff_view(Capability.EMPLOYMENT_MANAGE)
def plan_edit(request: HttpRequest) -> HttpResponse:
    form = PlanForm(request.POST or None, user=actor(request))
    if request.method == "POST" and form.is_valid():
        ok, plan = submit(form, lambda: plan_set(actor=actor(request), **form.cleaned_data))
        if ok and plan is not None:
            messages.success(request, _("The annual plan is saved."))
            return redirect(f"{request.path}?year={plan.year}")
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = timezone.localdate().year
    plans = plans_of_year(user=actor(request), year=year)
    return render(request, "employment/plan_form.html", {"form": form, "plans": plans, "year": year})
