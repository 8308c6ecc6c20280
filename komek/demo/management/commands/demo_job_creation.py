"""``komek demo-job-creation``: Almaty's 2020 of job creation, the employment road map, the private
agencies and the job fairs as the report of the Almaty Social Welfare Department prints it
(idempotent)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from komek.demo.guard import DemoCommand, demo_actor
from komek.demo.job_creation import demo_job_creation


class Command(DemoCommand):
    help = "Road map projects, new jobs by source, private agencies' reports and job fairs of Almaty's 2020."
    demo_what = "Demo job-creation records are made"

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            made = demo_job_creation(demo_actor())
        self.stdout.write(f"Job creation: {made} road map projects recorded.")
