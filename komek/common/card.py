"""The registry of the panels of the 360° card: each context contributes what it knows of a person.

The person's card and the family's card (``komek.registry``) are where a caseworker starts from:
the applications, assignments, payments, employment, rehabilitation, commission cases and category
payments of the person and the family, each shown by the context that keeps them. The registry sits
low in the layers and may not import those contexts, so, like the annual report's sections
(:mod:`komek.common.annual`), each context registers its panel from ``AppConfig.ready`` and the
card shows whatever is registered, in ``order``.

A panel's ``show`` is a selector called as ``show(actor=..., subject=...)``: it asks the access
policy itself (capability and territory) and answers the :class:`PanelContent` its ``template``
renders, or ``None`` when it has nothing to say. It runs a bounded number of queries whatever the
number of records (it shows the latest ``LIMIT`` rows and counts the rest) and writes no audit row:
the card writes one read row naming every person its panels show (``PanelContent.persons``).
The card asks a panel only when the actor holds one of its ``capabilities``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise

#: How many rows of each kind a panel shows: the latest ones; the rest are counted.
LIMIT = 10


@dataclass(frozen=True)
class Subject:
    """Whom a card is about: the persons (the person, or the family's current members) and the
    families (the person's current family, or the family) whose records the panels gather."""

    kind: str  # "person" or "family"
    person_ids: tuple[int, ...]
    family_ids: tuple[int, ...] = ()
    iin: str = ""  # the person's, on a person's card (forms to act on the person are filled with it)

    @property
    def person_id(self) -> int | None:
        """The person of a person's card (``None`` on a family's card)."""
        return self.person_ids[0] if self.kind == "person" and self.person_ids else None

    @property
    def family_id(self) -> int | None:
        return self.family_ids[0] if self.family_ids else None


@dataclass(frozen=True)
class Action:
    """A link to act from the card: its words and the page it opens."""

    label: Promise | str
    url: str


@dataclass
class PanelContent:
    """What a panel shows: its ``rows`` (what the template iterates), the ``persons`` they name (for
    the card's read row), the ``actions`` the viewer may take, ``more``: rows not shown, and any
    ``extra`` the template needs."""

    rows: list[Any]
    persons: tuple[int, ...] = ()
    actions: tuple[Action, ...] = ()
    more: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Panel:
    """A panel of the card: a stable ``code``, its ``title``, its place (``order``), the template
    rendering its content, the capabilities of which the viewer needs one, and its selector."""

    code: str
    title: Promise | str
    order: int
    template: str
    capabilities: tuple[str, ...]
    show: Callable[..., PanelContent | None]


@dataclass(frozen=True)
class ShownPanel:
    """A panel with its content, as the card's template receives it."""

    panel: Panel
    content: PanelContent

    @property
    def code(self) -> str:
        return self.panel.code

    @property
    def title(self) -> Promise | str:
        return self.panel.title

    @property
    def template(self) -> str:
        return self.panel.template


_PANELS: dict[str, Panel] = {}


def register(*panels: Panel) -> None:
    """Add panels (from a context's ``AppConfig.ready``); two contexts cannot claim one code."""
    for panel in panels:
        known = _PANELS.get(panel.code)
        if known is not None and known.show is not panel.show:
            raise ValueError(f"Card panel {panel.code!r} is registered twice.")
        _PANELS[panel.code] = panel


def panels() -> list[Panel]:
    """Every registered panel in the order of the card."""
    return sorted(_PANELS.values(), key=lambda p: (p.order, p.code))


def latest(queryset: Any, limit: int = LIMIT) -> tuple[list[Any], int]:
    """The first ``limit`` rows of an ordered queryset and how many more there are (two queries at
    most: the count only when the page is full)."""
    rows = list(queryset[: limit + 1])
    if len(rows) <= limit:
        return rows, 0
    return rows[:limit], queryset.count() - limit
