"""The password hasher of the test suite: Argon2 at its lowest cost.

Production stores passwords with Django's Argon2 at its default cost (100 MB and two passes, about a
quarter of a second a hash here), which is the point of it. The suite makes and checks thousands of
passwords (a user per role in most tests, a login in every browser test): at that cost each one
took 270 ms, at this one 7 ms (ADR 0065). The algorithm stays Argon2 (id), so the stored
form and every code path are production's; only the work factors are lowered (settings.TESTING).
"""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class TestArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id with one pass over 64 KiB: the same algorithm and stored form, at a test's cost."""

    time_cost = 1
    memory_cost = 64
    parallelism = 1
