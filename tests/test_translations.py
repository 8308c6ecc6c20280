"""One catalogue per language, complete: every text of the interface is translated into Kazakh and
Russian (English is the source language), nothing fuzzy, and the compiled catalogue is the one the
sources give. A second catalogue under an app would take the app's texts away from this one when
messages are extracted again (``make messages``), so there is none."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[1] / "komek"
LANGUAGES = ("kk", "ru", "en")


def test_there_is_one_catalogue_per_language() -> None:
    assert sorted(str(p.relative_to(ROOT)) for p in ROOT.glob("*/locale")) == []
    for language in LANGUAGES:
        assert (ROOT / "locale" / language / "LC_MESSAGES" / "django.po").exists()


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_every_text_is_translated(language: str) -> None:
    catalogue = polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))
    missing = [
        e.msgid
        for e in catalogue
        if not e.obsolete
        and ("fuzzy" in e.flags or not (any(e.msgstr_plural.values()) if e.msgid_plural else e.msgstr))
    ]
    assert missing == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_is_up_to_date(language: str) -> None:
    folder = ROOT / "locale" / language / "LC_MESSAGES"
    sources = polib.pofile(str(folder / "django.po"))
    compiled = polib.mofile(str(folder / "django.mo"))
    translated = {(e.msgctxt, e.msgid): e.msgstr for e in sources.translated_entries() if not e.msgid_plural}
    assert {(e.msgctxt, e.msgid): e.msgstr for e in compiled if e.msgid and not e.msgid_plural} == translated
