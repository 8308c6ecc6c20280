"""The occupation picker: an occupation named by its code or its title, with the classifier offered
as the user types (a ``<datalist>`` of "code — title" in the reader's language).

Staff know occupations by name ("сварщик"), the classifier by code (7212): either is accepted, and
what is chosen from the list ("7212 — Сварщики…") too. Several occupations are separated by commas
(a jobseeker's professions); the list then completes the last one (``static/js/komek.js``).
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from komek.employment.models import Occupation

#: "7212", "7212 — Сварщики" (the list's own form) and "Сварщики (7212)" (as completed after a comma).
CODE_FIRST = re.compile(r"^(\d{4})(?:\s*[—–-]\s*.*)?$")
CODE_LAST = re.compile(r"^.*\((\d{4})\)$")


def occupation_options(language: str) -> list[tuple[str, str]]:
    """``(code, title)`` of every unit group of the classifier, titles in ``language``."""
    column = f"title_{language}" if language in ("kk", "ru", "en") else "title_ru"
    return list(Occupation.objects.order_by("code").values_list("code", column))


class OccupationInput(forms.TextInput):
    template_name = "employment/widgets/occupation.html"

    def __init__(self, *, multiple: bool = False) -> None:
        super().__init__(attrs={"autocomplete": "off", "data-occupations": "many" if multiple else "one"})

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget["list_id"] = f"{widget['attrs'].get('id') or name}-occupations"
        widget["attrs"]["list"] = widget["list_id"]
        widget["options"] = [
            f"{code} — {title}" for code, title in occupation_options((get_language() or "ru")[:2])
        ]
        return context


class OccupationField(forms.CharField):
    """One occupation (``multiple=False``: its code) or several separated by commas (a list of codes)."""

    default_error_messages = {
        "unknown": _(
            "«%(name)s» is not an occupation of the classifier: choose one from the list or type its code."
        ),
        "several": _("«%(name)s» names several occupations (%(codes)s): choose one from the list."),
        "too_many": _("At most %(limit)d occupations."),
    }

    def __init__(self, *, multiple: bool = False, limit: int = 10, **kwargs: Any) -> None:
        self.multiple, self.limit = multiple, limit
        self._titles: dict[str, tuple[str, ...]] | None = None
        kwargs.setdefault("max_length", 2000 if multiple else 300)
        super().__init__(widget=OccupationInput(multiple=multiple), **kwargs)

    def to_python(self, value: Any) -> Any:
        text = super().to_python(value)
        if not text:
            return [] if self.multiple else ""
        names = [n.strip() for n in re.split(r"[,;]", text) if n.strip()] if self.multiple else [text.strip()]
        if len(names) > self.limit:
            raise forms.ValidationError(
                self.error_messages["too_many"], code="too_many", params={"limit": self.limit}
            )
        codes: list[str] = []
        for name in names:
            code = self._code(name)
            if code not in codes:
                codes.append(code)
        return codes if self.multiple else codes[0]

    def _code(self, name: str) -> str:
        found = CODE_FIRST.match(name) or CODE_LAST.match(name)
        classifier = self._classifier()
        if found:
            if found.group(1) in classifier:
                return found.group(1)
            raise forms.ValidationError(self.error_messages["unknown"], code="unknown", params={"name": name})
        # A title in any language, whole or the start of one: a single match is the occupation
        # (compared case-folded in Python: SQLite folds the case of Latin letters only).
        wanted = name.casefold()
        exact = [code for code, titles in classifier.items() if wanted in titles]
        starting = [code for code, titles in classifier.items() if any(t.startswith(wanted) for t in titles)]
        for codes in (exact, starting):
            if len(codes) == 1:
                return codes[0]
        if not starting:
            raise forms.ValidationError(self.error_messages["unknown"], code="unknown", params={"name": name})
        raise forms.ValidationError(
            self.error_messages["several"],
            code="several",
            params={"name": name, "codes": ", ".join(starting[:5])},
        )

    def _classifier(self) -> dict[str, tuple[str, ...]]:
        """Each code's titles in the three languages, case-folded (437 unit groups, read once a form)."""
        if self._titles is None:
            rows = Occupation.objects.values_list("code", "title_ru", "title_kk", "title_en")
            self._titles = {code: tuple(t.casefold() for t in titles) for code, *titles in rows}
        return self._titles
