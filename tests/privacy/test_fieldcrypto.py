"""The field cipher: round trips, tamper detection, key separation, rotation, key files."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jokko.privacy import (
    DecryptionError,
    FieldCipher,
    KeyFileError,
    generate_key_file,
    load_key_file,
)

OLD = b"o" * 32
NEW = b"n" * 32


@given(st.text(max_size=500))
def test_encrypt_round_trips_any_text(text: str) -> None:
    cipher = FieldCipher([OLD])
    assert cipher.decrypt(cipher.encrypt(text)) == text


def test_ciphertext_is_randomised_and_hides_the_plaintext() -> None:
    cipher = FieldCipher([OLD])
    first, second = cipher.encrypt("Mamadou Diallo"), cipher.encrypt("Mamadou Diallo")
    assert first != second
    assert "Mamadou" not in first


def test_tampered_ciphertext_is_refused() -> None:
    cipher = FieldCipher([OLD])
    token = bytearray(cipher.encrypt("Fatou Sarr").encode())
    token[20] = ord("A") if token[20] != ord("A") else ord("B")
    with pytest.raises(DecryptionError):
        cipher.decrypt(token.decode())


def test_another_nodes_key_cannot_decrypt() -> None:
    with pytest.raises(DecryptionError):
        FieldCipher([NEW]).decrypt(FieldCipher([OLD]).encrypt("Aminata Keïta"))


def test_blind_indexes_are_keyed_and_separated_by_purpose() -> None:
    cipher = FieldCipher([OLD])
    assert cipher.blind_index("name", "awa") == cipher.blind_index("name", "awa")
    assert cipher.blind_index("name", "awa") != cipher.blind_index("phone", "awa")
    assert cipher.blind_index("name", "awa") != FieldCipher([NEW]).blind_index("name", "awa")
    assert len(cipher.blind_index("name", "awa")) == 32


def test_rotation_keeps_old_data_readable_and_search_stable() -> None:
    before = FieldCipher([OLD])
    token = before.encrypt("Oumar Sow")
    after = FieldCipher([NEW, OLD])  # newest first
    assert after.decrypt(token) == "Oumar Sow"
    assert after.blind_index("name", "oumar sow") == before.blind_index("name", "oumar sow")
    with pytest.raises(DecryptionError):  # new data is under the new key, not the old alone
        before.decrypt(after.encrypt("Oumar Sow"))


def test_key_file_is_private_and_loads(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "field.key"
    generate_key_file(path)
    assert path.stat().st_mode & 0o777 == 0o600
    cipher = load_key_file(path)
    assert cipher.decrypt(cipher.encrypt("x")) == "x"
    with pytest.raises(FileExistsError):
        generate_key_file(path)  # never overwrite a key: that would lose every ciphertext


@pytest.mark.parametrize(
    "content, message",
    [
        ("", "no master secret"),
        ("not base64!!\n", "not a base64 secret"),
        (base64.b64encode(b"short").decode() + "\n", "must be 32 bytes"),
    ],
)
def test_bad_key_files_are_refused_clearly(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.key"
    path.write_text(content)
    with pytest.raises(KeyFileError, match=message):
        load_key_file(path)


def test_missing_key_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(KeyFileError, match="cannot read key file"):
        load_key_file(tmp_path / "absent.key")
