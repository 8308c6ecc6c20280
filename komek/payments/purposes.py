"""The payment purpose a recipient reads on their bank statement: the programme's title from the
legislation and the month, in the recipient's language ("Адресная социальная помощь за декабрь
2026"), Russian when the registry does not know it, within pain.001's 140 characters of ``Ustrd``.

Three texts per payroll (one per language), chosen per payment: no query per payment.
"""

from __future__ import annotations

import datetime as dt

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from komek.common import periods
from komek.legislation import loader

LANGUAGES = ("kk", "ru", "en")
#: The recipient's language when the registry does not know it.
DEFAULT_LANGUAGE = "ru"
#: ISO 20022 pain.001: ``RmtInf/Ustrd`` is Max140Text.
MAX_LENGTH = 140

MONTHS = (
    pgettext_lazy("payment purpose", "January"),
    pgettext_lazy("payment purpose", "February"),
    pgettext_lazy("payment purpose", "March"),
    pgettext_lazy("payment purpose", "April"),
    pgettext_lazy("payment purpose", "May"),
    pgettext_lazy("payment purpose", "June"),
    pgettext_lazy("payment purpose", "July"),
    pgettext_lazy("payment purpose", "August"),
    pgettext_lazy("payment purpose", "September"),
    pgettext_lazy("payment purpose", "October"),
    pgettext_lazy("payment purpose", "November"),
    pgettext_lazy("payment purpose", "December"),
)


def programme_title(code: str, month: dt.date, language: str) -> str:
    """The title of the programme's version in force in the month (its latest version otherwise)."""
    versions = sorted(
        (p for p in loader.application_engine().programmes if p.code == code), key=lambda p: p.valid_from
    )
    last_day = periods.month_end(month)
    in_force = [
        p for p in versions if p.valid_from <= last_day and (p.valid_to is None or p.valid_to >= month)
    ]
    chosen = (in_force or versions)[-1] if versions else None
    if chosen is None:
        return code
    return str(chosen.title.get(language) or chosen.title.get("en") or code)


def purpose_text(code: str, month: dt.date, language: str) -> str:
    """The purpose in one language, cut to 140 characters."""
    with translation.override(language):
        text = _("%(programme)s for %(month)s %(year)s") % {
            "programme": programme_title(code, month, language),
            "month": str(MONTHS[month.month - 1]),
            "year": month.year,
        }
    return text[:MAX_LENGTH]


def purposes(code: str, month: dt.date) -> dict[str, str]:
    """The purpose in each language, and under ``""`` the default language's (an unknown language)."""
    texts = {language: purpose_text(code, month, language) for language in LANGUAGES}
    texts[""] = texts[DEFAULT_LANGUAGE]
    return texts
