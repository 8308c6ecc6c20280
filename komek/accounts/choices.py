"""The choices of accounts: the roles of staff, how far their view reaches, and what a role may do.

Codes are stored on the user and named in the access policy (``komek.accounts.policy``); labels are
translated. Which role holds which capability is ``komek.accounts.roles``.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    REGISTRAR = "registrar", _("Registrar")
    CASEWORKER = "caseworker", _("Caseworker")
    COMMISSION_MEMBER = "commission_member", _("Commission member")
    EMPLOYMENT_COUNSELLOR = "employment_counsellor", _("Employment counsellor")
    REHABILITATION_SPECIALIST = "rehabilitation_specialist", _("Rehabilitation specialist")
    ACCOUNTANT = "accountant", _("Accountant")
    DEPARTMENT_HEAD = "department_head", _("Department head")
    ANALYST = "analyst", _("Analyst")
    AUDITOR = "auditor", _("Auditor")
    ADMINISTRATOR = "administrator", _("Administrator")


class Reach(models.TextChoices):
    """How far a user's view of the registry extends."""

    UNITS = "units", _("Own territorial units")
    REGION = "region", _("Whole region of own units")
    NATIONAL = "national", _("Whole country")


class Capability(models.TextChoices):
    PERSON_VIEW = "person.view", _("View persons and families")
    PERSON_EDIT = "person.edit", _("Register and edit persons and families")
    INCOME_EDIT = "income.edit", _("Record incomes")
    STATUS_EDIT = "status.edit", _("Record statuses")
    DOCUMENT_ADD = "document.add", _("Attach documents")
    DOCUMENT_VIEW = "document.view", _("Open documents")
    PERSON_IMPORT = "person.import", _("Import persons")
    AUDIT_VIEW = "audit.view", _("View the audit log")
    USER_ADMIN = "user.admin", _("Manage users")
    RULES_VIEW = "rules.view", _("View programmes and calculate entitlements")
    RULES_EDIT = "rules.edit", _("Edit legal parameters and enter council decisions")
    SIMULATE = "rules.simulate", _("Simulate reforms")
    # State services, commission, assignments and payroll
    APPLICATION_INTAKE = "application.intake", _("Receive applications for state services")
    CASE_VIEW = "case.view", _("View applications and cases")
    CASE_PROCESS = "case.process", _("Process cases and decide them")
    CASE_DISTRIBUTE = "case.distribute", _("Distribute cases among caseworkers")
    COMMISSION_VOTE = "commission.vote", _("Vote in the commission")
    COMMISSION_MANAGE = "commission.manage", _("Convene commission meetings and sign protocols")
    ASSIGNMENT_VIEW = "assignment.view", _("View assignments of benefits")
    ASSIGNMENT_MANAGE = "assignment.manage", _("Suspend, terminate and recalculate assignments")
    PAYROLL_PREPARE = "payroll.prepare", _("Prepare payrolls and bank registries")
    PAYROLL_APPROVE = "payroll.approve", _("Approve payrolls")
    # Employment centre
    EMPLOYMENT_VIEW = "employment.view", _("View the employment centre's records and figures")
    EMPLOYMENT_MANAGE = "employment.manage", _("Register jobseekers, employers, vacancies and measures")
    # Rehabilitation and special social services
    REHAB_VIEW = "rehab.view", _("View rehabilitation programmes, queues and coverage")
    REHAB_MANAGE = "rehab.manage", _("Enter rehabilitation programmes, deliveries and issues")
    # Barrier-free environment: social-infrastructure objects, their passports and adaptation
    BARRIER_FREE_VIEW = "barrier_free.view", _("View the accessibility of social-infrastructure objects")
    BARRIER_FREE_MANAGE = "barrier_free.manage", _("Register, certify and record the adaptation of objects")
    # Work with veterans: their records, patronage, visits, exemptions under memoranda and events
    VETERANS_VIEW = "veterans.view", _("View the veterans, their patronage, visits and the figures")
    VETERANS_MANAGE = "veterans.manage", _("Record veterans, patronage, visits, exemptions and events")
    # Charity: the register of NGOs, patrons, donors and funds, campaigns, help in kind, sponsorship
    CHARITY_VIEW = "charity.view", _("View the charity partners, campaigns, help in kind and figures")
    CHARITY_MANAGE = "charity.manage", _("Register partners, record campaigns, help in kind and sponsorship")
    # Family, crafts and active longevity centres: registered persons, their services, events
    CENTRES_VIEW = "centres.view", _("View the centres, their registered persons and figures")
    CENTRES_MANAGE = "centres.manage", _("Create centres, register persons, record services and events")
    # Labour market and labour relations at the enterprises: surveys, inspections, arrears, accidents
    LABOUR_VIEW = "labour.view", _("View the enterprises, their surveys, inspections, arrears, figures")
    LABOUR_MANAGE = "labour.manage", _("Register enterprises, record their surveys, inspections, arrears")
    # Migration: kandas (consultations, status, invitations, support) and foreign labour (quota, permits)
    MIGRATION_VIEW = "migration.view", _("View kandas, permits for foreign labour, the quota and the figures")
    MIGRATION_MANAGE = "migration.manage", _("Record kandas and their support, issue permits, record checks")
    # Proactive support: the worklist of families the registry shows entitled to what they do not receive
    PROACTIVE_VIEW = "proactive.view", _("View the worklist of proactive support and its figures")
    PROACTIVE_MANAGE = "proactive.manage", _("Scan the registry, offer support and record consents")
    AWARDS_VIEW = "awards.view", _("View the award cases of mothers of large families")
    AWARDS_MANAGE = "awards.manage", _("Send the award documents, record decrees and presentations")
    # Budget: allocations and their execution
    BUDGET_VIEW = "budget.view", _("View budget allocations and their execution")
    BUDGET_EDIT = "budget.edit", _("Enter and amend budget allocations")
    BUDGET_APPROVE = "budget.approve", _("Approve budget allocations")
    # Reports
    REPORT_VIEW = "report.view", _("Read the annual report of the territory")
    # Background jobs: everyone sees and may cancel their own; a manager those of the territory
    JOBS_MANAGE = "jobs.manage", _("See and cancel the background jobs of the territory")
