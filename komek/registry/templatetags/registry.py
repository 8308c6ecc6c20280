"""Template filters of the registry's pages."""

from __future__ import annotations

from django import template

from komek.registry.choices import DisabilityCause

register = template.Library()


@register.filter
def cause_label(value: str) -> str:
    """The translated label of a disability cause code (statuses keep the code)."""
    if not value:
        return "—"
    return str(dict(DisabilityCause.choices).get(value, value))
