"""``komek category-payments select --programme CODE --date YYYY-MM-DD --territory KATO [--user NAME]``.

Selects a payment list from the registry (as the page does) and prints its count and total.
Without ``--user`` it acts as the system (``system:category-payments``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Count, Q, Sum

from komek.accounts import policy
from komek.accounts.models import User
from komek.category_payments.services import payment_list_create
from komek.common.errors import DomainError


class Command(BaseCommand):
    help = "Select a category payment list from the registry; prints the count and the total."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--programme", required=True, help="programme code (category_payment: true)")
        parser.add_argument("--date", required=True, help="payment date YYYY-MM-DD")
        parser.add_argument("--territory", required=True, help="KATO code of the territory")
        parser.add_argument("--user", help="the member of staff preparing it (default: the system)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            on = dt.date.fromisoformat(options["date"])
        except ValueError:
            raise CommandError(f"--date takes YYYY-MM-DD, not {options['date']!r}") from None
        actor: Any = policy.system("category-payments")
        if options["user"]:
            actor = User.objects.filter(username=options["user"], is_active=True).first()
            if actor is None:
                raise CommandError(f"no active user {options['user']!r}")
        try:
            created = payment_list_create(
                actor=actor, programme=options["programme"], event_date=on, territory=options["territory"]
            )
        except DomainError as exc:
            raise CommandError(str(exc)) from None
        totals = created.rows.aggregate(
            count=Count("id", filter=Q(included=True)), total=Sum("amount", filter=Q(included=True))
        )
        self.stdout.write(
            f"list {created.pk}: {created.programme} {created.event_date:%Y-%m-%d} {created.territory}: "
            f"{totals['count']} persons, {totals['total'] or 0} tenge"
        )
