"""``komek demo-budget``: the demo town's allocations for the current and last year and next year's
plan (idempotent)."""

from __future__ import annotations

import io
from typing import Any

from django.core.management import call_command

from komek.accounts.models import User
from komek.demo.budget import demo_allocations, demo_plan
from komek.demo.guard import DemoCommand, demo_actor


class Command(DemoCommand):
    help = "The demo town's budget allocations for the current and the last year, and next year's plan."
    demo_what = "Demo budget allocations are made"

    def handle(self, *args: Any, **options: Any) -> None:
        if not User.objects.filter(username="demo_accountant").exists():
            call_command("demo_users", stdout=io.StringIO())
        users = {u.username: u for u in User.objects.filter(username__startswith="demo_")}
        made = demo_allocations(
            accountant=users["demo_accountant"], head=users["demo_department_head"], system=demo_actor()
        )
        self.stdout.write(f"Budget: {len(made)} allocations approved for the demo town.")
        plan = demo_plan(accountant=users["demo_accountant"])
        if plan is not None:
            self.stdout.write(
                f"Budget: the plan for {plan.year} made from the forecast ({plan.rows.count()} rows)."
            )
