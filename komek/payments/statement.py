"""The statement of payments of an assignment, as staff hand it to the recipient in the recipient's
language: the programme, the period and monthly amount, the account, every payment line (payroll
month, month paid for, amount, bank, whether the bank returned it) and the total paid."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from komek.accounts import policy
from komek.accounts.choices import Capability
from komek.benefits.models import Assignment
from komek.common import audit
from komek.common.errors import NotFound
from komek.common.money import format_tenge
from komek.common.pdf import Line, pdf_language, printout
from komek.payments.choices import LineStatus
from komek.payments.models import PaymentLine
from komek.payments.purposes import programme_title

if TYPE_CHECKING:
    from komek.accounts.policy import Actor

READERS = (Capability.ASSIGNMENT_VIEW, Capability.PAYROLL_PREPARE, Capability.PAYROLL_APPROVE)
NO_PAYMENT = gettext_lazy("No payment has been made yet.")


@dataclass(frozen=True)
class Statement:
    assignment: Assignment
    lines: list[PaymentLine]

    @property
    def total(self) -> int:
        """What reached the recipient: every line the bank did not return."""
        return sum(line.amount for line in self.lines if line.status != LineStatus.RETURNED)


def statement_read(*, user: Actor, assignment_id: int, ip_address: str | None = None) -> Statement:
    """The assignment of the user's territory with its payment lines (an audited read)."""
    policy.require_any(user, *READERS)
    visible: QuerySet[Assignment] = policy.scoped(Assignment.objects.all(), user, field="kato_code")
    assignment = visible.select_related("recipient", "bank").filter(pk=assignment_id).first()
    if assignment is None:
        raise NotFound(_("No such assignment."))
    lines = list(
        PaymentLine.objects.filter(assignment=assignment, territory=assignment.kato_code)
        .select_related("bank")
        .order_by("month", "for_month", "id")
    )
    audit.read(
        actor=user, obj=assignment, person_id=assignment.recipient_id, territory=assignment.kato_code,
        ip_address=ip_address,
    )  # fmt: skip
    return Statement(assignment=assignment, lines=lines)


def statement_lines(statement: Statement) -> tuple[str, list[Line]]:
    """The statement's title and text in the recipient's language."""
    a = statement.assignment
    person = a.recipient
    language = pdf_language(person.language)

    def money(value: int) -> str:
        return format_tenge(value, language=language, sign="")

    with translation.override(language):
        title = _("Statement of payments of assignment No. %(number)s") % {"number": a.pk}
        lines = [
            Line(_("Department of Employment and Social Programs"), bold=True, gap=6),
            Line(title, bold=True, size=14, gap=2),
            Line(_("Issued on %(date)s") % {"date": f"{timezone.localdate():%d.%m.%Y}"}, gap=5),
            Line(_("Recipient: %(name)s, IIN %(iin)s") % {"name": person.full_name, "iin": person.iin}),
            Line(
                _("Programme: %(title)s") % {"title": programme_title(a.programme, a.period_start, language)}
            ),
            Line(
                _("Assigned %(amount)s tenge a month from %(start)s to %(end)s; status: %(status)s.")
                % {
                    "amount": money(a.monthly_amount),
                    "start": f"{a.period_start:%d.%m.%Y}",
                    "end": f"{a.period_end:%d.%m.%Y}",
                    "status": a.get_status_display(),
                }
            ),
            Line(_("Account: %(iban)s at %(bank)s") % {"iban": a.iban, "bank": a.bank.name}, gap=5),
        ]
        for line in statement.lines:
            returned = f" — {line.get_status_display()}" if line.status == LineStatus.RETURNED else ""
            lines.append(
                Line(
                    _("%(month)s (for %(for_month)s): %(amount)s tenge, %(kind)s, %(bank)s")
                    % {
                        "month": f"{line.month:%m.%Y}",
                        "for_month": f"{line.for_month:%m.%Y}",
                        "amount": money(line.amount),
                        "kind": line.get_kind_display(),
                        "bank": line.bank.name,
                    }
                    + returned,
                    size=10,
                    gap=1,
                )
            )
        if not statement.lines:
            lines.append(Line(str(NO_PAYMENT)))
        lines.append(
            Line(_("Total paid: %(total)s tenge") % {"total": money(statement.total)}, bold=True, gap=4)
        )
    return title, lines


def statement_pdf(statement: Statement, *, compress: bool = True) -> bytes:
    title, lines = statement_lines(statement)
    return printout(title, lines, compress=compress)
