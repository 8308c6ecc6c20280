"""Words instead of codes: a budget programme's name with its code, a source's name."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import get_language

from komek.budget.choices import BudgetSource, SpecialService, Thing
from komek.budget.reference import reference
from komek.common.money import format_tenge
from komek.employment.choices import MeasureKind
from komek.payments.purposes import programme_title as benefit_title
from komek.rehabilitation.choices import AidKind


def language() -> str:
    return (get_language() or "ru")[:2]


def programme_title(code: str) -> str:
    """``451.007 Social assistance to ...`` in the user's language (the code alone if unknown)."""
    line = reference().line(code)
    return line.title(language()) if line is not None else code


def source_label(source: str) -> str:
    return str(dict(BudgetSource.choices).get(source, source))


def programme_choices() -> list[tuple[str, str]]:
    return list(reference().titles(language()).items())


def money(value: int) -> str:
    """An amount as staff write it in their language (``1 234 567 ₸``)."""
    return format_tenge(value, language=language())


def thing_title(thing: str, code: str, year: int) -> str:
    """What a spending record is of, in words: the benefit programme's title in the year, the
    employment measure, the rehabilitation aid or the special social service (the code if unknown)."""
    if thing == Thing.PROGRAMME:
        return benefit_title(code, dt.date(year, 12, 1), language())
    kinds: dict[str, type[MeasureKind] | type[AidKind] | type[SpecialService]] = {
        Thing.MEASURE: MeasureKind,
        Thing.AID: AidKind,
        Thing.SPECIAL_SERVICE: SpecialService,
    }
    labels = dict(kinds[thing].choices) if thing in kinds else {}
    return str(labels.get(code, code))
