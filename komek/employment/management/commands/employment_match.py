"""``komek employment match --jobseeker IIN [--json] [--limit N] [--user NAME]``: ranked vacancies."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from komek.accounts import policy
from komek.common.errors import DomainError
from komek.employment.choices import ACTIVE_STATUSES
from komek.employment.models import Jobseeker
from komek.employment.selectors.matching import match_vacancies

if TYPE_CHECKING:
    from komek.accounts.policy import Actor


class Command(BaseCommand):
    help = "Ranked suitable vacancies for a registered jobseeker, with the reasons of each rank."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--jobseeker", required=True, help="IIN of the registered jobseeker")
        parser.add_argument("--limit", type=int, default=20)
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument("--user", help="act as this user (their role and territory apply)")

    def handle(self, *args: Any, **options: Any) -> None:
        # Without --user the operator runs the match as the system: every territory, and the audit
        # log names the command (system:employment-match).
        actor: Actor = policy.system("employment-match")
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No such user: {options['user']}")
            actor = user
        js = Jobseeker.objects.filter(
            person__iin=options["jobseeker"].strip(), status__in=ACTIVE_STATUSES
        ).first()
        if js is None:
            raise CommandError("No registered jobseeker with this IIN.")
        try:
            matches = match_vacancies(user=actor, jobseeker_id=js.pk, limit=options["limit"])
        except DomainError as exc:
            raise CommandError(str(exc)) from None
        if options["json"]:
            payload = {"jobseeker": js.pk, "matches": [m.as_dict() for m in matches]}
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        for rank, m in enumerate(matches, start=1):
            v = m.vacancy
            assert v is not None
            self.stdout.write(
                f"{rank:>3}. {m.score:.3f}  {v.occupation_id} {v.title} — {v.employer.name}, "
                f"{v.wage} ₸, {v.kato_id}"
            )
            for reason in m.reasons:
                self.stdout.write(f"       · {reason}")
