"""`jokko crosslink_secret create | import FILE | check`: the network's linkage secret file.

The first node of a network creates the secret; its administrator hands the file to the other
nodes' administrators out of band (never by e-mail, never through Jokko), who import it. `check`
prints the key check, a fingerprint the administrators compare by phone: equal on two nodes
exactly when they hold the same secret.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jokko.crosslink.encodings import key_check
from jokko.crosslink.secret import (
    LinkageSecretMissing,
    create_secret,
    import_secret,
    load_secret,
    secret_path,
)


class Command(BaseCommand):
    help = "Create, import or check the network's linkage secret (never sent to peers)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("create", help="write a new random secret (the network's first node)")
        imported = sub.add_parser("import", help="install the secret file received out of band")
        imported.add_argument("file", type=Path)
        imported.add_argument(
            "--replace",
            action="store_true",
            help="replace an existing secret (every node must then re-encode and re-share)",
        )
        sub.add_parser("check", help="print the secret's file and key check")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            if action == "create":
                path = create_secret()
                self.stdout.write(f"Created {path}. Copy it to every node of the network.")
            elif action == "import":
                path = import_secret(options["file"], replace=options["replace"])
                self.stdout.write(f"Imported into {path}.")
            secret = load_secret()
        except FileExistsError as exc:
            raise CommandError(
                f"{exc.args[0] if exc.args else secret_path()} already exists; "
                "replacing it breaks linkage with every peer until they replace theirs too "
                "(use import --replace on purpose)."
            ) from exc
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        except LinkageSecretMissing as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Secret file: {secret_path()}")
        self.stdout.write(f"Key check: {key_check(secret)}")
