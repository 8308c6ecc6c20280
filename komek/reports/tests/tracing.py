"""The check the traceability tests share: every figure the report links to its records is their count
(or, for money, the sum of their amounts)."""

from __future__ import annotations

from typing import Any

from komek.reports.selectors import annual_report, figure_records


def traced_figures(actor: Any, year: int, territory: str) -> dict[str, tuple[Any, int, int]]:
    """``{code: (figure, records counted, records listed)}`` of every figure of the report with a
    list of records; asserts that each list adds up to its figure."""
    report = annual_report(actor=actor, year=year, territory=territory)
    found: dict[str, tuple[Any, int, int]] = {}
    for section in report.sections:
        for line in section.lines:
            if not line.traced:
                continue
            listed = figure_records(actor=actor, year=year, territory=territory, code=line.figure.code)
            assert listed.figure.value == line.figure.value, line.figure.code
            assert listed.total == line.figure.value, (line.figure.code, listed.total, line.figure.value)
            assert listed.records.total() == line.figure.value, line.figure.code
            found[line.figure.code] = (line.figure.value, listed.page.paginator.count, len(listed.rows))
    return found
