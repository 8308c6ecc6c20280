"""The citizen portal in the demo: which citizen of the demo town to sign in as.

A citizen with something to see: the head of a family with an offer of support waiting for the
consent (the demo's proactive step offers a few), else the applicant of a decided case."""

from __future__ import annotations

from komek.applications.models import Application
from komek.proactive.choices import ItemStatus
from komek.proactive.models import Item
from komek.registry.models import Person


def demo_citizen() -> Person | None:
    item = (
        Item.objects.filter(status=ItemStatus.OFFERED, contact__isnull=False)
        .select_related("contact")
        .order_by("pk")
        .first()
    )
    if item is not None:
        return item.contact
    app = Application.objects.filter(status="assigned").select_related("applicant").order_by("pk").first()
    return app.applicant if app is not None else None


def sign_in_text(bind: str) -> str:
    """How to sign in as the demo's citizen (printed by ``komek demo``)."""
    person = demo_citizen()
    if person is None:
        return ""
    return (
        f"Citizen portal: http://{bind}/my/  sign in with the IIN {person.iin} ({person.full_name}); "
        f"the one-time code is in the portal's outbox, http://{bind}/portal/outbox/ (as a caseworker)."
    )
