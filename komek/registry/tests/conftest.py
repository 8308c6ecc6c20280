"""Fixtures of the registry tests on the bulk paths (the persons import, the synthetic population)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

HEADER = "iin,surname,name,patronymic,birth_date,sex,citizenship,kato,street,phone,email,family_ref,relation"
BALKHASH_TOWN = "351610000"
GULSHAT = "351633100"

_serials = itertools.count(100)


@pytest.fixture
def reference(db: Any) -> None:
    """The shipped KATO units, which imports and demo data refer to."""
    from komek.common.kato import kato_load

    kato_load()


def valid_iin(birth_date: dt.date, sex: str) -> str:
    """A valid IIN, different on every call."""
    from komek.registry.iin import make_iin

    while True:
        iin = make_iin(birth_date, sex, next(_serials))  # type: ignore[arg-type]
        if iin is not None:
            return iin


def row(**fields: str) -> str:
    """One CSV line with defaults for a valid adult in Balkhash; keyword arguments override."""
    values = {
        "iin": "",
        "surname": "Ахметов",
        "name": "Нурлан",
        "patronymic": "Серикович",
        "birth_date": "",
        "sex": "",
        "citizenship": "",
        "kato": BALKHASH_TOWN,
        "street": "",
        "phone": "",
        "email": "",
        "family_ref": "",
        "relation": "",
    }
    values.update(fields)
    if not values["iin"]:
        values["iin"] = valid_iin(dt.date(1985, 3, 14), "male")
    return ",".join(values[name] for name in HEADER.split(","))


@pytest.fixture
def write_csv(tmp_path: Path) -> Callable[..., Path]:
    """Write lines (after the header unless ``header`` is given) to a CSV file; returns its path."""
    counter = itertools.count(1)

    def write(
        lines: list[str], *, header: str | None = HEADER, encoding: str = "utf-8", bom: bool = False
    ) -> Path:
        path = tmp_path / f"persons{next(counter)}.csv"
        text = "\n".join(([header] if header is not None else []) + lines) + "\n"
        data = text.encode(encoding)
        path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
        return path

    return write


@pytest.fixture
def mover(make_user: Any) -> Any:
    """A registrar of both Balkhash and Almaty: a person or a family can be moved between the two
    regions (the partition tests)."""
    from komek.accounts.choices import Role

    return make_user(Role.REGISTRAR, units=("351600000", "750000000"), username="two_regions")


@pytest.fixture
def balkhash_couple(make_person: Any, mover: Any) -> Any:
    """A family of two in Balkhash, head and spouse, registered by the mover (the partition tests)."""
    import datetime as dt

    from komek.registry.services.families import MemberSpec, family_create

    head = make_person(actor=mover)
    spouse = make_person(name="Айгуль", sex="female", birth_date=dt.date(1987, 6, 2), actor=mover)
    return family_create(
        actor=mover, kato="351610000", valid_from=dt.date(2020, 1, 1),
        members=[MemberSpec(person=head, relation="head"), MemberSpec(person=spouse, relation="spouse")],
    )  # fmt: skip
