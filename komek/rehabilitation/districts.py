"""The district whose department keeps a person's queues, from the KATO code of their address."""

from __future__ import annotations

from komek.common.choices import KatoLevel
from komek.common.models import KatoUnit


def district_of(kato_code: str) -> str:
    """The district (town administration, city district: KATO level 2) whose department keeps the
    queues of persons registered at ``kato_code``."""
    return _districts().get(kato_code[:4], kato_code[:4] + "00000")


_DISTRICTS: dict[str, str] = {}


def _districts() -> dict[str, str]:
    # The classifier is reference data shipped with the code: read once per process (once loaded).
    if not _DISTRICTS:
        _DISTRICTS.update(KatoUnit.objects.filter(level=KatoLevel.DISTRICT).values_list("prefix", "code"))
    return _DISTRICTS
