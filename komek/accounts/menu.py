"""The menus of the staff interface, driven by the access policy.

Each entry names the page it opens and the capabilities of which one suffices to open it; a menu
shows a user only the entries the access policy (:mod:`komek.accounts.policy`) lets them open, so no
menu leads to "access denied". ``tests/test_menus.py`` opens every entry as each demo role.

Every page shows the main menu, so its links (labels in the reader's language, addresses reversed)
are built once per set of capabilities held and language and kept for the process; a request only
marks the current section. The set held is asked of the access policy on every request, so a
user whose role changed sees the new role's menu on their next page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.urls import ResolverMatch, get_script_prefix, reverse
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from komek.accounts import policy
from komek.accounts.choices import Capability

C = Capability
#: The pages of the Enbek programme's people (komek.employment.views.programme), under one entry.
PROGRAMME_PAGES = (
    "programme_figures",
    "tipo_list",
    "tipo_create",
    "tipo_plan",
    "youth_list",
    "youth_create",
    "contest_list",
    "contest_create",
    "contest_detail",
    "contest_entry",
    "contest_winners",
    "status_list",
    "status_import",
)


def _app(*names: str) -> Callable[[ResolverMatch], bool]:
    return lambda m: m.app_name in names


def _urls(*names: str) -> Callable[[ResolverMatch], bool]:
    return lambda m: m.url_name in names


def _never(match: ResolverMatch) -> bool:
    return False


@dataclass(frozen=True)
class Entry:
    label: str | Promise
    url_name: str
    #: One of them suffices to open the page.
    capabilities: tuple[str, ...]
    #: Whether the entry is the section of the page being shown (``aria-current``).
    current: Callable[[ResolverMatch], bool] = _never
    #: Needed besides: the page names persons (an analyst works with aggregates, never a person).
    also: tuple[str, ...] = ()

    def allowed(self, actor: Any) -> bool:
        return self.allowed_by(held(actor))

    def allowed_by(self, capabilities: frozenset[str]) -> bool:
        """Whether a holder of ``capabilities`` may open the entry's page."""
        return any(c in capabilities for c in self.capabilities) and all(c in capabilities for c in self.also)


def held(actor: Any) -> frozenset[str]:
    """The capabilities the access policy lets the actor use (``None``: nobody signed in, none)."""
    if actor is None:
        return frozenset()
    return frozenset(c.value for c in Capability if policy.can(actor, c.value))


PERSONS = (C.PERSON_VIEW,)

MENUS: dict[str, tuple[Entry, ...]] = {
    "main": (
        Entry(_("Persons"), "registry:person_search", (C.PERSON_VIEW,), _urls("person_search")),
        Entry(_("Register a person"), "registry:person_create", (C.PERSON_EDIT,), _urls("person_create")),
        Entry(
            _("Register a family"),
            "registry:family_register",
            (C.PERSON_EDIT,),
            _urls("family_register", "family_create"),
        ),
        Entry(_("Rules"), "legislation:programme_list", (C.RULES_VIEW,), _app("legislation")),
        Entry(_("Applications"), "applications:case_list", (C.CASE_VIEW,), _app("services", "applications")),
        Entry(
            _("Commission"),
            "commissions:meeting_list",
            (C.COMMISSION_VOTE, C.COMMISSION_MANAGE),
            _app("commissions"),
        ),
        Entry(_("Proactive support"), "proactive:worklist", (C.PROACTIVE_VIEW,), _app("proactive")),
        Entry(
            _("Category payments"),
            "category_payments:list_index",
            (C.ASSIGNMENT_MANAGE, C.PAYROLL_APPROVE),
            _app("category_payments"),
        ),
        Entry(
            _("Budget"),
            "budget:execution",
            (C.BUDGET_VIEW,),
            lambda m: m.app_name == "budget" and not (m.url_name or "").startswith("plan"),
        ),
        Entry(
            _("Budget plan"),
            "budget:plan",
            (C.BUDGET_VIEW,),
            lambda m: m.app_name == "budget" and (m.url_name or "").startswith("plan"),
        ),
        Entry(_("Employment"), "employment:figures", (C.EMPLOYMENT_VIEW,), _app("employment")),
        Entry(_("Rehabilitation"), "rehabilitation:index", (C.REHAB_VIEW,), _app("rehabilitation")),
        Entry(_("Barrier-free"), "barrier_free:object_list", (C.BARRIER_FREE_VIEW,), _app("barrier_free")),
        Entry(_("Veterans"), "veterans:figures", (C.VETERANS_VIEW,), _app("veterans")),
        Entry(_("State awards"), "awards:figures", (C.AWARDS_VIEW,), _app("awards")),
        Entry(_("Centres"), "centres:centre_list", (C.CENTRES_VIEW,), _app("centres")),
        Entry(_("Labour"), "labour:enterprise_list", (C.LABOUR_VIEW,), _app("labour")),
        Entry(_("Charity"), "charity:figures", (C.CHARITY_VIEW,), _app("charity")),
        Entry(_("Migration"), "migration:figures", (C.MIGRATION_VIEW,), _app("migration")),
        Entry(
            _("Payrolls"), "payments:payroll_list", (C.PAYROLL_PREPARE, C.PAYROLL_APPROVE), _app("payments")
        ),
        Entry(
            _("Background jobs"),
            "jobs:job_list",
            (C.PAYROLL_PREPARE, C.REPORT_VIEW, C.JOBS_MANAGE),
            _app("jobs"),
        ),
        Entry(_("Audit log"), "audit:audit_list", (C.AUDIT_VIEW,), _app("common")),
        Entry(_("Users"), "accounts:user_list", (C.USER_ADMIN,), _app("accounts")),
    ),
    "employment": (
        Entry(_("Plan and actual"), "employment:figures", (C.EMPLOYMENT_VIEW,), _urls("figures")),
        Entry(
            _("Jobseekers"),
            "employment:jobseeker_list",
            (C.EMPLOYMENT_VIEW,),
            _urls("jobseeker_list"),
            PERSONS,
        ),
        Entry(_("Vacancies"), "employment:vacancy_list", (C.EMPLOYMENT_VIEW,), _urls("vacancy_list")),
        Entry(_("Employers"), "employment:employer_list", (C.EMPLOYMENT_VIEW,), _urls("employer_list")),
        Entry(
            _("Social contracts"),
            "employment:contract_list",
            (C.EMPLOYMENT_VIEW,),
            _urls("contract_list"),
            PERSONS,
        ),
        Entry(
            _("Enrol in a measure"),
            "employment:measure_create",
            (C.EMPLOYMENT_MANAGE,),
            _urls("measure_create"),
        ),
        Entry(
            _("Short-term training"),
            "employment:training_lists",
            (C.EMPLOYMENT_VIEW,),
            _urls("training_lists", "training_lists_import"),
        ),
        Entry(
            _("Vocational education, youth, social status"),
            "employment:programme_figures",
            (C.EMPLOYMENT_VIEW,),
            _urls(*PROGRAMME_PAGES),
        ),
        Entry(
            _("Job creation"),
            "employment:creation_figures",
            (C.EMPLOYMENT_VIEW,),
            _urls(
                "creation_figures",
                "project_list",
                "project_detail",
                "job_creation_list",
                "exchange_import",
                "agency_list",
                "agency_detail",
            ),
        ),
        Entry(
            _("Microcredits"),
            "employment:microfinance_list",
            (C.EMPLOYMENT_VIEW,),
            _urls("microfinance_list", "microfinance_detail", "microfinance_figures"),
            PERSONS,
        ),
    ),
    "awards": (
        Entry(
            _("Award cases"),
            "awards:case_list",
            (C.AWARDS_VIEW,),
            _urls("case_list", "case_detail", "case_create"),
            PERSONS,
        ),
        Entry(_("Figures of a year"), "awards:figures", (C.AWARDS_VIEW,), _urls("figures")),
    ),
    "rehabilitation": (
        Entry(_("Coverage"), "rehabilitation:coverage", (C.REHAB_VIEW,), _urls("coverage")),
        Entry(_("Suppliers and contracts"), "rehabilitation:supply", (C.REHAB_VIEW,), _urls("supply")),
        Entry(
            _("Sanatorium vouchers"), "rehabilitation:vouchers", (C.REHAB_VIEW,), _urls("vouchers"), PERSONS
        ),
        Entry(_("Special social services"), "rehabilitation:care", (C.REHAB_VIEW,), _urls("care")),
        Entry(
            _("Stays in special social services"),
            "rehabilitation:stays",
            (C.REHAB_VIEW,),
            _urls("stays", "stay_new", "stay_leave", "centre_new", "stay_figures", "stay_correct"),
        ),
        Entry(
            _("Queues of the special social services"),
            "rehabilitation:stay_queue",
            (C.REHAB_VIEW,),
            _urls("stay_queue", "stay_apply", "stay_admit_queued", "stay_cancel"),
            PERSONS,
        ),
        Entry(
            _("Caseloads"),
            "rehabilitation:stay_caseload",
            (C.REHAB_VIEW,),
            _urls("stay_caseload"),
            PERSONS,
        ),
        Entry(_("Import IPRs"), "rehabilitation:import", (C.REHAB_MANAGE,), _urls("import")),
    ),
    "rules": (
        Entry(
            _("Programmes in force"), "legislation:programme_list", (C.RULES_VIEW,), _urls("programme_list")
        ),
        Entry(_("Parameters"), "legislation:parameter_list", (C.RULES_VIEW,), _urls("parameter_list")),
        Entry(_("Council decisions"), "legislation:decision_list", (C.RULES_VIEW,), _urls("decision_list")),
        Entry(_("New council decision"), "legislation:decision_add", (C.RULES_EDIT,), _urls("decision_add")),
        Entry(_("Simulate a reform"), "legislation:simulate", (C.SIMULATE,), _urls("simulate")),
    ),
    "payments": (
        Entry(
            _("Payrolls"),
            "payments:payroll_list",
            (C.PAYROLL_PREPARE, C.PAYROLL_APPROVE),
            lambda m: m.url_name != "overpayments",
        ),
        Entry(
            _("Overpayments"),
            "payments:overpayments",
            (C.PAYROLL_PREPARE, C.PAYROLL_APPROVE),
            _urls("overpayments"),
        ),
    ),
}


@dataclass(frozen=True)
class Link:
    label: str | Promise
    url: str
    current: bool


def entries(actor: Any, menu: str) -> list[Entry]:
    """The entries of ``menu`` the actor may open."""
    return [e for e in MENUS[menu] if e.allowed(actor)]


def links(actor: Any, menu: str, match: ResolverMatch | None = None) -> list[Link]:
    """The links of ``menu`` shown to the actor, the one of the current section marked."""
    return _marked(menu, held(actor), match)


@lru_cache(maxsize=1024)
def _built(
    menu: str, capabilities: frozenset[str], language: str | None, script_prefix: str
) -> tuple[tuple[Entry, str, str], ...]:
    """The entries of ``menu`` a holder of ``capabilities`` may open, each with its label in
    ``language`` and its address: the same for every request of that set and language."""
    return tuple((e, str(e.label), reverse(e.url_name)) for e in MENUS[menu] if e.allowed_by(capabilities))


def _marked(menu: str, capabilities: frozenset[str], match: ResolverMatch | None) -> list[Link]:
    built = _built(menu, capabilities, get_language(), get_script_prefix())
    return [Link(label, url, bool(match and e.current(match))) for e, label, url in built]


class Menus:
    """The menus of a request for templates (``menus.main``, ``menus.employment``), built on use
    from the capabilities the actor holds (``capabilities``, as :func:`held` answers them)."""

    def __init__(
        self, actor: Any, match: ResolverMatch | None, capabilities: frozenset[str] | None = None
    ) -> None:
        self._actor, self._match = actor, match
        self._held = held(actor) if capabilities is None else capabilities
        self._built: dict[str, list[Link]] = {}

    def __getitem__(self, menu: str) -> list[Link]:
        if menu not in MENUS:
            raise KeyError(menu)
        if self._actor is None:
            return []
        if menu not in self._built:
            self._built[menu] = _marked(menu, self._held, self._match)
        return self._built[menu]
