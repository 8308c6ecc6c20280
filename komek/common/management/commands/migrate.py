"""``komek migrate``: Django's migrate, run as the database owner when one is configured.

With ``KOMEK_MIGRATE_DATABASE_URL`` set, the default connection is switched to the owner's
credentials for the migration and back afterwards, so the application itself never connects as
the owner (ADR 0024). Without it, one URL serves both (tests, the demo).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.core.management.commands.migrate import Command as DjangoMigrate
from django.db import DEFAULT_DB_ALIAS, connections

OWNER_KEYS = ("NAME", "USER", "PASSWORD", "HOST", "PORT")


@contextlib.contextmanager
def as_owner(alias: str) -> Iterator[None]:
    owner = settings.MIGRATE_DATABASE
    if not owner or alias != DEFAULT_DB_ALIAS:
        yield
        return
    connection = connections[alias]
    connection.close()
    saved = {key: connection.settings_dict.get(key) for key in OWNER_KEYS}
    connection.settings_dict.update({key: owner.get(key) for key in OWNER_KEYS})
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.update(saved)


class Command(DjangoMigrate):
    help = DjangoMigrate.help + " As the owner of KOMEK_MIGRATE_DATABASE_URL when it is set."

    def handle(self, *args: Any, **options: Any) -> None:
        with as_owner(options["database"]):
            super().handle(*args, **options)
