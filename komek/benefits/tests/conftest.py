from collections.abc import Iterator

import pytest
from django.utils import translation

from komek.benefits.tests.fixtures import (  # noqa: F401
    accountant,
    almaty_caseworker,
    almaty_family,
    caseworker,
    head,
    make_assignment,
    make_family,
)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """The assertions read the English texts of refusals (the default language is Russian)."""
    with translation.override("en"):
        yield
