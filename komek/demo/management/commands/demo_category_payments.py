"""``komek demo-category-payments``: the demo town's Victory Day list, approved and paid (idempotent)."""

from __future__ import annotations

import io
from typing import Any

from django.core.management import call_command
from django.db.models import Count, Q, Sum

from komek.accounts.models import User
from komek.benefits.banks import banks_load
from komek.demo.category_payments import victory_day_list
from komek.demo.guard import DemoCommand, demo_actor


class Command(DemoCommand):
    help = "The demo town's Victory Day payment list, selected, reviewed, approved and paid."
    demo_what = "Demo category payments are made"

    def handle(self, *args: Any, **options: Any) -> None:
        banks_load()
        if not User.objects.filter(username="demo_caseworker").exists():
            call_command("demo_users", stdout=io.StringIO())
        users = {u.username: u for u in User.objects.filter(username__startswith="demo_")}
        found = victory_day_list(
            caseworker=users["demo_caseworker"],
            head=users["demo_department_head"],
            accountant=users["demo_accountant"],
            system=demo_actor(),
        )
        if found is None:
            self.stdout.write(
                "Category payments: the demo town has nobody old enough for a Victory Day list."
            )
            return
        totals = found.rows.aggregate(
            n=Count("id", filter=Q(included=True)), total=Sum("amount", filter=Q(included=True))
        )
        self.stdout.write(
            f"Category payments: Victory Day list {found.pk}, {totals['n']} persons, "
            f"{totals['total']} tenge, {found.status}"
        )
