"""Folding of names into one search key, so that Cyrillic and Latin spellings meet.

Staff type a surname in Russian or Kazakh Cyrillic, or in Latin from a passport. Both the stored
names and the query are folded into the same lower-case Latin key (a simple, stable scheme: Kazakh
letters lose their diacritics, ж→zh, ш→sh, ...), and search is a prefix match on that key.
"""

from __future__ import annotations

import re
import unicodedata

_CYRILLIC = {
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e", "ё": "e",
    "ж": "zh", "з": "z", "и": "i", "й": "i", "і": "i", "к": "k", "қ": "k", "л": "l", "м": "m",
    "н": "n", "ң": "n", "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ұ": "u", "ү": "u", "ф": "f", "х": "kh", "һ": "h", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}  # fmt: skip
# Latin spellings that passports and the 2021 Kazakh Latin alphabet use for the same sounds.
_LATIN = [("x", "kh"), ("j", "zh"), ("w", "u"), ("c", "ts"), ("q", "k")]
_NON_KEY = re.compile(r"[^a-z0-9 ]+")
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Return the search key of a name or a query: lower-case Latin letters, digits and spaces."""
    lowered = (text or "").lower()
    out = []
    for ch in lowered:
        if ch in _CYRILLIC:
            out.append(_CYRILLIC[ch])
            continue
        decomposed = unicodedata.normalize("NFKD", ch)
        out.append("".join(c for c in decomposed if not unicodedata.combining(c)))
    latin = "".join(out)
    # Only letters that never come out of the Cyrillic table are rewritten, so the key is stable.
    for src, dst in _LATIN:
        latin = latin.replace(src, dst)
    latin = latin.replace("-", " ").replace("'", "")
    return _SPACES.sub(" ", _NON_KEY.sub("", latin)).strip()


SEARCH_KEY_LENGTH = 310  # Person.search_key; prefix search never needs more


def person_search_key(surname: str, name: str, patronymic: str = "") -> str:
    return fold(" ".join(part for part in (surname, name, patronymic) if part))[:SEARCH_KEY_LENGTH].rstrip()
