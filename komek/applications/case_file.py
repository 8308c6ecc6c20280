"""The case file as staff print it for the applicant or the archive, in the applicant's language:
the application, the documents of the service's checklist (presented or missing), the calculation
and the decision."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from komek.applications.letters import PER, _programme_title
from komek.common.money import format_tenge
from komek.common.pdf import Line, pdf_language, printout

if TYPE_CHECKING:
    from komek.applications.selectors import CaseCard


def case_file_lines(card: CaseCard) -> tuple[str, list[Line]]:
    """The case file's title and text in the applicant's language."""
    app = card.app
    language = pdf_language(app.language)

    def money(value: int | None) -> str:
        return format_tenge(value or 0, language=language, sign="")

    with translation.override(language):
        title = _("Case file of application No. %(number)s") % {"number": app.number}
        received = timezone.localtime(app.received_at).date()
        person = app.applicant
        lines = [
            Line(_("Department of Employment and Social Programs"), bold=True, gap=0),
            Line(app.kato.name, size=10, gap=6),
            Line(title, bold=True, size=14, gap=2),
            Line(_("State service: %(name)s") % {"name": app.service.name_in(language)}),
            Line(_("Applicant: %(name)s, IIN %(iin)s") % {"name": person.full_name, "iin": person.iin}),
            Line(
                _("Received on %(date)s (%(channel)s); due on %(due)s; status: %(status)s.")
                % {
                    "date": f"{received:%d.%m.%Y}",
                    "channel": app.get_channel_display(),
                    "due": f"{app.due_date:%d.%m.%Y}",
                    "status": app.get_status_display(),
                },
                gap=5,
            ),
            Line(_("Documents"), bold=True, size=12, gap=1),
        ]
        for document, presented in card.documents:
            mark = _("presented") if presented else _("missing")
            lines.append(Line(f"— {document.name_in(language)}: {mark}", size=10, gap=1))
        lines.append(Line(_("Calculation"), bold=True, size=12, gap=1))
        if app.calculated_amount is None:
            lines.append(Line(_("Not calculated yet."), gap=4))
        else:
            lines.append(
                Line(
                    _("%(programme)s: %(amount)s tenge %(per)s (limit %(limit)s tenge, MCI %(mci)s tenge).")
                    % {
                        "programme": _programme_title(app.programme, language),
                        "amount": money(app.calculated_amount),
                        "per": str(PER.get(app.periodicity, PER["month"])),
                        "limit": money(app.amount_limit) if app.amount_limit is not None else "—",
                        "mci": money(app.mci) if app.mci is not None else "—",
                    },
                    gap=4,
                )
            )
        lines.append(Line(_("Decision"), bold=True, size=12, gap=1))
        if not app.decision:
            lines.append(Line(_("Not decided yet.")))
        elif app.decision == "assign":
            lines.append(
                Line(
                    _("Assigned %(amount)s tenge from %(start)s to %(end)s.")
                    % {
                        "amount": money(app.decided_amount),
                        "start": f"{app.period_start:%d.%m.%Y}" if app.period_start else "—",
                        "end": f"{app.period_end:%d.%m.%Y}" if app.period_end else "—",
                    }
                )
            )
        else:
            reason = app.refusal_reason.name_in(language) if app.refusal_reason else ""
            lines.append(Line(_("Refused: %(reason)s") % {"reason": reason or app.decision_note or "—"}))
        if app.protocol_number:
            lines.append(Line(_("Commission protocol No. %(number)s") % {"number": app.protocol_number}))
    return title, lines


def case_file_pdf(card: CaseCard, *, compress: bool = True) -> bytes:
    title, lines = case_file_lines(card)
    return printout(title, lines, compress=compress)
