"""Roles, their territorial reach, and what each may do.

One explicit table instead of per-user permission rows: a reviewer sees at a glance who can do
what, and a test walks the whole matrix. New capabilities are added here as their issues land.
"""

from __future__ import annotations

from komek.accounts.choices import Capability, Role

C = Capability
_FRONT_OFFICE = {C.PERSON_VIEW, C.PERSON_EDIT, C.INCOME_EDIT, C.STATUS_EDIT, C.DOCUMENT_ADD, C.DOCUMENT_VIEW}

CAPABILITIES: dict[str, frozenset[str]] = {
    Role.REGISTRAR: frozenset(
        {*_FRONT_OFFICE, C.APPLICATION_INTAKE, C.CASE_VIEW}
        | {C.VETERANS_VIEW, C.VETERANS_MANAGE, C.AWARDS_VIEW, C.AWARDS_MANAGE}
        | {C.CHARITY_VIEW, C.CHARITY_MANAGE}
    ),
    Role.CASEWORKER: frozenset(
        {*_FRONT_OFFICE, C.RULES_VIEW, C.APPLICATION_INTAKE, C.CASE_VIEW, C.CASE_PROCESS, C.ASSIGNMENT_VIEW}
        | {C.ASSIGNMENT_MANAGE, C.PROACTIVE_VIEW, C.PROACTIVE_MANAGE, C.VETERANS_VIEW, C.VETERANS_MANAGE}
        | {C.AWARDS_VIEW, C.AWARDS_MANAGE, C.CENTRES_VIEW, C.CENTRES_MANAGE}
        | {C.CHARITY_VIEW, C.CHARITY_MANAGE}
    ),
    Role.COMMISSION_MEMBER: frozenset(
        {C.PERSON_VIEW, C.DOCUMENT_VIEW, C.RULES_VIEW, C.CASE_VIEW, C.COMMISSION_VOTE, C.COMMISSION_MANAGE}
    ),
    Role.EMPLOYMENT_COUNSELLOR: frozenset(
        {
            C.PERSON_VIEW,
            C.STATUS_EDIT,
            C.DOCUMENT_ADD,
            C.DOCUMENT_VIEW,
            C.EMPLOYMENT_VIEW,
            C.EMPLOYMENT_MANAGE,
            C.LABOUR_VIEW,
            C.LABOUR_MANAGE,
            C.MIGRATION_VIEW,
            C.MIGRATION_MANAGE,
        }
    ),
    Role.REHABILITATION_SPECIALIST: frozenset(
        {C.PERSON_VIEW, C.STATUS_EDIT, C.DOCUMENT_ADD, C.DOCUMENT_VIEW, C.REHAB_VIEW, C.REHAB_MANAGE}
        | {C.BARRIER_FREE_VIEW, C.BARRIER_FREE_MANAGE, C.CENTRES_VIEW, C.CENTRES_MANAGE}
    ),
    Role.ACCOUNTANT: frozenset(
        {C.PERSON_VIEW, C.ASSIGNMENT_VIEW, C.PAYROLL_PREPARE, C.BUDGET_VIEW, C.BUDGET_EDIT}
    ),
    Role.DEPARTMENT_HEAD: frozenset(
        {C.PERSON_VIEW, C.DOCUMENT_VIEW, C.AUDIT_VIEW, C.RULES_VIEW, C.SIMULATE, C.CASE_VIEW}
        | {C.CASE_DISTRIBUTE, C.COMMISSION_MANAGE, C.ASSIGNMENT_VIEW, C.PAYROLL_APPROVE}
        | {C.EMPLOYMENT_VIEW, C.REHAB_VIEW, C.BUDGET_VIEW, C.BUDGET_APPROVE, C.REPORT_VIEW}
        | {
            C.BARRIER_FREE_VIEW,
            C.PROACTIVE_VIEW,
            C.JOBS_MANAGE,
            C.VETERANS_VIEW,
            C.AWARDS_VIEW,
            C.CENTRES_VIEW,
            C.LABOUR_VIEW,
            C.CHARITY_VIEW,
            C.MIGRATION_VIEW,
        }
    ),
    # Works with aggregates (simulations by district, plan figures, coverage), never with a person's card.
    Role.ANALYST: frozenset(
        {C.RULES_VIEW, C.SIMULATE, C.EMPLOYMENT_VIEW, C.REHAB_VIEW, C.BUDGET_VIEW, C.REPORT_VIEW}
        | {C.BARRIER_FREE_VIEW, C.PROACTIVE_VIEW, C.VETERANS_VIEW, C.AWARDS_VIEW, C.CENTRES_VIEW}
        | {C.LABOUR_VIEW}
        | {C.CHARITY_VIEW}
        | {C.MIGRATION_VIEW}
    ),
    Role.AUDITOR: frozenset({C.AUDIT_VIEW}),
    Role.ADMINISTRATOR: frozenset(
        {C.USER_ADMIN, C.PERSON_IMPORT, C.AUDIT_VIEW, C.RULES_VIEW, C.RULES_EDIT} | {C.JOBS_MANAGE}
    ),
}


def capabilities_of(role: str) -> frozenset[str]:
    return CAPABILITIES.get(role, frozenset())
