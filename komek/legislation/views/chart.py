"""A bar chart as inline SVG, drawn on the server: no chart library, nothing loaded from outside."""

from __future__ import annotations

from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

WIDTH = 760
LABEL = 250
BAR = 13
GAP = 12
TOP = 30


def _number(value: float) -> str:
    return f"{int(round(value)):,}".replace(",", "\u202f")


def bar_chart(rows: list[dict[str, Any]], *, metric: str = "recipients", limit: int = 12) -> SafeString:
    """Baseline and reform side by side for each programme with any value, the largest first.

    ``rows`` are the programmes of a simulation (``baseline_<metric>``, ``reform_<metric>``,
    ``title``); the chart's text is escaped, its numbers are the caller's.
    """
    base_key, reform_key = f"baseline_{metric}", f"reform_{metric}"
    shown = sorted(
        (r for r in rows if r[base_key] or r[reform_key]),
        key=lambda r: -max(r[base_key], r[reform_key]),
    )[:limit]
    if not shown:
        return mark_safe("")  # noqa: S308 (an empty string)
    top = max(max(r[base_key], r[reform_key]) for r in shown) or 1
    span = WIDTH - LABEL - 90
    height = TOP + len(shown) * (2 * BAR + GAP) + 6
    title = _("Recipients") if metric == "recipients" else _("Cost, tenge")
    legislation, reform = escape(_("legislation")), escape(_("reform"))
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'xmlns="http://www.w3.org/2000/svg" aria-label="{escape(title)}">',
        f'<text x="0" y="14" class="chart-title">{escape(title)}</text>',
        f'<rect x="{LABEL}" y="4" width="12" height="12" class="bar-base"/>'
        f'<text x="{LABEL + 16}" y="14">{legislation}</text>',
        f'<rect x="{LABEL + 130}" y="4" width="12" height="12" class="bar-reform"/>'
        f'<text x="{LABEL + 146}" y="14">{reform}</text>',
    ]
    for i, row in enumerate(shown):
        y = TOP + i * (2 * BAR + GAP)
        label = str(row.get("title") or row["programme"])
        short = label if len(label) <= 36 else label[:35] + "…"
        parts.append(f'<text x="0" y="{y + BAR + 4}" class="chart-label">')
        parts.append(f"<title>{escape(label)}</title>{escape(short)}</text>")
        for j, (key, css) in enumerate(((base_key, "bar-base"), (reform_key, "bar-reform"))):
            value = row[key]
            width = max(span * value / top, 1 if value else 0)
            top_y = y + j * BAR
            parts.append(
                f'<rect x="{LABEL}" y="{top_y}" width="{width:.1f}" height="{BAR - 1}" class="{css}"/>'
            )
            x = LABEL + width + 4
            parts.append(
                f'<text x="{x:.1f}" y="{top_y + BAR - 2}" class="chart-value">{_number(value)}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text above is escaped)
