"""The certificate of a citizen affected by the nuclear tests at the Semipalatinsk test site, issued
on the commission's positive decision: its number (per territory and year), the person, the zone and
the period of residence, the decision's meeting."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from komek.commissions.models import Case
from komek.common.pdf import Line, printout


def _dmy(day: dt.date | None) -> str:
    return f"{day:%d.%m.%Y}" if day else ""


def certificate_lines(case: Case) -> list[Line]:
    person, meeting = case.person, case.meeting
    title = _("Certificate No. %(number)s") % {"number": case.certificate_number}
    issued = {"name": person.full_name, "iin": person.iin, "born": _dmy(person.birth_date)}
    period = {"start": _dmy(case.period_from), "end": _dmy(case.period_to), "place": case.place}
    decided = {"number": meeting.number if meeting else "", "date": _dmy(meeting.date if meeting else None)}
    return [
        Line(_("Department of Employment and Social Programs"), bold=True, gap=0),
        Line(case.issuer.name if case.issuer else case.kato.name, size=10, gap=6),
        Line(title, bold=True, size=14, gap=1),
        Line(
            _("of a citizen affected by the nuclear tests at the Semipalatinsk test site"), bold=True, gap=5
        ),
        Line(_("Issued to %(name)s, IIN %(iin)s, born %(born)s.") % issued),
        Line(_("Zone: %(zone)s.") % {"zone": case.get_zone_display()}),
        Line(_("Period of residence: %(start)s – %(end)s, %(place)s.") % period),
        Line(_("Decision of the commission: protocol No. %(number)s of %(date)s.") % decided),
        Line(_("Date of issue: %(date)s.") % {"date": _dmy(case.certificate_issued)}, gap=6),
    ]


def certificate_pdf(case: Case, *, compress: bool = True) -> bytes:
    return printout(_("Certificate No. %(number)s") % {"number": case.certificate_number},
                    certificate_lines(case), compress=compress)  # fmt: skip
