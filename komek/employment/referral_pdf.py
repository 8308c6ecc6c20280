"""The referral to an employer as staff hand it to the jobseeker, in the jobseeker's language: who is
referred, to which employer and position at what wage, and by when the centre expects the outcome."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from komek.common.money import format_tenge
from komek.common.pdf import Line, pdf_language, printout
from komek.employment.models import Referral


def referral_lines(referral: Referral) -> tuple[str, list[Line]]:
    """The referral's title and text in the jobseeker's language."""
    person = referral.jobseeker.person
    vacancy = referral.vacancy
    employer = vacancy.employer
    language = pdf_language(person.language)
    with translation.override(language):
        title = _("Referral No. %(number)s to an employer") % {"number": referral.pk}
        address = ", ".join(part for part in (employer.kato.name, employer.street) if part)
        lines = [
            Line(_("Employment centre"), bold=True, gap=0),
            Line(referral.jobseeker.kato.name, size=10, gap=6),
            Line(title, bold=True, size=14, gap=2),
            Line(_("Issued on %(date)s") % {"date": f"{referral.issued_on:%d.%m.%Y}"}, gap=5),
            Line(_("To the employer: %(name)s (BIN %(bin)s)") % {"name": employer.name, "bin": employer.bin}),
            Line(_("Address: %(address)s") % {"address": address or "—"}, gap=4),
            Line(
                _("The employment centre refers %(name)s, IIN %(iin)s, born on %(birth)s,")
                % {"name": person.full_name, "iin": person.iin, "birth": f"{person.birth_date:%d.%m.%Y}"}
            ),
            Line(
                _("to the vacancy of %(position)s with a monthly wage of %(wage)s tenge (%(schedule)s).")
                % {
                    "position": vacancy.title,
                    "wage": format_tenge(vacancy.wage, language=language, sign=""),
                    "schedule": vacancy.get_schedule_display(),
                },
                gap=4,
            ),
            Line(
                _(
                    "Please inform the employment centre of your decision by %(date)s: hired (from which "
                    "date), or the reason for refusal."
                )
                % {"date": f"{referral.follow_up_on:%d.%m.%Y}"},
                gap=8,
            ),
            Line(_("Employment counsellor: %(name)s") % {"name": _signer(referral)}),
        ]
    return title, lines


def _signer(referral: Referral) -> str:
    user = referral.issued_by
    return user.get_full_name() or user.username


def referral_pdf(referral: Referral, *, compress: bool = True) -> bytes:
    title, lines = referral_lines(referral)
    return printout(title, lines, compress=compress)
