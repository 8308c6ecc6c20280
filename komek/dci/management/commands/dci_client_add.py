"""``komek dci client add NAME --territory KATO``: register a client system of the DCI API and print
its bearer token (shown once; only its hash is kept)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from komek.accounts.policy import system
from komek.common.errors import DomainError
from komek.dci.services.clients import client_add


class Command(BaseCommand):
    help = "Register a client system of the DCI Social Registry API and print its bearer token."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="the client's name, the sender_id of its messages")
        parser.add_argument("--territory", required=True, help="KATO code of the territory it may read")
        parser.add_argument(
            "--record-types",
            default="Member,Group",
            help="record types it may read: Member, Group (comma-separated)",
        )
        parser.add_argument(
            "--public-key", type=Path, help="file of its Ed25519 public key (PEM): messages must be signed"
        )
        parser.add_argument(
            "--callback-uri", default="", help="where its callbacks go when a message names none"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        key = ""
        if options["public_key"]:
            try:
                key = options["public_key"].read_text(encoding="utf-8")
            except OSError as exc:
                raise CommandError(_("Cannot read the public key: %(error)s") % {"error": exc}) from None
        try:
            client, token = client_add(
                actor=system("dci-client-add"),
                name=options["name"],
                territory=options["territory"],
                record_types=[t.strip() for t in options["record_types"].split(",") if t.strip()],
                public_key=key,
                callback_uri=options["callback_uri"],
            )
        except DomainError as exc:
            raise CommandError(str(exc)) from None
        self.stderr.write(
            _("Client %(name)s registered for the territory %(territory)s. Its bearer token (shown once):")
            % {"name": client.name, "territory": options["territory"]}
        )
        self.stdout.write(token)
