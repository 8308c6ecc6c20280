"""One demo login per role, for the demo town. Prints the logins; never used in production."""

from typing import Any

from komek.accounts.choices import Reach, Role
from komek.accounts.models import User
from komek.accounts.services.users import user_create
from komek.demo.guard import DemoCommand, demo_actor

BALKHASH = "351600000"
KARAGANDA_REGION = "350000000"
# Analysts and auditors of the region see the whole region; the installation's administrator keeps
# the national legislation (e.g. the median income that sets the poverty line); everyone else works
# in the town.
REACH = {Role.ANALYST: Reach.REGION, Role.AUDITOR: Reach.REGION, Role.ADMINISTRATOR: Reach.NATIONAL}


def demo_password(role: str) -> str:
    # Printed for the demo only; unlike the user name, so Django's similarity check accepts it.
    return f"Balkhash-2026-{Role.values.index(role) + 1:02d}"


class Command(DemoCommand):
    help = "Create one demo user per role (demo installations only) and print the logins."
    demo_what = "Demo users are created"

    def handle(self, *args: Any, **options: Any) -> None:
        rows = []
        for role in Role:
            username = f"demo_{role.value}"
            if not User.objects.filter(username=username).exists():
                reach = REACH.get(role, Reach.UNITS)
                user_create(
                    actor=demo_actor(),
                    username=username,
                    password=demo_password(role.value),
                    role=role.value,
                    units=[KARAGANDA_REGION if reach == Reach.REGION else BALKHASH],
                    reach=reach,
                    first_name=str(role.label),
                )
            rows.append((str(role.label), username, demo_password(role.value)))
        width = max(len(r[0]) for r in rows)
        self.stdout.write("Demo logins (one per role):")
        for label, username, password in rows:
            self.stdout.write(f"  {label:<{width}}  {username:<34} {password}")
