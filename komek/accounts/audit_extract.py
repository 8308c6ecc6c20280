"""The extract of the audit log about a person, in the person's language: who read or changed their
data, when and what (the right of a person to know who processed their personal data)."""

from __future__ import annotations

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from komek.accounts.selectors.audit import PersonExtract
from komek.common.pdf import Line, pdf_language, printout


def extract_lines(extract: PersonExtract) -> tuple[str, list[Line]]:
    """The extract's title and text in the person's language."""
    person = extract.person
    with translation.override(pdf_language(person.language)):
        title = _("Extract of the audit log about %(name)s") % {"name": person.full_name}
        lines = [
            Line(_("Department of Employment and Social Programs"), bold=True, gap=6),
            Line(title, bold=True, size=14, gap=2),
            Line(
                _("IIN %(iin)s; issued on %(date)s")
                % {"iin": person.iin, "date": f"{timezone.localdate():%d.%m.%Y}"}
            ),
            Line(_("Records: %(count)s") % {"count": len(extract.rows) + extract.more}, gap=5),
        ]
        for row in extract.rows:
            at = timezone.localtime(row.at)
            what = f"{row.object_type} {row.object_id}".strip()
            lines.append(
                Line(
                    f"{at:%d.%m.%Y %H:%M} · {row.actor_username or '—'} · {row.get_action_display()} · {what}"
                    + (f" · {row.reason}" if row.reason else ""),
                    size=9,
                    gap=1,
                )
            )
        if not extract.rows:
            lines.append(Line(_("No record about this person.")))
        if extract.more:
            lines.append(
                Line(_("And %(count)s earlier records (see the audit log).") % {"count": extract.more}, gap=2)
            )
    return title, lines


def extract_pdf(extract: PersonExtract, *, compress: bool = True) -> bytes:
    title, lines = extract_lines(extract)
    return printout(title, lines, compress=compress)
