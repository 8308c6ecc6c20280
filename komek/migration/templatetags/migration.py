"""Template filters of the migration pages: a country's name in the user's language."""

from __future__ import annotations

from django import template

from komek.migration.choices import ROMAN
from komek.migration.countries import country_name

register = template.Library()


@register.filter(name="country")
def country(code: str) -> str:
    return country_name(code)


@register.filter(name="roman")
def roman(category: str) -> str:
    return ROMAN.get(category, category)
