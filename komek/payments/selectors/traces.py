"""The records behind the annual report's figures of money paid (``komek.payments.report``): the
families, the persons and the payment lines that the figures count.

Each list is narrowed by the selector of the figure itself (``paid_lines``, ``members_paid``), so
its length, or the sum of its lines' amounts, is the figure. The queries are lazy: the reports
context counts and pages them, and audits the read naming the persons shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy

from komek.common.annual import Column, Records, Shown, masked_iin
from komek.payments.models import PaymentLine
from komek.payments.purposes import programme_title
from komek.payments.selectors.paid import members_paid, paid_lines
from komek.registry.models import Family, Person
from komek.registry.selectors import families_records, persons_records

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

#: What a figure of money paid counts: the families, their members, the recipients, the persons the
#: assignments are for (a child schooled at home, paid to a parent), the money.
COUNTS = ("families", "persons", "recipients", "subjects", "lines")

LINE_COLUMNS = (
    Column(gettext_lazy("Recipient")),
    Column(gettext_lazy("IIN")),
    Column(gettext_lazy("Programme")),
    Column(gettext_lazy("Kind")),
    Column(gettext_lazy("Payroll month"), "month"),
    Column(gettext_lazy("For month"), "month"),
    Column(gettext_lazy("Amount, tenge"), "tenge"),
)


def _show_lines(page: list[PaymentLine]) -> list[Shown]:
    language = (get_language() or "ru")[:2]
    titles: dict[tuple[str, object], str] = {}
    rows = []
    for line in page:
        recipient = line.assignment.recipient
        key = (line.assignment.programme, line.month)
        if key not in titles:
            titles[key] = programme_title(line.assignment.programme, line.month, language)
        rows.append(
            Shown(
                (
                    recipient.full_name,
                    masked_iin(recipient.iin),
                    titles[key],
                    line.get_kind_display(),
                    line.month,
                    line.for_month,
                    line.amount,
                ),
                (recipient.pk,),
                reverse("benefits:assignment_detail", args=[line.assignment_id]),
            )
        )
    return rows


def lines_records(lines: QuerySet[PaymentLine]) -> Records:
    """Payment lines as a list whose amounts add up to the money figure."""
    ordered = lines.select_related("assignment__recipient").order_by("month", "assignment_id", "kind", "id")
    return Records("lines", ordered, LINE_COLUMNS, _show_lines, amount="amount")


def paid_records(
    *, actor: Actor, year: int, prefix: str, programmes: Iterable[str], counts: str, kind: str = ""
) -> Records:
    """The records behind a figure of money paid in ``year`` under ``programmes`` (of one assignment
    kind, when given): ``counts`` is one of :data:`COUNTS`."""
    lines = paid_lines(actor=actor, year=year, prefix=prefix, programmes=programmes)
    if kind:
        lines = lines.filter(assignment__kind=kind)
    if counts == "families":
        return families_records(Family.objects.filter(pk__in=lines.values("assignment__family_id")))
    if counts == "persons":
        return persons_records(members_paid(lines, year))
    if counts == "recipients":
        return persons_records(Person.objects.filter(pk__in=lines.values("assignment__recipient_id")))
    if counts == "subjects":
        return persons_records(Person.objects.filter(pk__in=lines.values("assignment__person_id")))
    if counts == "lines":
        return lines_records(lines)
    raise ValueError(f"Unknown count {counts!r}: one of {COUNTS}.")
