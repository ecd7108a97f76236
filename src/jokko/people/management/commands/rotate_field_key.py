"""`jokko rotate_field_key`: a new field-encryption secret, and every ciphertext moved to it.

Run it when a key may have leaked or on the node's rotation schedule. The key file keeps the
older secrets (a backup made before rotation stays readable, and blind indexes keep using the
oldest secret, so search needs no re-indexing); after the rotation every stored ciphertext is
under the newest secret. Back up the key file, on separate media, after running it.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from jokko.audit.actions import record
from jokko.people.crypto import cipher
from jokko.people.fields import EncryptedBinaryField, EncryptedTextField
from jokko.privacy import add_secret_to_key_file

BATCH = 2000


def encrypted_columns() -> list[tuple[str, str, str, bool]]:
    """(table, primary-key column, column, is_binary) for every encrypted field of every model."""
    columns: list[tuple[str, str, str, bool]] = []
    for model in apps.get_models():
        pk_column = model._meta.pk.column if model._meta.pk else None
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedTextField | EncryptedBinaryField):
                assert pk_column and field.column, "encrypted fields live in ordinary tables"
                binary = isinstance(field, EncryptedBinaryField)
                columns.append((model._meta.db_table, pk_column, field.column, binary))
    return columns


def rotate_column(table: str, pk: str, column: str, binary: bool) -> int:
    """Re-encrypt one column in batches, reading and writing ciphertexts only."""
    c = cipher()
    quote = connection.ops.quote_name
    done, last = 0, None
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            where = f"WHERE {quote(pk)} > %s " if last is not None else ""
            cursor.execute(
                f"SELECT {quote(pk)}, {quote(column)} FROM {quote(table)} "  # noqa: S608 (model metadata)
                f"{where}ORDER BY {quote(pk)} LIMIT %s",
                [last, BATCH] if last is not None else [BATCH],
            )
            rows = cursor.fetchall()
            if not rows:
                return done
            for key, value in rows:
                if value:
                    rotated = c.rotate_bytes(bytes(value)) if binary else c.rotate(str(value))
                    cursor.execute(
                        f"UPDATE {quote(table)} SET {quote(column)} = %s WHERE {quote(pk)} = %s",  # noqa: S608
                        [rotated, key],
                    )
                    done += 1
            last = rows[-1][0]


class Command(BaseCommand):
    help = "Add a new field-encryption secret and re-encrypt every encrypted field with it."

    def handle(self, *args: Any, **options: Any) -> None:
        add_secret_to_key_file(settings.FIELD_KEY_FILE)
        cipher.cache_clear()
        total = 0
        for table, pk, column, binary in encrypted_columns():
            count = rotate_column(table, pk, column, binary)
            total += count
            self.stdout.write(f"{table}.{column}: {count} values re-encrypted")
        record(None, "update", "field_key", "rotation", channel="cli", values=total)
        self.stdout.write(f"rotation done: {total} values under the new secret")
