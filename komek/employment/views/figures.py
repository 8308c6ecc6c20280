"""The plan-versus-actual page, its XLSX export, and enrolment in measures."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from komek.accounts.choices import Capability
from komek.accounts.web import actor, staff_view
from komek.common import xlsx
from komek.common.web import submit
from komek.employment.forms import MeasureCompleteForm, MeasureForm, YearForm
from komek.employment.selectors.figures import employment_figures, employment_figures_xlsx
from komek.employment.selectors.records import contracts_visible, employers_scoped, participation_visible
from komek.employment.services.measures import measure_complete, measure_enrol
from komek.registry.selectors import persons_visible


def _year(request: HttpRequest) -> int:
    form = YearForm(request.GET)
    return (form.cleaned_data.get("year") if form.is_valid() else None) or timezone.localdate().year


@require_GET
@staff_view(Capability.EMPLOYMENT_VIEW)
def figures_page(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    figures = employment_figures(user=actor(request), year=year)
    return render(
        request, "employment/figures.html", {"figures": figures, "form": YearForm(initial={"year": year})}
    )


@require_GET
@staff_view(Capability.EMPLOYMENT_VIEW)
def figures_export(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    response = HttpResponse(
        employment_figures_xlsx(user=actor(request), year=year), content_type=xlsx.CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="employment-{year}.xlsx"'
    return response


@require_http_methods(["GET", "POST"])
@staff_view(Capability.EMPLOYMENT_MANAGE)
def measure_create(request: HttpRequest) -> HttpResponse:
    employers = employers_scoped(actor(request)).order_by("name")
    form = MeasureForm(request.POST or None, employers=employers)
    if request.method == "POST" and form.is_valid():
        person = persons_visible(actor(request)).filter(iin=form.cleaned_data["iin"]).first()
        if person is None:
            form.add_error("iin", _("No person with this IIN in your territorial units."))
        else:
            ok, p = submit(
                form, lambda: measure_enrol(actor=actor(request), person=person, **form.service_kwargs())
            )
            if ok and p is not None:
                messages.success(request, _("Enrolled in %(measure)s.") % {"measure": p.get_kind_display()})
                return redirect("employment:figures")
    return render(request, "employment/measure_form.html", {"form": form})


@require_GET
@staff_view(Capability.EMPLOYMENT_VIEW)
def contract_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "employment/contract_list.html", {"contracts": contracts_visible(user=actor(request))}
    )


@require_http_methods(["GET", "POST"])
@staff_view(Capability.EMPLOYMENT_MANAGE)
def measure_complete_view(request: HttpRequest, pk: int) -> HttpResponse:
    participation = participation_visible(user=actor(request), participation_id=pk)
    form = MeasureCompleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, _p = submit(
            form,
            lambda: measure_complete(actor=actor(request), participation=participation, **form.cleaned_data),
        )
        if ok:
            messages.success(request, _("The outcome is recorded."))
            if participation.jobseeker_id:
                return redirect("employment:jobseeker_detail", pk=participation.jobseeker_id)
            return redirect("employment:figures")
    return render(request, "employment/measure_complete.html", {"form": form, "participation": participation})
