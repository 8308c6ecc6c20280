"""The ``komek`` command line: Django's management commands under friendlier names.

``komek iin ...``, ``komek import persons FILE``, ``komek demo-data --persons N`` and every
Django command (``komek migrate``, ``komek runserver``) go through one entry point.
"""

from __future__ import annotations

import os
import sys

# Sub-commands written with spaces or dashes on the command line, and the Django command behind each.
ALIASES: dict[tuple[str, ...], str] = {
    ("import", "persons"): "import_persons",
    ("import", "statuses"): "import_statuses",
    ("registry", "summary", "refresh"): "registry_summary_refresh",
    ("demo-data",): "demo_data",
    ("demo-users",): "demo_users",
    ("load-reference",): "load_reference",
    ("services", "list"): "services_list",
    ("employment", "match"): "employment_match",
    ("demo-employment",): "demo_employment",
    ("rehab", "queue"): "rehab_queue",
    ("rehab", "replacements"): "rehab_replacements",
    ("demo-rehab",): "demo_rehab",
    ("demo-services",): "demo_services",
    ("payroll", "run"): "payroll_run",
    ("payroll", "export"): "payroll_export",
    ("demo-payments",): "demo_payments",
    ("assignments", "recalculate"): "recalculate_assignments",
    ("assignments", "schedule"): "assignments_schedule",
    ("category-payments", "select"): "category_payments_select",
    ("demo-category-payments",): "demo_category_payments",
    ("budget", "execution"): "budget_execution",
    ("budget", "plan"): "budget_plan",
    ("demo-budget",): "demo_budget",
    ("demo-year",): "demo_year",
    ("report", "annual"): "report_annual",
    ("audit", "verify"): "audit_verify",
    ("proactive", "scan"): "proactive_scan",
    ("demo-proactive",): "demo_proactive",
    ("demo-veterans",): "demo_veterans",
    ("demo-commissions",): "demo_commissions",
    ("demo-awards",): "demo_awards",
    ("demo-centres",): "demo_centres",
    ("demo-labour",): "demo_labour",
    ("demo-charity",): "demo_charity",
    ("demo-special",): "demo_special",
    ("demo-migration",): "demo_migration",
    ("demo-programme-people",): "demo_programme_people",
    ("demo-job-creation",): "demo_job_creation",
    ("demo-microfinance",): "demo_microfinance",
    ("dci", "client", "add"): "dci_client_add",
    ("dci", "deliver"): "dci_deliver",
    ("jobs", "worker"): "jobs_worker",
    ("jobs", "beat"): "jobs_beat",
    ("jobs", "due"): "jobs_due",
    ("jobs", "sweep"): "jobs_sweep",
}


def translate(argv: list[str]) -> list[str]:
    for words, command in sorted(ALIASES.items(), key=lambda item: -len(item[0])):
        if tuple(argv[: len(words)]) == words:
            return [command, *argv[len(words) :]]
    return argv


def main(argv: list[str] | None = None) -> None:
    args = translate(list(sys.argv[1:] if argv is None else argv))
    plain_rules = args[:2] in (["rules", "calculate"], ["rules", "list"])
    if plain_rules and not {"--database", "-h", "--help"} & set(args):
        # The shipped legislation needs neither the database nor Django: a calculation as a
        # process then starts in a fraction of the time (komek.rules.command).
        from komek.rules.command import main as rules_main

        sys.exit(rules_main(args[1:]))
    if args[:1] == ["deadline"]:
        # Working days need only the calendar: no Django, no database.
        from komek.applications.management.deadline import main as deadline_main

        sys.exit(deadline_main(args[1:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "komek.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["komek", *args])


if __name__ == "__main__":
    main()
