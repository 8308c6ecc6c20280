"""The registry of the card's panels: every context's panel registered once, in the card's order."""

from __future__ import annotations

from typing import Any

import pytest

from komek.common import card
from komek.common.card import Panel, PanelContent


def _show(**_: Any) -> PanelContent:
    return PanelContent(rows=[])


def test_the_contexts_register_their_panels_in_order() -> None:
    """The seven contexts' panels are registered at start-up, applications first."""
    codes = [p.code for p in card.panels()]
    assert codes == [
        "applications",
        "assignments",
        "payments",
        "employment",
        "rehabilitation",
        "commission",
        "category_payments",
    ]


def test_a_code_cannot_be_claimed_twice() -> None:
    """A second panel under a known code with another selector is refused."""
    known = card.panels()[0]
    other = Panel(known.code, "x", 1, "x.html", ("person.view",), _show)
    with pytest.raises(ValueError, match="registered twice"):
        card.register(other)
    card.register(known)  # the same panel again changes nothing
    assert card.panels()[0] is known
