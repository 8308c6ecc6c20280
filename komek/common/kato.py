"""KATO reference data: loading the shipped classifier and scoping codes by prefix."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from django.utils.translation import gettext as _

from komek.common.errors import DomainError
from komek.common.models import KatoUnit

REFERENCE_FILE = Path(__file__).parent / "reference" / "kato.yaml"
PREFIX_LENGTH = {1: 2, 2: 4, 3: 6, 4: 9}


def kato_prefix(code: str, level: int) -> str:
    return code[: PREFIX_LENGTH[level]]


def read_reference(path: Path = REFERENCE_FILE) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return rows


@transaction.atomic
def kato_load(*, path: Path = REFERENCE_FILE) -> int:
    """Insert or update the shipped territorial units by code; returns how many were written."""
    rows = read_reference(path)
    for row in rows:  # a few dozen rows, parents before children
        KatoUnit.objects.update_or_create(
            code=row["code"],
            defaults={
                "level": row["level"],
                "parent_id": row.get("parent"),
                "prefix": kato_prefix(row["code"], row["level"]),
                "name_kk": row["kk"],
                "name_ru": row["ru"],
                "name_en": row["en"],
            },
        )
    return len(rows)


def leaf_units(prefix: str = "") -> list[KatoUnit]:
    """Units where people are registered: those with no children, under a prefix."""
    return list(KatoUnit.objects.filter(code__startswith=prefix, children__isnull=True).order_by("code"))


def kato_unit(code: str, *, field: str = "kato") -> KatoUnit:
    """The territorial unit of a KATO code typed or imported; an unknown code names ``field``."""
    unit = KatoUnit.objects.filter(code=(code or "").strip()).first()
    if unit is None:
        raise DomainError(_("Unknown KATO code: %(code)s.") % {"code": code}, field=field)
    return unit
