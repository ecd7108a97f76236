"""Signing and verifying envelopes, without Django."""

from __future__ import annotations

from jokko.federation import envelope


def test_canonical_json_ignores_key_order_and_spacing() -> None:
    assert envelope.canonical_json({"b": 1, "a": "é"}) == '{"a":"é","b":1}'.encode()
    assert envelope.canonical_json({"a": "é", "b": 1}) == envelope.canonical_json(
        {"b": 1, "a": "é"}
    )


def test_a_signature_verifies_only_the_signed_content_with_the_signer_key() -> None:
    key, other = envelope.generate_private_key(), envelope.generate_private_key()
    value = {"message_id": "1", "body": {"name": "Mamadou", "n": [1, 2]}}
    signature = envelope.sign(key, value)
    assert envelope.verify(envelope.public_key_text(key), value, signature)
    assert not envelope.verify(envelope.public_key_text(other), value, signature)
    tampered = {"message_id": "1", "body": {"name": "Mamadu", "n": [1, 2]}}
    assert not envelope.verify(envelope.public_key_text(key), tampered, signature)
    assert not envelope.verify(envelope.public_key_text(key), value, "not base64!")
    assert not envelope.verify(envelope.public_key_text(key), value, "")
    assert not envelope.verify("garbage", value, signature)


def test_private_keys_round_trip_through_pem() -> None:
    key = envelope.generate_private_key()
    again = envelope.load_private_key_pem(envelope.private_key_pem(key))
    assert envelope.public_key_text(again) == envelope.public_key_text(key)


def test_public_keys_must_be_32_bytes_of_base64() -> None:
    key = envelope.generate_private_key()
    envelope.parse_public_key(envelope.public_key_text(key))
    for bad in ("", "abc", "QUJD", envelope.public_key_text(key) + "AAAA"):
        try:
            envelope.parse_public_key(bad)
        except envelope.KeyFormatError:
            continue
        raise AssertionError(f"accepted {bad!r}")
