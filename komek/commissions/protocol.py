"""The protocol of a commission meeting as PDF: members, quorum, each case with the votes and the
decision; signed off by the secretary (the date of signing printed)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from komek.commissions.selectors import MeetingCard
from komek.common.money import format_tenge
from komek.common.pdf import new_pdf, output, paragraph


def protocol_pdf(card: MeetingCard, *, compress: bool = True) -> bytes:
    meeting = card.meeting
    language = get_language() or "ru"
    pdf = new_pdf(compress=compress)
    title = _("Protocol No. %(number)s of the commission meeting") % {"number": meeting.number}
    pdf.set_title(title)
    paragraph(pdf, _("Department of Employment and Social Programs"), bold=True, gap=0)
    paragraph(pdf, meeting.kato.name, size=10, gap=6)
    paragraph(pdf, title, bold=True, size=14, gap=2)
    paragraph(pdf, _("Date: %(date)s") % {"date": f"{meeting.date:%d.%m.%Y}"})
    members = ", ".join(
        f"{m.user.get_full_name() or m.user.username} ({m.get_role_display()})" for m in card.members
    )
    paragraph(pdf, _("Members: %(members)s") % {"members": members})
    paragraph(pdf, _("Quorum: %(quorum)s") % {"quorum": meeting.quorum}, gap=5)
    for i, item in enumerate(card.items, start=1):
        app = item.application
        paragraph(
            pdf,
            f"{i}. {app.number} · {app.applicant.full_name} · {app.service.name}",
            bold=True,
            gap=1,
        )
        paragraph(
            pdf,
            _("Votes: for %(yes)s, against %(no)s, abstained %(abstain)s.")
            % {"yes": item.votes_for, "no": item.votes_against, "abstain": item.votes_abstain},
            gap=1,
        )
        if item.outcome == "approved":
            decision = _("Decision: assign %(amount)s tenge (limit %(limit)s tenge).") % {
                "amount": format_tenge(item.amount or 0, language=language, sign=""),
                "limit": format_tenge(app.amount_limit or 0, language=language, sign=""),
            }
        elif item.outcome == "rejected":
            decision = _("Decision: refuse.")
        else:
            decision = _("Decision: pending.")
        paragraph(pdf, decision, gap=4)
    if meeting.signed_at:
        signed = timezone.localtime(meeting.signed_at)
        paragraph(
            pdf,
            _("Signed by the secretary %(name)s on %(date)s.")
            % {
                "name": meeting.secretary.get_full_name() or meeting.secretary.username,
                "date": f"{signed:%d.%m.%Y %H:%M}",
            },  # fmt: skip
            bold=True,
        )
    else:
        paragraph(pdf, _("Draft: the protocol is not signed yet."), bold=True)
    return output(pdf)
