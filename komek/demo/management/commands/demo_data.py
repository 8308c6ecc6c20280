"""``komek demo-data --persons N [--region KATO] [--seed S]``: add a synthetic population (demo only)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from komek.common.errors import DomainError
from komek.demo.guard import DemoCommand, demo_actor
from komek.demo.population.generator import DEFAULT_REGION, demo_data


class Command(DemoCommand):
    help = "Add synthetic persons in families, with statuses, incomes and housing (demo and load tests)."
    demo_what = "Synthetic persons are added to the registry"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--persons", type=int, required=True, help="how many persons to add")
        parser.add_argument(
            "--region", default=DEFAULT_REGION, help="KATO code; persons go to the settlements under it"
        )
        parser.add_argument("--seed", type=int, default=None, help="random seed, for a repeatable population")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        try:
            result = demo_data(
                actor=demo_actor(), persons=options["persons"], region=options["region"], seed=options["seed"]
            )
        except DomainError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            _(
                "Added %(persons)s persons in %(families)s families, %(statuses)s statuses and "
                "%(incomes)s monthly incomes in %(seconds).1f s."
            )
            % {
                "persons": result.persons,
                "families": result.families,
                "statuses": result.statuses,
                "incomes": result.incomes,
                "seconds": time.perf_counter() - started,
            }
        )
