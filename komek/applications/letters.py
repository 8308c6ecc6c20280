"""The applicant's letter about a decision, in the applicant's language, and its PDF.

The letter's text is fixed when the decision is taken (``Notification.content``): the PDF printed
later says what was decided then, whatever has changed since.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from komek.common.money import format_tenge
from komek.common.pdf import new_pdf, output, paragraph

if TYPE_CHECKING:
    from komek.applications.models import Application, Notification

PER = {
    "month": gettext_lazy("per month"),
    "quarter": gettext_lazy("per quarter"),
    "half-year": gettext_lazy("per half-year"),
    "once": gettext_lazy("one-time"),
}


def _programme_title(code: str, language: str) -> str:
    from komek.legislation import loader

    for programme in loader.application_engine().programmes:
        if programme.code == code:
            return str(programme.title.get(language) or programme.title.get("en") or code)
    return code


def letter_content(app: Application) -> dict[str, Any]:
    """Title and paragraphs of the letter, in the applicant's language."""
    language = app.language
    with translation.override(language):
        received = timezone.localtime(app.received_at).date()
        decided = timezone.localtime(app.decided_at).date() if app.decided_at else received
        lines = [
            _("Application No. %(number)s of %(date)s")
            % {"number": app.number, "date": f"{received:%d.%m.%Y}"},
            _("State service: %(name)s") % {"name": app.service.name_in(language)},
        ]
        if app.decision == "assign":
            period = str(PER.get(app.periodicity, PER["month"]))
            lines.append(
                _(
                    "Your application is granted: %(programme)s is assigned in the amount of "
                    "%(amount)s tenge %(per)s for the period from %(start)s to %(end)s."
                )
                % {
                    "programme": _programme_title(app.programme, language),
                    "amount": format_tenge(app.decided_amount or 0, language=language, sign=""),
                    "per": period,
                    "start": f"{app.period_start:%d.%m.%Y}" if app.period_start else "",
                    "end": f"{app.period_end:%d.%m.%Y}" if app.period_end else "",
                }
            )
            lines.append(_("The payments go to the account %(iban)s.") % {"iban": app.iban})
        elif app.decision == "refuse":
            reason = app.refusal_reason.name_in(language) if app.refusal_reason else ""
            lines.append(_("Your application is refused. Reason: %(reason)s.") % {"reason": reason})
            lines.append(_("You may appeal this decision to the head of the department or to the court."))
        else:
            names = {d.code: d.name_in(language) for d in app.service.documents.all()}
            lines.append(_("Your application is returned: please bring the following documents:"))
            lines.extend(f"– {names.get(code, code)}" for code in app.missing_documents)
        if app.protocol_number:
            lines.append(
                _("Decided by the commission, protocol No. %(number)s.") % {"number": app.protocol_number}
            )
        if app.decision_note:
            lines.append(app.decision_note)
        lines.append(_("Date of the decision: %(date)s") % {"date": f"{decided:%d.%m.%Y}"})
        return {
            "language": language,
            "sender": _("Department of Employment and Social Programs"),
            "territory": str(getattr(app.kato, f"name_{language}", "") or app.kato.name_ru),
            "title": _("Notification of the decision"),
            "to": app.applicant.full_name,
            "lines": lines,
        }


def letter_pdf(notification: Notification, *, compress: bool = True) -> bytes:
    content = notification.content
    pdf = new_pdf(compress=compress)
    pdf.set_title(str(content.get("title", "")))
    paragraph(pdf, str(content.get("sender", "")), bold=True, gap=0)
    paragraph(pdf, str(content.get("territory", "")), size=10, gap=8)
    paragraph(pdf, str(content.get("to", "")), gap=6)
    paragraph(pdf, str(content.get("title", "")), bold=True, size=14, gap=6)
    for line in content.get("lines", []):
        paragraph(pdf, str(line))
    return output(pdf)
