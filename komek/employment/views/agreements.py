"""Agreements with an employer: public works, social jobs, youth practice, road map, job quotas."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from komek.accounts.choices import Capability
from komek.accounts.web import actor, staff_view
from komek.common.web import submit
from komek.employment.forms import AgreementForm
from komek.employment.selectors.records import employer_visible
from komek.employment.services.employers import agreement_create


@require_http_methods(["GET", "POST"])
@staff_view(Capability.EMPLOYMENT_MANAGE)
def agreement_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    employer = employer_visible(user=actor(request), employer_id=pk)
    form = AgreementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, agreement = submit(
            form, lambda: agreement_create(actor=actor(request), employer=employer, **form.cleaned_data)
        )
        if ok and agreement is not None:
            messages.success(
                request, _("The agreement %(agreement)s is recorded.") % {"agreement": agreement}
            )
            return redirect("employment:employer_list")
    agreements = list(employer.agreements.order_by("-signed_on", "-id"))
    return render(
        request,
        "employment/agreement_form.html",
        {"form": form, "employer": employer, "agreements": agreements},
    )
