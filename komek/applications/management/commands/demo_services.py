"""``komek demo-services``: applications of the demo town in every state and a commission meeting
with its signed protocol, so that demo_caseworker sees a populated dashboard.

Idempotent: run it again and nothing is added once the town has its demo cases. A few cases go the
real way (received, verified, calculated by the rules engine, decided by the commission); the
other few hundred are written in bulk (``komek.applications.seeding``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from komek.accounts.models import User
from komek.applications.models import Application

TOWN = "3516"


class Command(BaseCommand):
    help = "Fill the demo town (Balkhash) with applications in every state and a commission meeting."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cases", type=int, default=300, help="applications written in bulk")

    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.DEMO or settings.DEBUG):
            raise CommandError("Demo cases are created only with KOMEK_DEMO=1 or KOMEK_DEBUG=1.")
        from komek.registry.models import Membership

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
        walked = self._walk(users, members[:6])
        from komek.applications.seeding import seed_cases

        caseworkers = [users["demo_caseworker"]]
        count = seed_cases(
            applicants=members[6:], caseworkers=caseworkers, count=options["cases"], prefix=TOWN
        )
        self.stdout.write(
            f"Applications: {count} in every state for demo_caseworker, {walked} through intake, the rules "
            "engine and the commission (one signed protocol, two cases waiting for the next meeting)."
        )

    def _walk(self, users: dict[str, User], heads: list[tuple[int, str, int]]) -> int:
        """Five cases of the town's one-time assistance the real way; three decided by a meeting."""
        from komek.applications.services.cases import (
            application_calculate,
            application_to_commission,
            application_verify,
        )
        from komek.applications.services.intake import application_receive
        from komek.commissions.services import agenda_build, meeting_create, protocol_sign, vote_cast
        from komek.common.errors import DomainError
        from komek.registry.services._common import today

        registrar, caseworker = users["demo_registrar"], users["demo_caseworker"]
        secretary = users["demo_commission_member"]
        documents = [
            "application",
            "identity",
            "residence",
            "family",
            "incomes",
            "situation_act",
            "bank_account",
        ]
        waiting = []
        for i, (person_id, _kato, _family) in enumerate(heads[:5]):
            app = application_receive(
                actor=registrar, service="local_social_assistance", channel="akim" if i % 2 else "office",
                applicant_id=person_id, documents=documents, language="kk" if i % 2 else "ru",
                circumstances=["fire_damage"],
                bank_bic="HSBKKZKX", iban="KZ20601KZT5004100100",
            )  # fmt: skip
            app = application_verify(actor=caseworker, application_id=app.pk, version=app.version,
                                     documents=app.documents, incomes_checked=True)  # fmt: skip
            try:
                app = application_calculate(actor=caseworker, application_id=app.pk, version=app.version)
            except DomainError as exc:
                self.stderr.write(f"{app.number}: {exc}")
                continue
            waiting.append(app)

        def to_commission(apps: list[Application]) -> None:
            for app in apps:
                application_to_commission(actor=caseworker, application_id=app.pk, version=app.version)

        to_commission(waiting[:3])
        meeting = meeting_create(actor=secretary, kato="351600000", date=today(), quorum=1, member_ids=[])
        agenda_build(actor=secretary, meeting_id=meeting.pk)
        for i, item in enumerate(meeting.items.select_related("application")):
            approve = bool(item.application.programme) and i < 2  # two approved, one refused
            vote_cast(actor=secretary, item_id=item.pk, choice="for" if approve else "against")
        protocol_sign(actor=secretary, meeting_id=meeting.pk)
        to_commission(waiting[3:])  # for the next meeting
        return len(waiting)
