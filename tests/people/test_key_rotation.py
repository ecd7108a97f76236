"""Rotating the field-encryption key re-encrypts everything and keeps search working."""

from __future__ import annotations

import base64
from io import StringIO
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from jokko.people.actions import PersonInput, register_person
from jokko.people.crypto import cipher
from jokko.people.models import Person
from jokko.people.search import search_persons
from jokko.privacy import DecryptionError, FieldCipher

pytestmark = pytest.mark.django_db


def _secrets() -> list[bytes]:
    lines = settings.FIELD_KEY_FILE.read_text().splitlines()
    return [base64.b64decode(line) for line in lines if line.strip() and not line.startswith("#")]


def _raw_names() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT full_name FROM people_personname ORDER BY id")
        return [row[0] for row in cursor.fetchall()]


def test_rotation_moves_every_ciphertext_to_the_new_secret(
    users: dict[str, Any], settings: Any, tmp_path: Any
) -> None:
    settings.FIELD_KEY_FILE = tmp_path / "field.key"
    cipher.cache_clear()
    try:
        person, _ = register_person(
            users["worker"],
            PersonInput(
                names=["Aminata Traoré", "أمينة تراوري"],
                phones=["+223 76 12 34 56"],
                notes="Kéniéba",
            ),
        )
        before = _raw_names()
        out = StringIO()
        call_command("rotate_field_key", stdout=out)
        secrets = _secrets()
        assert len(secrets) == 2
        after = _raw_names()
        assert after != before
        newest_only = FieldCipher([secrets[0]])
        assert [newest_only.decrypt(token) for token in after] == ["Aminata Traoré", "أمينة تراوري"]
        with pytest.raises(DecryptionError):
            FieldCipher([secrets[1]]).decrypt(after[0])  # the old secret alone no longer reads it
        refreshed = Person.objects.get(pk=person.pk)
        assert refreshed.notes == "Kéniéba" and refreshed.phones.get().number == "+22376123456"
        assert [hit.person.pk for hit in search_persons(users["worker"], "Aminata Traore")] == [
            person.pk
        ]
        assert "values re-encrypted" in out.getvalue()
        assert settings.FIELD_KEY_FILE.stat().st_mode & 0o777 == 0o600
    finally:
        cipher.cache_clear()
