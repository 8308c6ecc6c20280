"""Charts as data: what a page hands to ``includes/chart.html``.

A chart is drawn in the browser by Chart.js (vendored under ``static/vendor/chartjs``, ADR 0017)
from a JSON data block, never from inline script, and the same figures are printed as a table
beside it: the table is what a screen reader reads and what a printout shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["bar", "line"]


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[int | float]


@dataclass(frozen=True)
class Chart:
    """One chart: an id unique on its page, a title, the x-axis labels and one or more series."""

    id: str
    title: str
    labels: Sequence[str]
    series: Sequence[Series] = field(default_factory=tuple)
    kind: Kind = "bar"
    unit: str = ""

    def data(self) -> dict[str, object]:
        """The JSON block ``static/js/charts.js`` draws from."""
        return {
            "kind": self.kind,
            "title": self.title,
            "unit": self.unit,
            "labels": [str(label) for label in self.labels],
            "series": [{"label": s.label, "values": list(s.values)} for s in self.series],
        }

    def rows(self) -> list[tuple[str, list[int | float]]]:
        """The table beside the chart: one row per label, one column per series."""
        return [(str(label), [s.values[i] for s in self.series]) for i, label in enumerate(self.labels)]
