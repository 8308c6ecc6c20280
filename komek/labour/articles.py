"""Which articles of the Code of Administrative Offences are about wages: the legislation's dated
parameter ``wage_fine_articles`` (each value an article's number, with its reference), so that the
fines "за несвоевременную выплату заработной платы" (the report of the Almaty Social Welfare
Department for 2020, section IX) are selected by the article a fine was imposed under, and a change
of the Code is a new value of the legislation, not a change of code (ADR 0058)."""

from __future__ import annotations

import datetime as dt
import re

from komek.legislation import loader

WAGE_ARTICLES = "wage_fine_articles"
#: "ст. 87 ч. 1", "статья 87", "87-бап 1-бөлігі", "art. 87": the article's number; else the first number.
_ARTICLE = re.compile(r"(?:ст(?:атья|\.)?|art(?:icle|\.)?)\s*(\d+)|(\d+)\s*-?\s*бап", re.IGNORECASE)
_NUMBER = re.compile(r"\d+")


def article_number(article: str) -> int | None:
    """The number of the article a fine names (none when the text names no number)."""
    found = _ARTICLE.search(article or "")
    if found:
        return int(found.group(1) or found.group(2))
    first = _NUMBER.search(article or "")
    return int(first.group()) if first else None


def wage_articles(*, year: int, region: str = "") -> list[int]:
    """The numbers of the articles about wages in force some time in the year for the territory."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return sorted(
        {
            int(v.value)
            for v in loader.application_engine().parameters.values(WAGE_ARTICLES)
            if v.valid_from <= end
            and (v.valid_to is None or v.valid_to >= start)
            and region.startswith(v.region)
        }
    )
