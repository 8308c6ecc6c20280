from collections.abc import Iterator

import pytest
from django.utils import translation

from komek.benefits.tests.fixtures import accountant, caseworker, head, make_assignment, make_family  # noqa: F401


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """The assertions read the English texts of refusals (the default language is Russian)."""
    with translation.override("en"):
        yield
