"""``komek dci deliver``: post the pending DCI callbacks and notifications (run every minute)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from komek.dci.services.delivery import deliver_pending
from komek.dci.services.subscriptions import dispatch_events


class Command(BaseCommand):
    help = "Dispatch the registry events to subscribers and post the pending DCI callbacks."

    def handle(self, *args: Any, **options: Any) -> None:
        made = dispatch_events()
        result = deliver_pending()
        if options["verbosity"]:
            self.stdout.write(
                _(
                    "%(made)s notifications made; %(delivered)s delivered, %(failed)s failed, "
                    "%(waiting)s waiting."
                )
                % {
                    "made": made,
                    "delivered": result.delivered,
                    "failed": result.failed,
                    "waiting": result.waiting,
                }
            )
