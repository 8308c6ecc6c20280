"""The one guard in front of every demo entry point."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from komek.accounts.policy import SystemActor, system


def demo_allowed() -> bool:
    """A demo (``KOMEK_DEMO=1``) or a developer's installation (``KOMEK_DEBUG=1``), never production."""
    return bool((settings.DEMO or settings.DEBUG) and not settings.PRODUCTION)


def require_demo(what: str) -> None:
    """Refuse ``what`` (a sentence naming the data) outside demo installations."""
    if not demo_allowed():
        raise CommandError(f"{what} only on a demo installation (KOMEK_DEMO=1 or KOMEK_DEBUG=1).")


def demo_actor() -> SystemActor:
    """The actor the demo's data is made by, as the audit log shows it (``system:demo``)."""
    return system("demo")


class DemoCommand(BaseCommand):
    """A management command that makes demo data: refused outside demo installations."""

    #: What the command makes, for the refusal: "Demo payments are made".
    demo_what = "Demo data is made"

    def execute(self, *args: Any, **options: Any) -> Any:
        require_demo(self.demo_what)
        return super().execute(*args, **options)
