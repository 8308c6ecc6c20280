"""The pages of the other commissions: per kind its meetings and (work experience, Semipalatinsk)
its cases with the form to open one (the person found by IIN); a case's card with the decision and
the certificate; a held meeting's questions; the tripartite commission's members and agreement; the
figures of a year. Thin: parse, call one service or selector, render. A page showing persons writes
the read's audit row."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.accounts.web import actor, person_viewer, staff_view
from komek.commissions import selectors
from komek.commissions.certificate import certificate_pdf
from komek.commissions.choices import AGENDA_KINDS, CASE_KINDS, HELD_KINDS, CaseDecision, Kind
from komek.commissions.filters import CaseFilters
from komek.commissions.forms import (
    AgreementForm,
    AmendmentForm,
    CaseForm,
    CertificateForm,
    DecisionForm,
    HeldMeetingForm,
    PartyMemberForm,
    QuestionForm,
    YearForm,
)
from komek.commissions.report import kind_figures
from komek.commissions.services.cases import case_decide, case_open, certificate_issue
from komek.commissions.services.held import meeting_record, question_add
from komek.commissions.services.partnership import agreement_record, amendment_record, party_member_add
from komek.common import lists, xlsx
from komek.common.models import KatoUnit
from komek.common.web import submit
from komek.registry.selectors import person_by_iin, read_persons

C = Capability
OBJECT = "commissions.case"


def _kind(kind: str) -> str:
    if kind not in HELD_KINDS:
        raise Http404
    return kind


def _kind_page(request: HttpRequest, kind: str, **forms: Any) -> HttpResponse:
    user = actor(request)
    policy.require_any(user, *selectors.VIEW)
    manage = policy.can(user, C.COMMISSION_MANAGE)
    context: dict[str, Any] = {
        "kind": kind, "kind_name": Kind(kind).label, "cases_kind": kind in CASE_KINDS,
        "agenda_kind": kind in AGENDA_KINDS, "can_manage": manage,
        "meetings": selectors.held_meetings(user, kind)[:100],
        "meeting_form": forms.get("meeting_form") or HeldMeetingForm(actor=user),
    }  # fmt: skip
    if kind in CASE_KINDS and policy.can(user, C.PERSON_VIEW):
        listing = lists.listing(
            request, CaseFilters, selectors.cases_visible(user, kind), defaults={"sort": "-opened"}, user=user
        )
        if lists.wants_xlsx(request):
            rows = lists.exported(listing)
            if rows is not None:
                read_persons(user=user, persons=[c.person for c in rows], object_type=OBJECT, export=True)
                book = xlsx.table_workbook(
                    sheet=_("Cases"), title=str(Kind(kind).label),
                    header=[_("Case number"), _("IIN"), _("Full name"), _("Opened on"), _("Claimed from"),
                            _("Claimed until"), _("Decision"), _("Protocol number"),
                            _("Certificate number")],
                    rows=[(c.number, c.person.iin, c.person.full_name, c.opened_on, c.period_from,
                           c.period_to, c.get_decision_display(), c.meeting.number if c.meeting else "",
                           c.certificate_number)
                          for c in rows],
                    widths={"A": 16, "B": 14, "C": 35, "D": 12, "E": 12, "F": 12, "G": 18, "H": 12, "I": 14},
                )  # fmt: skip
                return xlsx.download(book, f"commission-{kind}.xlsx")
            messages.error(request, lists.too_many_to_export(listing))
        read_persons(user=user, persons=[c.person for c in listing.rows], object_type=OBJECT)
        found = None
        iin = request.GET.get("iin", "").strip()
        if manage and iin:
            found = person_by_iin(user=user, iin=iin)  # the IIN lookup: audited as a read
        form = forms.get("case_form") or CaseForm(
            kind=kind, initial={"iin": iin, "opened_on": timezone.localdate()}
        )
        context.update({"listing": listing, "case_form": form, "found": found, "looked_up": iin})
    failed = any(f.errors for f in forms.values())
    return render(request, "commissions/kind.html", context, status=400 if failed else 200)


@require_GET
@staff_view()
def kind_page(request: HttpRequest, kind: str) -> HttpResponse:
    return _kind_page(request, _kind(kind))


@require_POST
@staff_view(C.COMMISSION_MANAGE)
def held_create(request: HttpRequest, kind: str) -> HttpResponse:
    user = actor(request)
    form = HeldMeetingForm(request.POST, actor=user)
    if form.is_valid():
        ok, meeting = submit(form, lambda: meeting_record(actor=user, kind=_kind(kind), **form.cleaned_data))
        if ok and meeting is not None:
            messages.success(request, _("The meeting is recorded."))
            return redirect("commissions:meeting_detail", meeting.pk)
    return _kind_page(request, _kind(kind), meeting_form=form)


@require_POST
@staff_view(C.COMMISSION_MANAGE)
def case_create(request: HttpRequest, kind: str) -> HttpResponse:
    user = person_viewer(request)
    if _kind(kind) not in CASE_KINDS:
        raise Http404
    form = CaseForm(request.POST, kind=kind)
    if form.is_valid():
        ok, case = submit(form, lambda: case_open(actor=user, kind=kind, **form.service_data()))
        if ok and case is not None:
            messages.success(request, _("The case is opened."))
            return redirect("commissions:case_detail", case.pk)
    return _kind_page(request, kind, case_form=form)


def _case_page(request: HttpRequest, pk: int, **forms: Any) -> HttpResponse:
    user = person_viewer(request)
    case = selectors.case_detail(user=user, case_id=pk)
    meetings = [
        m for m in selectors.held_meetings(user, case.kind)[:100] if case.kato_id.startswith(m.kato.prefix)
    ]
    context = {
        "case": case, "documents": case.documents.all(), "kind_name": case.get_kind_display(),
        "can_manage": policy.can(user, C.COMMISSION_MANAGE), "pending": case.decision == CaseDecision.PENDING,
        "decision_form": forms.get("decision_form")
        or DecisionForm(meetings=meetings, work=case.kind == Kind.WORK_EXPERIENCE),
        "certificate_form": forms.get("certificate_form")
        or CertificateForm(initial={"issued_on": timezone.localdate()}),
        "certifies": case.kind == Kind.SEMIPALATINSK and case.decision == CaseDecision.POSITIVE,
    }  # fmt: skip
    failed = any(f.errors for f in forms.values())
    return render(request, "commissions/case_detail.html", context, status=400 if failed else 200)


@require_GET
@staff_view()
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_page(request, pk)


@require_POST
@staff_view(C.COMMISSION_MANAGE)
def case_decision(request: HttpRequest, pk: int) -> HttpResponse:
    user = person_viewer(request)
    case = selectors.case_detail(user=user, case_id=pk)
    meetings = selectors.held_meetings(user, case.kind)[:100]
    form = DecisionForm(request.POST, meetings=meetings, work=case.kind == Kind.WORK_EXPERIENCE)
    if form.is_valid():
        ok, _done = submit(
            form,
            lambda: case_decide(actor=user, case_id=pk, **form.cleaned_data),
            aliases={"meeting": "meeting_id"},
        )
        if ok:
            messages.success(request, _("The decision is recorded."))
            return redirect("commissions:case_detail", pk)
    return _case_page(request, pk, decision_form=form)


@require_POST
@staff_view(C.COMMISSION_MANAGE)
def case_certificate(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    form = CertificateForm(request.POST)
    if form.is_valid():
        ok, _done = submit(form, lambda: certificate_issue(actor=user, case_id=pk, **form.cleaned_data))
        if ok:
            messages.success(request, _("The certificate is issued."))
            return redirect("commissions:case_detail", pk)
    return _case_page(request, pk, certificate_form=form)


@require_GET
@staff_view()
def certificate_download(request: HttpRequest, pk: int) -> HttpResponse:
    user = person_viewer(request)
    case = selectors.case_detail(user=user, case_id=pk, export=True)
    if not case.certificate_number:
        raise Http404
    response = HttpResponse(certificate_pdf(case), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{case.certificate_number}.pdf"'
    return response


def held_page(request: HttpRequest, pk: int, form: QuestionForm | None = None) -> HttpResponse:
    """The card of a held meeting (``views.meeting_detail`` sends the other commissions' here)."""
    user = actor(request)
    meeting, cases, questions = selectors.held_detail(user=user, meeting_id=pk)
    context = {
        "meeting": meeting, "cases": cases, "questions": questions, "form": form or QuestionForm(),
        "agenda_kind": meeting.kind in AGENDA_KINDS, "can_manage": policy.can(user, C.COMMISSION_MANAGE),
        "sees_persons": policy.can(user, C.PERSON_VIEW),
    }  # fmt: skip
    return render(
        request, "commissions/held_detail.html", context, status=400 if form and form.errors else 200
    )


@require_POST
@staff_view(C.COMMISSION_MANAGE)
def question_create(request: HttpRequest, pk: int) -> HttpResponse:
    form = QuestionForm(request.POST)
    if form.is_valid():
        ok, _done = submit(
            form, lambda: question_add(actor=actor(request), meeting_id=pk, **form.cleaned_data)
        )
        if ok:
            messages.success(request, _("The question is recorded."))
            return redirect("commissions:meeting_detail", pk)
    return held_page(request, pk, form)


def _partnership_page(request: HttpRequest, **forms: Any) -> HttpResponse:
    user = actor(request)
    policy.require_any(user, *selectors.VIEW)
    members, agreements = selectors.partnership(user=user)
    context = {
        "members": members, "agreements": agreements, "can_manage": policy.can(user, C.COMMISSION_MANAGE),
        "member_form": forms.get("member_form") or PartyMemberForm(actor=user),
        "agreement_form": forms.get("agreement_form") or AgreementForm(actor=user),
        "amendment_form": forms.get("amendment_form") or AmendmentForm(),
        "kind": Kind.TRIPARTITE, "kind_name": Kind.TRIPARTITE.label,
    }  # fmt: skip
    failed = any(f.errors for f in forms.values())
    return render(request, "commissions/partnership.html", context, status=400 if failed else 200)


@require_GET
@staff_view()
def partnership(request: HttpRequest) -> HttpResponse:
    return _partnership_page(request)


@require_POST
@staff_view(C.COMMISSION_MANAGE)
def member_create(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    form = PartyMemberForm(request.POST, actor=user)
    if form.is_valid():
        ok, _done = submit(form, lambda: party_member_add(actor=user, **form.cleaned_data))
        if ok:
            messages.success(request, _("The member is recorded."))
            return redirect("commissions:partnership")
    return _partnership_page(request, member_form=form)


@require_POST
@staff_view(C.COMMISSION_MANAGE)
def agreement_create(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    form = AgreementForm(request.POST, actor=user)
    if form.is_valid():
        ok, _done = submit(form, lambda: agreement_record(actor=user, **form.cleaned_data))
        if ok:
            messages.success(request, _("The agreement is recorded."))
            return redirect("commissions:partnership")
    return _partnership_page(request, agreement_form=form)


@require_POST
@staff_view(C.COMMISSION_MANAGE)
def amendment_create(request: HttpRequest, pk: int) -> HttpResponse:
    form = AmendmentForm(request.POST)
    if form.is_valid():
        ok, _done = submit(
            form, lambda: amendment_record(actor=actor(request), agreement_id=pk, **form.cleaned_data)
        )
        if ok:
            messages.success(request, _("The amendment is recorded."))
            return redirect("commissions:partnership")
    return _partnership_page(request, amendment_form=form)


@require_GET
@staff_view()
def figures(request: HttpRequest) -> HttpResponse:
    """The commissions' figures of a year and a territory (the annual report's lines), with XLSX."""
    user = actor(request)
    policy.require_any(user, C.REPORT_VIEW, *selectors.VIEW)
    today = timezone.localdate()
    choose = YearForm(request.GET or None, actor=user, initial={"year": today.year})
    units = choose.fields["kato"].choices  # type: ignore[attr-defined]
    year, code = today.year, (units[0][0] if units else "")
    if choose.is_valid():
        year, code = choose.cleaned_data["year"], choose.cleaned_data["kato"]
    unit = KatoUnit.objects.filter(code=code).first()
    rows = kind_figures(actor=user, year=year, prefix=unit.prefix) if unit else []
    if request.GET.get("format") == "xlsx":
        return xlsx.figures_download(
            rows,
            sheet=_("Commissions"),
            title=_("Work of the commissions"),
            place=unit.name if unit else "",
            year=year,
            name="commissions",
        )
    context = {
        "choose": choose,
        "figures": rows,
        "year": year,
        "unit": unit,
        "query": request.GET.urlencode(),
    }
    return render(request, "commissions/figures.html", context)
