"""``komek demo``: prepare the embedded demo installation and serve it on 127.0.0.1:8000.

Idempotent: the database is migrated, the reference data refreshed, the demo town generated only
when the registry is empty, and one login per role created and printed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import CommandParser

from komek.demo.employment.almaty import PERSONS as ALMATY_PERSONS
from komek.demo.employment.almaty import almaty_population
from komek.demo.guard import DemoCommand, demo_actor
from komek.registry.models import Person

DEMO_TOWN = "351600000"  # Balkhash town administration: Balkhash, Gulshat, Sayak
DEMO_CITY_DISTRICT = "751110000"  # a slice of Almaty, to show territorial scoping


class Command(DemoCommand):
    help = "Set up the demo town and run the web server at http://127.0.0.1:8000."
    demo_what = "The demo town is set up"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--persons", type=int, default=12000, help="persons in the demo town")
        parser.add_argument(
            "--almaty-persons",
            type=int,
            default=ALMATY_PERSONS,
            help="persons in Almaty's other districts, whose employment centre's register of 2020 they make",
        )
        parser.add_argument("--bind", default="127.0.0.1:8000")
        parser.add_argument("--no-serve", action="store_true", help="prepare only, do not start the server")
        parser.add_argument(
            "--no-year",
            action="store_true",
            help="without Balkhash's 2018 as its report tells it (demo-year)",
        )

    def _almaty(self, persons: int) -> None:
        """Almaty's districts beside the Almaly one, at the scale of its employment centre's register."""
        if persons < 1:
            return
        started = time.perf_counter()
        result = almaty_population(actor=demo_actor(), persons=persons)
        self.stdout.write(
            f"Almaty: {result.persons} persons in {result.families} families over its other districts "
            f"in {time.perf_counter() - started:.1f} s."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", verbosity=0, interactive=False)
        call_command("load_reference")
        if not Person.objects.exists():
            self.stdout.write(f"Generating the demo town ({options['persons']} persons)...")
            call_command("demo_data", persons=options["persons"], region=DEMO_TOWN, seed=2026)
            call_command(
                "demo_data", persons=max(options["persons"] // 6, 100), region=DEMO_CITY_DISTRICT, seed=75
            )
            self._almaty(options["almaty_persons"])
        call_command("collectstatic", interactive=False, verbosity=0)
        call_command("demo_users")
        call_command("demo_legislation")
        call_command("demo_employment")
        call_command("demo_rehab")
        call_command("demo_special")
        call_command("demo_services")
        call_command("demo_payments")
        call_command("demo_category_payments")
        call_command("demo_budget")
        call_command("demo_barrier_free")
        call_command("demo_veterans")
        call_command("demo_commissions")
        call_command("demo_proactive")
        call_command("demo_awards")
        call_command("demo_centres")
        call_command("demo_labour")
        call_command("demo_charity")
        call_command("demo_migration")
        call_command("demo_programme_people")
        call_command("demo_job_creation")
        call_command("demo_microfinance")
        if not options["no_year"]:
            call_command("demo_year", 2018)
        call_command("registry_summary_refresh")  # the start pages' head-count of the registry
        from komek.demo.portal import sign_in_text

        citizen = sign_in_text(options["bind"])
        if citizen:
            self.stdout.write(citizen)
        if options["no_serve"]:
            return
        self.stdout.write(f"Komek is starting at http://{options['bind']}/  (Ctrl+C stops it)")
        sys.stdout.flush()
        # The background jobs' worker beside the server (the filesystem broker under the var
        # directory unless KOMEK_BROKER_URL names one); it shares the terminal, so Ctrl+C stops it too.
        komek = shutil.which("komek", path=os.path.dirname(sys.executable)) or "komek"
        subprocess.Popen([komek, "jobs", "worker", "--loglevel", "warning"])  # noqa: S603 (fixed arguments)
        gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or "gunicorn"
        os.execv(  # noqa: S606 (this process becomes the server, with fixed arguments)
            gunicorn,
            [
                gunicorn,
                "komek.wsgi:application",
                "--bind",
                options["bind"],
                "--workers",
                "3",
                # Threads keep connections alive between requests (sync workers close each one).
                "--threads",
                "2",
                "--worker-class",
                "gthread",
                "--access-logfile",
                "-",
                "--access-logformat",
                '%(t)s "%(m)s %(U)s" %(s)s %(L)ss',
            ],
        )
