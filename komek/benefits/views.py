"""Assignment pages: a family's assignments, one assignment with suspend / resume / terminate /
continue / correct the bank account.

Thin: parse, call one selector or service, render. Reading these pages is audited by the selectors
(they name the recipient and show an account number). The payments of an assignment are a section
the payroll contributes (``payments:assignment_lines``): the page loads it, benefits does not
import payments.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from komek.accounts.choices import Capability
from komek.accounts.web import actor, staff_view
from komek.benefits.forms import AccountForm, ReassignForm, ResumeForm, SuspendForm, TerminateForm
from komek.benefits.schedules import assignment_payments
from komek.benefits.selectors import assignment_read, family_assignments_read
from komek.benefits.services import (
    assignment_account_change,
    assignment_reassign,
    assignment_resume,
    assignment_suspend,
    assignment_terminate,
)
from komek.common.validation import today
from komek.common.web import submit

ACTIONS: dict[str, tuple[type[forms.Form], Any, Any]] = {
    "suspend": (SuspendForm, assignment_suspend, gettext_lazy("Payments are suspended.")),
    "resume": (ResumeForm, assignment_resume, gettext_lazy("Payments are resumed.")),
    "terminate": (TerminateForm, assignment_terminate, gettext_lazy("The assignment is terminated.")),
    "reassign": (
        ReassignForm,
        assignment_reassign,
        gettext_lazy("The assignment is continued for the new period."),
    ),
    "account": (
        AccountForm,
        assignment_account_change,
        gettext_lazy("The bank account is corrected; a payment the bank returned is paid again to it."),
    ),
}


@require_GET
@staff_view(Capability.ASSIGNMENT_VIEW)
def family_assignments(request: HttpRequest, family_id: int) -> HttpResponse:
    rows = family_assignments_read(user=actor(request), family_id=family_id)
    return render(request, "benefits/family_assignments.html", {"family_id": family_id, "rows": rows})


def _detail(request: HttpRequest, pk: int, forms_: dict[str, forms.Form] | None = None) -> HttpResponse:
    assignment = assignment_read(user=actor(request), assignment_id=pk)
    forms_ = forms_ or {}
    context = {
        "a": assignment,
        "to_come": assignment_payments(assignment, since=today()),
        "suspend_form": forms_.get("suspend") or SuspendForm(),
        "resume_form": forms_.get("resume") or ResumeForm(),
        "terminate_form": forms_.get("terminate") or TerminateForm(),
        "reassign_form": forms_.get("reassign") or ReassignForm(),
        "account_form": forms_.get("account") or AccountForm(initial={"bank_bic": assignment.bank_id}),
    }
    return render(request, "benefits/assignment_detail.html", context, status=400 if forms_ else 200)


@require_GET
@staff_view(Capability.ASSIGNMENT_VIEW)
def assignment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, pk)


@require_POST
@staff_view(Capability.ASSIGNMENT_MANAGE)
def assignment_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    form_class, service, done = ACTIONS[action]
    form = form_class(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        if action == "suspend":
            data.setdefault("date_to", None)
        ok, result = submit(form, lambda: service(actor=actor(request), assignment_id=pk, **data))
        if ok and result is not None:
            messages.success(request, done)
            return redirect("benefits:assignment_detail", pk=result.pk)
    return _detail(request, pk, {action: form})
