"""The panels of the 360° card, gathered from the contexts that registered them (``common.card``).

The registry cannot import the contexts above it; it asks each registered panel whose capability
the viewer holds (through the access policy) for its content. The panels' selectors scope their
rows to the viewer's territory themselves and write no audit row: the card writes one read row
naming the persons of every panel.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from komek.accounts import policy
from komek.common import card
from komek.common.card import ShownPanel, Subject

if TYPE_CHECKING:
    from komek.accounts.policy import Actor


def card_panels(*, user: Actor, subject: Subject) -> list[ShownPanel]:
    """The panels the viewer may see, with their content, in the card's order."""
    shown: list[ShownPanel] = []
    for panel in card.panels():
        if not any(policy.can(user, capability) for capability in panel.capabilities):
            continue
        content = panel.show(actor=user, subject=subject)
        if content is not None:
            shown.append(ShownPanel(panel=panel, content=content))
    return shown


def panel_persons(shown: list[ShownPanel]) -> list[int]:
    """Every person the panels show, once."""
    return sorted({pk for p in shown for pk in p.content.persons})
