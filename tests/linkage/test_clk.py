"""Keyed Bloom-filter encodings: similar identities encode close, nothing readable leaks."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from jokko.linkage.clk import (
    DEFAULT,
    ClkEncoder,
    ClkError,
    ClkMismatch,
    ClkParams,
    EncodedSet,
    encode_records,
)
from jokko.linkage.pprl import DEFAULT_THRESHOLD, match, score_pairs
from jokko.linkage.records import PersonRecord

SECRET = b"network-secret-for-tests-0123456789abcdef"
OTHER_SECRET = b"another-network-secret-9876543210fedcba"


def _person(record_id: str, given: str, family: str, **fields: object) -> PersonRecord:
    values: dict[str, object] = {
        "sex": "M",
        "birth_date": "1990-04-12",
        "nationality": "SN",
        **fields,
    }
    return PersonRecord(record_id, given, family, **values)  # type: ignore[arg-type]


def _score(a: PersonRecord, b: PersonRecord, secret: bytes = SECRET) -> float:
    left = encode_records([a], secret)
    right = encode_records([b], secret)
    return float(score_pairs(left, right, np.array([0]), np.array([0]))[0])


MOHAMED = _person("a", "Mohamed", "Diallo")


@pytest.mark.parametrize(
    "variant",
    [
        _person("b", "Muhammad", "Jallow"),
        _person("b", "Mouhamed", "Diallo", birth_date="1990"),
        _person("b", "محمد", "جالو", birth_date="1990-04-12"),
        _person("b", "Diallo", "Mohamed"),  # swapped given and family name
        _person("b", "MOHAMED", "DIALLO", nationality=""),
    ],
    ids=["anglophone", "year-only", "arabic-script", "swapped", "caps-no-nationality"],
)
def test_spellings_of_one_person_score_above_the_default_threshold(
    variant: PersonRecord,
) -> None:
    assert _score(MOHAMED, variant) >= DEFAULT_THRESHOLD


@pytest.mark.parametrize(
    "other",
    [
        _person("c", "Aissatou", "Ba", sex="F", birth_date="1985-01-02", nationality="ML"),
        _person("c", "Mamadou", "Sow", birth_date="1990-04-12"),
        _person("c", "Ousmane", "Diallo", birth_date="1990", nationality="GN"),
    ],
    ids=["other-everything", "other-name-same-birth", "other-given-name"],
)
def test_different_persons_score_low(other: PersonRecord) -> None:
    assert _score(MOHAMED, other) < DEFAULT_THRESHOLD


def test_namesakes_with_other_birth_dates_are_not_matched() -> None:
    left = encode_records([MOHAMED], SECRET)
    namesakes = [
        _person("n1", "Mohamed", "Diallo", birth_date="1971-09-30", nationality="GN"),
        _person("n2", "Mohamed", "Diallo", birth_date="1990-11-02"),
        _person("n3", "Mohamed", "Diallo", birth_date="1995"),
    ]
    assert match(left, encode_records(namesakes, SECRET), threshold=0.5) == []


def test_variants_score_above_namesakes() -> None:
    variant = _score(MOHAMED, _person("b", "Muhammad", "Jallow"))
    namesake = _score(MOHAMED, _person("c", "Mohamed", "Diallo", birth_date="1993-11-02"))
    assert variant > namesake


def test_swapped_names_encode_identically() -> None:
    a = encode_records([_person("a", "Awa", "Ndiaye")], SECRET)
    b = encode_records([_person("b", "Ndiaye", "Awa")], SECRET)
    assert np.array_equal(a.bits, b.bits)
    assert set(a.block_keys.tolist()) == set(b.block_keys.tolist())


def test_balanced_filters_have_exactly_half_their_bits_set() -> None:
    records = [
        _person("a", "Mohamed", "Diallo"),
        _person("b", "Fatimetou", "Mint Ahmed Salem", other_names=("فاطمة منت أحمد سالم",)),
        _person("c", "Li", "Ba", sex="", birth_date="", nationality=""),
    ]
    encoded = encode_records(records, SECRET)
    ones = np.bitwise_count(encoded.bits).sum(axis=1)
    assert ones.tolist() == [DEFAULT.length] * 3
    assert encoded.bits.shape == (3, DEFAULT.bits // 64)


def test_different_secrets_give_unrelated_encodings() -> None:
    one = encode_records([MOHAMED], SECRET)
    other = encode_records([MOHAMED], OTHER_SECRET)
    # Identical records under two secrets: about as similar as two random balanced filters.
    same_record = float(score_pairs(one, other, np.array([0]), np.array([0]))[0])
    assert 0.4 < same_record < 0.6
    assert not set(one.block_keys.tolist()) & set(other.block_keys.tolist())
    with pytest.raises(ClkMismatch, match="different secrets"):
        match(one, other)


def test_different_parameters_are_refused() -> None:
    one = encode_records([MOHAMED], SECRET)
    other = encode_records([MOHAMED], SECRET, params=ClkParams(length=1024))
    with pytest.raises(ClkMismatch, match="different parameters"):
        match(one, other)


def test_the_file_holds_no_name_no_date_and_not_the_secret() -> None:
    records = [
        _person("p1", "Mamadou", "Diallo", other_names=("Mamadu Jallow", "ممادو جالو")),
        _person("p2", "Fatoumata", "Traoré", sex="F", birth_date="2001-12-30"),
    ]
    data = encode_records(records, SECRET).to_bytes()
    lowered = data.lower()
    for plaintext in ("mamadou", "diallo", "jallow", "mamadu", "fatoumata", "traor", "2001-12"):
        assert plaintext.encode() not in lowered
    for plaintext in ("ممادو", "جالو", "Traoré"):
        assert plaintext.encode() not in data
    # Neither the phonetic keys nor the secret.
    for key in (b"mmd", b"ftmt"):
        assert key not in lowered
    assert SECRET not in data
    assert SECRET.hex().encode() not in data


def test_round_trip_through_bytes_and_files(tmp_path: Path) -> None:
    records = [_person(f"id-{i}", "Mohamed", f"Diallo{i}") for i in range(5)]
    encoded = encode_records(records, SECRET)
    again = EncodedSet.from_bytes(encoded.to_bytes())
    assert again.ids == encoded.ids
    assert np.array_equal(again.bits, encoded.bits)
    assert np.array_equal(again.present, encoded.present)
    assert np.array_equal(again.block_keys, encoded.block_keys)
    assert np.array_equal(again.block_rows, encoded.block_rows)
    assert np.array_equal(again.block_kinds, encoded.block_kinds)
    assert again.params == encoded.params
    assert again.fingerprint == encoded.fingerprint
    path = tmp_path / "set.clk"
    encoded.save(path)
    assert EncodedSet.load(path).ids == encoded.ids


def test_corrupt_truncated_and_foreign_files_are_refused() -> None:
    data = bytearray(encode_records([MOHAMED], SECRET).to_bytes())
    flipped = bytearray(data)
    flipped[len(flipped) // 2] ^= 0x01
    with pytest.raises(ClkError, match="corrupt"):
        EncodedSet.from_bytes(bytes(flipped))
    with pytest.raises(ClkError, match="corrupt or truncated"):
        EncodedSet.from_bytes(bytes(data[:-10]))
    with pytest.raises(ClkError, match="not a Jokko"):
        EncodedSet.from_bytes(b"id,given_name\n1,Awa\n" * 5)
    with pytest.raises(ClkError, match="not a Jokko"):
        EncodedSet.from_bytes(b"")


def test_short_secret_is_refused() -> None:
    with pytest.raises(ClkError, match="at least 32 bytes"):
        encode_records([MOHAMED], b"too short")


def test_one_record_encodes_as_it_does_in_a_batch() -> None:
    """The crosslink app encodes one person per query: it must meet the batch encoding."""
    batch = encode_records([_person("x", "Awa", "Sow"), MOHAMED], SECRET)
    alone = ClkEncoder(SECRET).encode_one(MOHAMED)
    assert alone[0] == batch.bits[1].tobytes()
    assert sorted(key for _, key in alone[2]) == sorted(
        batch.block_keys[batch.block_rows == 1].tolist()
    )


def test_parallel_encoding_gives_the_same_set(monkeypatch: pytest.MonkeyPatch) -> None:
    from jokko.linkage import clk
    from jokko.linkage.evaluation import generate_linkage_dataset

    records = generate_linkage_dataset(1200, 0, seed=5).left
    monkeypatch.setattr(clk, "_PARALLEL_MIN", 500)
    monkeypatch.setattr(clk, "_PARALLEL_CHUNK", 300)  # four pieces, joined in order
    serial = encode_records(records, SECRET)
    parallel = encode_records(records, SECRET, workers=2)
    assert parallel.to_bytes() == serial.to_bytes()
