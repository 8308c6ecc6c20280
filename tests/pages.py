"""Every URL pattern of the project with the arguments of an object of the demo town.

Shared by the tests that walk every page (reads audited, methods refused). The table names, for
each pattern with arguments, how to find an object for it in the constructed data; a pattern
missing from the table fails the walk, so a new page cannot slip past the tests.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse

DEMO_TOWN = "351600000"


def build_demo_town() -> None:
    """The demo town through the demo's own commands: persons, cases, a signed protocol, the
    employment centre, rehabilitation, payrolls, category payments and the budget; and a scanned
    document of a person."""
    out = io.StringIO()
    call_command("load_reference", stdout=out)
    call_command("demo_data", persons=1800, region=DEMO_TOWN, seed=5, stdout=out)
    for command in (
        "demo_users",
        "demo_legislation",
        "demo_employment",
        "demo_rehab",
        "demo_services",
        "demo_payments",
        "demo_category_payments",
        "demo_budget",
        "demo_proactive",
    ):
        call_command(command, stdout=out)
    from django.core.files.uploadedfile import SimpleUploadedFile

    from komek.demo.barrier_free import demo_this_year
    from komek.demo.guard import demo_actor

    demo_this_year(demo_actor())  # a few objects of the barrier-free register (the whole demo is large)
    from komek.demo.commissions import demo_commissions

    demo_commissions(demo_actor())  # the other commissions' meetings, cases, certificates, questions
    from komek.demo.veterans import demo_veterans

    demo_veterans(demo_actor(), small=True)  # a few veterans with patronage, visits, exemptions, events
    from komek.demo.awards import demo_this_year as awards_this_year

    awards_this_year(demo_actor())  # a few award cases of the demo town, one at each step
    from komek.demo.centres import demo_one_centre

    demo_one_centre(demo_actor())  # one family centre with registered persons, services and an event
    from komek.demo.rehabilitation.special import demo_few

    demo_few(demo_actor())  # a social adaptation centre with a few stays and an NGO's project
    from komek.demo.labour import demo_labour

    demo_labour(demo_actor())  # the demo town's enterprises with a year of their registers
    from komek.demo.charity import demo_balkhash_2018
    from komek.demo.charity import demo_this_year as charity_this_year

    demo_balkhash_2018(demo_actor())  # the sponsors of the veterans' events as partners
    charity_this_year(demo_actor())  # a campaign of the demo town with a few lines of help in kind
    from komek.demo.migration import demo_migration

    demo_migration(demo_actor(), small=True)  # a few kandas, invitations, permits and checks of Almaty
    from komek.demo.programme_people import demo_programme_people

    demo_programme_people(demo_actor(), small=True)  # Almaty's students, contests, persons without a status
    from komek.demo.job_creation import demo_job_creation

    demo_job_creation(demo_actor(), small=True)  # two road map projects, jobs by source, an agency, a fair
    from komek.demo.microfinance import demo_microfinance

    demo_microfinance(demo_actor(), small=True)  # the organisations, referrals and decisions of a year

    from django.utils import timezone

    from komek.accounts.models import User
    from komek.jobs.services import job_enqueue, job_execute
    from komek.registry.models import Person
    from komek.registry.services.documents import document_attach

    # A background job: the head's export of the annual report, run here (no worker in these tests).
    job = job_enqueue(
        actor=User.objects.get(username="demo_department_head"), kind="report.annual",
        parameters={"year": timezone.localdate().year, "territory": DEMO_TOWN, "format": "json"},
    )  # fmt: skip
    job_execute(job_id=job.pk)

    document_attach(
        actor=User.objects.get(username="demo_registrar"),
        upload=SimpleUploadedFile("passport.pdf", b"%PDF-1.4\n%demo\n", content_type="application/pdf"),
        doc_type="identity",
        person=Person.objects.filter(kato__code__startswith="3516").order_by("pk").first(),
    )


@dataclass(frozen=True)
class Page:
    route: str
    name: str
    pattern: URLPattern


def every_pattern() -> Iterator[Page]:
    def walk(resolver: URLResolver, prefix: str, ns: str) -> Iterator[Page]:
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                yield from walk(p, prefix + str(p.pattern), ns + (f"{p.namespace}:" if p.namespace else ""))
            else:
                yield Page(prefix + str(p.pattern), ns + (p.name or ""), p)

    yield from walk(get_resolver(), "", "")


def first(label: str, **filters: Any) -> Any:
    return apps.get_model(label).objects.filter(**filters).order_by("pk").first()


def pk(label: str, **filters: Any) -> Callable[[], dict[str, Any] | None]:
    def find() -> dict[str, Any] | None:
        obj = first(label, **filters)
        return None if obj is None else {"pk": obj.pk}

    return find


def _nomination() -> dict[str, Any] | None:
    found = first("employment.Nomination")
    return None if found is None else {"pk": found.contest_id, "nomination": found.pk}


def _receipt() -> dict[str, Any] | None:
    r = first("applications.HousingReceipt")
    return None if r is None else {"pk": r.application_id, "receipt_pk": r.pk}


def _appeal() -> dict[str, Any] | None:
    a = first("applications.Appeal")
    return None if a is None else {"pk": a.application_id, "appeal_pk": a.pk}


def _letter() -> dict[str, Any] | None:
    n = first("applications.Notification")
    return None if n is None else {"pk": n.application_id, "notification_pk": n.pk}


def _item() -> dict[str, Any] | None:
    i = first("commissions.Item")
    return None if i is None else {"pk": i.meeting_id, "item_pk": i.pk}


def _registry_file() -> dict[str, Any] | None:
    line = first("payments.PaymentLine", payroll__status="approved")
    if line is None:
        return None
    return {"pk": line.payroll_id, "bic": line.bank.bic, "fmt": "csv"}


def _referral() -> dict[str, Any] | None:
    js = first("employment.Jobseeker")
    vacancy = first("employment.Vacancy", status="open")
    return None if js is None or vacancy is None else {"pk": js.pk, "vacancy_id": vacancy.pk}


def _queue() -> dict[str, Any] | None:
    e = first("rehabilitation.QueueEntry")
    return None if e is None else {"kind": e.kind}


def _voucher() -> dict[str, Any] | None:
    v = first("rehabilitation.Voucher")
    return None if v is None else {"pk": v.pk, "action": "use"}


def _list_row() -> dict[str, Any] | None:
    r = first("category_payments.PaymentListRow")
    return None if r is None else {"pk": r.payment_list_id, "row": r.pk, "change": "exclude"}


def _member() -> dict[str, Any] | None:
    m = first("registry.Membership", valid_to__isnull=True)
    return None if m is None else {"pk": m.family_id, "person_pk": m.person_id}


def _family_id() -> dict[str, Any] | None:
    a = first("benefits.Assignment")
    return None if a is None else {"family_id": a.family_id}


def _person_rehab() -> dict[str, Any] | None:
    ipr = first("rehabilitation.Ipr")
    return None if ipr is None else {"pk": ipr.person_id}


def _intake() -> dict[str, Any] | None:
    s = first("applications.Service", context="applications")
    return None if s is None else {"code": s.code}


def _portal_status() -> dict[str, Any] | None:
    a = first("applications.Application")
    return None if a is None else {"number": a.number}


def _figure() -> dict[str, Any] | None:
    payroll = first("payments.Payroll", status="approved")
    return None if payroll is None else {"year": payroll.month.year, "code": "tsa.families"}


def _statistics_cell() -> dict[str, Any] | None:
    payroll = first("payments.Payroll", status="approved")
    if payroll is None:
        return None
    return {
        "table": "paid.programme",
        "key": payroll.programme,
        "number": payroll.month.month,
        "measure": "recipients",
    }


ARGUMENTS: dict[str, Callable[[], dict[str, Any] | None]] = {
    "charity:partner_detail": pk("charity.Partner"),
    "employment:tipo_step": pk("employment.TipoEnrolment"),
    "employment:contest_detail": pk("employment.Contest"),
    "employment:contest_entry": pk("employment.Contest"),
    "employment:contest_winners": _nomination,
    "employment:status_confirm": pk("employment.StatusCase"),
    "employment:involvement_create": pk("employment.StatusCase"),
    "annual_figure": _figure,
    "statistics_records": _statistics_cell,
    "budget:plan_row": pk("budget.Plan"),
    "budget:plan_approve": pk("budget.Plan"),
    "accounts:user_edit": pk("accounts.User"),
    "accounts:user_password": pk("accounts.User"),
    "accounts:user_active": pk("accounts.User"),
    "accounts:user_unlock": pk("accounts.User"),
    "legislation:decision_retire": pk("legislation.ProgrammeVersion", kato__isnull=False),
    "legislation:family_entitlements": pk("registry.Family"),
    "applications:intake_form": _intake,
    "applications:housing_receipt_remove": _receipt,
    "applications:appeal_decide": _appeal,
    "applications:letter_download": _letter,
    "applications:api_status": pk("applications.Application"),
    "applications:portal_status": _portal_status,
    "commissions:vote": _item,
    "commissions:item_amount": _item,
    "commissions:kind_page": lambda: {"kind": "work_experience"},
    "commissions:held_create": lambda: {"kind": "tripartite"},
    "commissions:case_create": lambda: {"kind": "semipalatinsk"},
    "commissions:case_detail": pk("commissions.Case"),
    "commissions:case_decision": pk("commissions.Case"),
    "commissions:case_certificate": pk("commissions.Case", kind="semipalatinsk"),
    "commissions:certificate_download": pk("commissions.Case", kind="semipalatinsk"),
    "commissions:question_create": pk("commissions.Meeting", kind="disability_council"),
    "commissions:amendment_create": pk("commissions.Agreement"),
    "benefits:family_assignments": _family_id,
    "payments:payroll_download": _registry_file,
    "jobs:job_file": pk("jobs.Job", kind="report.annual", status="done"),
    "payments:assignment_lines": pk("benefits.Assignment"),
    "payments:assignment_statement": pk("benefits.Assignment"),
    "employment:referral_create": _referral,
    "employment:project_detail": pk("employment.RoadMapProject"),
    "employment:project_jobs": pk("employment.RoadMapProject"),
    "employment:project_hire": pk("employment.RoadMapProject"),
    "employment:agency_detail": pk("employment.PrivateAgency"),
    "employment:agency_report": pk("employment.PrivateAgency"),
    "employment:microfinance_detail": pk("employment.MicrofinanceOrganisation"),
    "employment:microfinance_refer": pk("employment.MicrofinanceOrganisation"),
    "employment:microfinance_decide": pk("employment.MicrofinanceOrganisation"),
    "employment:microfinance_import": pk("employment.MicrofinanceOrganisation"),
    "employment:referral_outcome": pk("employment.Referral"),
    "employment:referral_download": pk("employment.Referral"),
    "applications:case_file": pk("applications.Application", status="assigned"),
    "audit:person_extract": pk("registry.Person", kato__code__startswith="3516"),
    "employment:agreement_create": pk("employment.Employer"),
    "employment:measure_complete": pk("employment.Participation"),
    "employment:vacancy_withdraw": pk("employment.Vacancy"),
    "employment:contract_detail": pk("employment.SocialContract"),
    "employment:assignment_contract": pk("benefits.Assignment"),
    "employment:obligation_fulfil": pk("employment.ActivationItem"),
    "employment:obligation_refuse": pk("employment.ActivationItem"),
    "employment:vacancy_detail": pk("employment.Vacancy"),
    "employment:jobseeker_detail": pk("employment.Jobseeker"),
    "employment:jobseeker_match": pk("employment.Jobseeker"),
    "rehabilitation:queue": _queue,
    "rehabilitation:entry": pk("rehabilitation.QueueEntry"),
    "rehabilitation:delivery_new": pk("rehabilitation.ContractLine"),
    "rehabilitation:voucher_action": _voucher,
    "rehabilitation:visit_new": pk("rehabilitation.CareEnrolment"),
    "rehabilitation:care_start": pk("rehabilitation.CareEnrolment"),
    "rehabilitation:placement_admit": pk("rehabilitation.Placement"),
    "rehabilitation:placement_depart": pk("rehabilitation.Placement"),
    "rehabilitation:project_serve": pk("rehabilitation.SocialOrderProject"),
    "rehabilitation:stay_new": lambda: {"service": "temporary_stay"},
    "rehabilitation:stay_leave": pk("rehabilitation.SpecialStay", left_on__isnull=True, status="admitted"),
    "rehabilitation:stay_apply": lambda: {"service": "temporary_stay"},
    "rehabilitation:stay_admit_queued": pk("rehabilitation.SpecialStay", status="waiting"),
    "rehabilitation:stay_cancel": pk("rehabilitation.SpecialStay", status="waiting"),
    "rehabilitation:stay_correct": pk("rehabilitation.SpecialStay", status="admitted"),
    "category_payments:row_change": _list_row,
    "registry:family_remove_member": _member,
    "registry:document_download": pk("registry.Document"),
    "registry:family_detail": pk("registry.Family"),
    "registry:family_add_member": pk("registry.Family"),
    "registry:family_document_add": pk("registry.Family"),
    # The citizen portal (/my/): the walk opens them as the applicant of the first application.
    "portal:application": pk("applications.Application"),
    "portal:apply": lambda: {"code": "tsa"},
    "portal:consent": pk("proactive.Item"),
}
# Patterns whose only argument is a case, a meeting, a payroll... of the app's own main model.
OWN_MODEL = {
    "applications": "applications.Application",
    "commissions": "commissions.Meeting",
    "benefits": "benefits.Assignment",
    "payments": "payments.Payroll",
    "category_payments": "category_payments.PaymentList",
    "budget": "budget.Allocation",
    "registry": "registry.Person",
    "barrier_free": "barrier_free.SocialObject",
    "veterans": "veterans.Veteran",
    "charity": "charity.Campaign",
    "centres": "centres.Centre",
    "labour": "labour.Enterprise",
    "migration": "migration.KandasStatus",
    "proactive": "proactive.Item",
    "awards": "awards.AwardCase",
    "jobs": "jobs.Job",
}
REHAB_PERSON = {"person", "ipr_new", "issue_new", "hours_new", "apply_new", "care_new", "placement_new"}


def url_of(page: Page, *, fallback: bool = False) -> str | None:
    """The page's URL for an object of the constructed data, or None when there is none (with
    ``fallback``, the URL of an id that exists nowhere)."""
    keys = set(page.pattern.pattern.converters)
    if not keys:
        return reverse(page.name) if page.name else "/" + page.route
    find = ARGUMENTS.get(page.name)
    if find is None and keys == {"pk"}:
        app, _, name = page.name.partition(":")
        if app == "rehabilitation" and name in REHAB_PERSON:
            find = _person_rehab
        elif app in OWN_MODEL:
            find = pk(OWN_MODEL[app])
    if find is None:
        raise LookupError(f"tests/pages.py names no object for {page.name} ({page.route})")
    kwargs = find()
    if kwargs is None and fallback:
        converters = page.pattern.pattern.converters
        kwargs = {k: 999999 if type(c).__name__ == "IntConverter" else "none" for k, c in converters.items()}
    return None if kwargs is None else reverse(page.name, kwargs=kwargs)
