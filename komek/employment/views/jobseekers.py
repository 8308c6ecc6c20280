"""Jobseekers: the register, registration, the card, matching, referrals and their outcomes."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from komek.accounts.choices import Capability
from komek.accounts.web import actor, staff_view
from komek.common import lists, xlsx
from komek.common.audit import client_ip
from komek.common.errors import DomainError
from komek.common.web import submit
from komek.employment.filters import ACTIVE, JobseekerFilters
from komek.employment.forms import JobseekerForm, ReferralOutcomeForm
from komek.employment.referral_pdf import referral_pdf
from komek.employment.selectors.matching import match_vacancies
from komek.employment.selectors.records import (
    jobseeker_card,
    jobseekers_listed,
    referral_visible,
    vacancy_detail,
)
from komek.employment.services.jobseekers import (
    jobseeker_register,
    jobseekers_deregister_missed,
    jobseekers_promote_unemployed,
)
from komek.employment.services.referrals import referral_issue, referral_record_outcome
from komek.registry.selectors import persons_visible, read_persons


@require_GET
@staff_view(Capability.EMPLOYMENT_VIEW)
def jobseeker_list(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    listing = lists.listing(
        request,
        JobseekerFilters,
        jobseekers_listed(user),
        defaults={"status": ACTIVE, "sort": "-registered"},
        user=user,
    )
    if lists.wants_xlsx(request):
        rows = lists.exported(listing)
        if rows is not None:
            read_persons(user=user, persons=rows, object_type="employment.jobseeker", export=True)
            return xlsx.download(_jobseekers_workbook(rows), "jobseekers.xlsx")
        messages.error(request, lists.too_many_to_export(listing))
    read_persons(user=user, persons=listing.rows, object_type="employment.jobseeker")
    return render(request, "employment/jobseeker_list.html", {"listing": listing})


def _jobseekers_workbook(rows: list[Any]) -> Any:
    return xlsx.table_workbook(
        sheet=_("Jobseekers"), title=_("Registered jobseekers and unemployed"),
        header=[_("Person"), _("IIN"), _("Status"), _("Registered on"), _("Next re-registration")],
        rows=[(js.person.full_name, js.person.iin, js.get_status_display(), js.registered_on,
               js.reregistration_due) for js in rows],
        widths={"A": 35, "B": 14, "C": 16, "D": 14, "E": 14},
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
@staff_view(Capability.EMPLOYMENT_MANAGE)
def jobseeker_create(request: HttpRequest) -> HttpResponse:
    form = JobseekerForm(request.POST or None, initial={"iin": request.GET.get("iin", "")})
    if request.method == "POST" and form.is_valid():
        person = persons_visible(actor(request)).filter(iin=form.cleaned_data["iin"]).first()
        if person is None:
            form.add_error(
                "iin", _("No person with this IIN in your territorial units: register the person first.")
            )
        else:
            ok, js = submit(
                form, lambda: jobseeker_register(actor=actor(request), person=person, **form.service_kwargs())
            )
            if ok and js is not None:
                messages.success(
                    request, _("%(name)s is registered as a jobseeker.") % {"name": person.full_name}
                )
                return redirect("employment:jobseeker_detail", pk=js.pk)
    return render(request, "employment/jobseeker_form.html", {"form": form})


@require_GET
@staff_view(Capability.EMPLOYMENT_VIEW)
def jobseeker_detail(request: HttpRequest, pk: int) -> HttpResponse:
    card = jobseeker_card(user=actor(request), jobseeker_id=pk, ip_address=client_ip(request))
    return render(
        request,
        "employment/jobseeker_detail.html",
        {"card": card, "js": card.jobseeker, "outcome_form": ReferralOutcomeForm()},
    )


@require_GET
@staff_view(Capability.EMPLOYMENT_VIEW)
def jobseeker_match(request: HttpRequest, pk: int) -> HttpResponse:
    card = jobseeker_card(user=actor(request), jobseeker_id=pk, ip_address=client_ip(request))
    matches = match_vacancies(user=actor(request), jobseeker_id=pk, audit=False)
    return render(request, "employment/jobseeker_match.html", {"js": card.jobseeker, "matches": matches})


@require_POST
@staff_view(Capability.EMPLOYMENT_MANAGE)
def referral_create(request: HttpRequest, pk: int, vacancy_id: int) -> HttpResponse:
    card = jobseeker_card(user=actor(request), jobseeker_id=pk)
    vacancy = vacancy_detail(user=actor(request), vacancy_id=vacancy_id)
    try:
        referral_issue(
            actor=actor(request), person=card.jobseeker.person, vacancy=vacancy, on=timezone.localdate()
        )
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("employment:jobseeker_match", pk=pk)
    messages.success(request, _("Referral issued to %(vacancy)s.") % {"vacancy": vacancy})
    return redirect("employment:jobseeker_detail", pk=pk)


@require_http_methods(["GET", "POST"])
@staff_view(Capability.EMPLOYMENT_MANAGE)
def referral_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    referral = referral_visible(user=actor(request), referral_id=pk)
    form = ReferralOutcomeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, _ref = submit(
            form,
            lambda: referral_record_outcome(actor=actor(request), referral=referral, **form.cleaned_data),
        )
        if ok:
            messages.success(request, _("The outcome is recorded."))
            return redirect("employment:jobseeker_detail", pk=referral.jobseeker_id)
    return render(request, "employment/referral_outcome.html", {"form": form, "referral": referral})


@require_POST
@staff_view(Capability.EMPLOYMENT_MANAGE)
def jobseekers_promote(request: HttpRequest) -> HttpResponse:
    """Give unemployed status to everyone due today to whom no suitable job was offered."""
    count = jobseekers_promote_unemployed(actor=actor(request), on=timezone.localdate())
    messages.success(request, _("Unemployed status given to %(count)s jobseekers.") % {"count": count})
    return redirect("employment:jobseeker_list")


@require_POST
@staff_view(Capability.EMPLOYMENT_MANAGE)
def jobseekers_missed(request: HttpRequest) -> HttpResponse:
    """Deregister everyone whose re-registration date passed without a visit."""
    count = jobseekers_deregister_missed(actor=actor(request), on=timezone.localdate())
    messages.success(request, _("Deregistered for missed re-registration: %(count)s.") % {"count": count})
    return redirect("employment:jobseeker_list")


@require_GET
@staff_view(Capability.EMPLOYMENT_VIEW)
def referral_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The referral to an employer as PDF, in the jobseeker's language (an audited read)."""
    referral = referral_visible(user=actor(request), referral_id=pk)
    response = HttpResponse(referral_pdf(referral), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="referral-{referral.pk}.pdf"'
    return response
