"""Search keys for many persons at once, equal to ``names.person_search_key`` row by row.

``names.fold`` works letter by letter, so folding each of surname, name and patronymic and joining
the non-empty results with one space gives the key of the joined name. Names repeat a lot (a
million persons carry a few ten thousand distinct surnames), so each distinct value is folded once
in Python and the results are spread back over the column by Polars.
"""

from __future__ import annotations

import polars as pl

from komek.registry.models import Person
from komek.registry.names import fold

SEARCH_KEY_LENGTH = Person._meta.get_field("search_key").max_length or 310


def fold_column(values: pl.Series) -> pl.Series:
    """``fold`` of every value of a string column (nulls fold as empty strings)."""
    text = values.cast(pl.String).fill_null("")
    distinct = text.unique()
    folded = pl.Series([fold(value) for value in distinct.to_list()], dtype=pl.String)
    return text.replace_strict(distinct, folded, return_dtype=pl.String)


def search_keys(surname: pl.Series, name: pl.Series, patronymic: pl.Series) -> pl.Series:
    """The search key of each row, cut to the column's length (a prefix search still finds it)."""
    parts = pl.DataFrame({"a": fold_column(surname), "b": fold_column(name), "c": fold_column(patronymic)})
    joined = parts.select(
        pl.concat_str(["a", "b", "c"], separator=" ")
        .str.replace_all(" +", " ")
        .str.strip_chars(" ")
        .str.slice(0, SEARCH_KEY_LENGTH)
        .alias("search_key")
    )
    return joined["search_key"]
