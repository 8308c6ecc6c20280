"""The protocol of a commission meeting as PDF: members, quorum, each case with the votes recorded
and the decision; signed off by the secretary (the date of signing printed).

The draft and the signed protocol both count the votes recorded on each item (``MeetingCard.tally``):
the counts kept on the item are a copy the signature makes, and a draft must not print zeros.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from komek.commissions.choices import Outcome
from komek.commissions.selectors import MeetingCard
from komek.common.money import format_tenge
from komek.common.pdf import new_pdf, output, paragraph


@dataclass(frozen=True)
class Line:
    text: str
    bold: bool = False
    size: int = 11
    gap: int = 2


def protocol_lines(card: MeetingCard) -> list[Line]:
    """The protocol's text, line by line, in the active language."""
    meeting = card.meeting
    language = get_language() or "ru"
    title = _("Protocol No. %(number)s of the commission meeting") % {"number": meeting.number}
    members = ", ".join(
        f"{m.user.get_full_name() or m.user.username} ({m.get_role_display()})" for m in card.members
    )
    lines = [
        Line(_("Department of Employment and Social Programs"), bold=True, gap=0),
        Line(meeting.kato.name, size=10, gap=6),
        Line(title, bold=True, size=14, gap=2),
        Line(_("Date: %(date)s") % {"date": f"{meeting.date:%d.%m.%Y}"}),
        Line(_("Members: %(members)s") % {"members": members}),
        Line(_("Quorum: %(quorum)s") % {"quorum": meeting.quorum}, gap=5),
    ]
    for i, item in enumerate(card.items, start=1):
        app = item.application
        yes, no, abstain = card.tally(item)
        lines.append(
            Line(f"{i}. {app.number} · {app.applicant.full_name} · {app.service.name}", bold=True, gap=1)
        )
        lines.append(
            Line(
                _("Votes: for %(yes)s, against %(no)s, abstained %(abstain)s.")
                % {"yes": yes, "no": no, "abstain": abstain},
                gap=1,
            )
        )
        if item.outcome == Outcome.APPROVED and app.amount_limit is None:
            decision = _("Decision: assign %(amount)s tenge (the actual costs).") % {
                "amount": format_tenge(item.amount or 0, language=language, sign=""),
            }
        elif item.outcome == Outcome.APPROVED:
            decision = _("Decision: assign %(amount)s tenge (limit %(limit)s tenge).") % {
                "amount": format_tenge(item.amount or 0, language=language, sign=""),
                "limit": format_tenge(app.amount_limit or 0, language=language, sign=""),
            }
        elif item.outcome == Outcome.REJECTED:
            decision = _("Decision: refuse.")
        else:
            decision = _("Decision: pending.")
        lines.append(Line(decision, gap=4))
    if meeting.signed_at:
        signed = timezone.localtime(meeting.signed_at)
        name = meeting.secretary.get_full_name() or meeting.secretary.username
        lines.append(
            Line(
                _("Signed by the secretary %(name)s on %(date)s.")
                % {"name": name, "date": f"{signed:%d.%m.%Y %H:%M}"},
                bold=True,
            )
        )
    else:
        lines.append(Line(_("Draft: the protocol is not signed yet."), bold=True))
    return lines


def protocol_pdf(card: MeetingCard, *, compress: bool = True) -> bytes:
    pdf = new_pdf(compress=compress)
    pdf.set_title(_("Protocol No. %(number)s of the commission meeting") % {"number": card.meeting.number})
    for line in protocol_lines(card):
        paragraph(pdf, line.text, bold=line.bold, size=line.size, gap=line.gap)
    return output(pdf)
