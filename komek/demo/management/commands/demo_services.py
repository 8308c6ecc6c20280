"""``komek demo-services``: applications of the demo town in every state and a commission meeting
with its signed protocol, so that demo_caseworker sees a populated dashboard.

Idempotent: run it again and nothing is added once the town has its demo cases. A few cases go the
real way (received, verified, calculated by the rules engine, decided by the commission); the
other few hundred are written in bulk (``komek.demo.applications``).
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import CommandError, CommandParser

from komek.accounts.models import User
from komek.applications.models import Application
from komek.demo.applications import seed_cases, walk_cases
from komek.demo.guard import DemoCommand
from komek.registry.models import Membership

TOWN = "3516"
TOWN_KATO = "351600000"


class Command(DemoCommand):
    help = "Fill the demo town (Balkhash) with applications in every state and a commission meeting."
    demo_what = "Demo cases are created"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cases", type=int, default=300, help="applications written in bulk")

    def handle(self, *args: Any, **options: Any) -> None:
        if Application.objects.filter(kato__code__startswith=TOWN).count() >= options["cases"]:
            self.stdout.write("The demo town already has its applications.")
            return
        if not User.objects.filter(username="demo_caseworker").exists():
            call_command("demo_users", stdout=self.stdout)
        members = list(
            Membership.objects.filter(
                valid_to__isnull=True, family__kato__code__startswith=TOWN, relation="head"
            )
            .order_by("family_id")
            .values_list("person_id", "person__kato_id", "family_id")[:600]
        )
        if len(members) < 20:
            raise CommandError(
                "The demo town has no registry yet: run `komek demo-data` (or `komek demo`) first."
            )
        users = {u.username: u for u in User.objects.filter(username__startswith="demo_")}
        walked = walk_cases(users=users, heads=members[:6], town_kato=TOWN_KATO, warn=self.stderr.write)
        count = seed_cases(
            applicants=members[6:],
            caseworkers=[users["demo_caseworker"]],
            count=options["cases"],
            prefix=TOWN,
        )
        self.stdout.write(
            f"Applications: {count} in every state for demo_caseworker, {walked} through intake, the rules "
            "engine and the commission (one signed protocol, two cases waiting for the next meeting)."
        )
