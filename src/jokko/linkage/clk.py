"""Keyed Bloom-filter encodings (CLKs) of persons, for linkage across nodes without names.

Why: a node must find out whether a peer knows the same person without sending the person's
identity. Each node turns its persons into bit vectors that only nodes holding the network
secret can produce, and that are similar exactly when the identities are similar; only those
vectors (and keyed blocking keys) leave the node. `jokko.linkage.pprl` compares them. The
threat model and the reasons for each choice below are in ``docs/pprl-threat-model.md``.

Encoding of one record (all features of all fields go into one filter of ``length`` bits, a
"cryptographic long-term key", CLK):

* **names** — every name the record carries (given, family and other names) is cut into the
  tokens of `jokko.names.tokens` (normalised, Arabic transliterated, particles dropped); each
  token gives its padded bigrams (``_m ma am ... u_``) and its `jokko.names.phonetic_key` as
  an extra feature with more hash functions. Tokens are a set, so given/family order does not
  matter (swapped names encode identically) and Mohamed/Muhammad/محمد or Diallo/Jallow share
  their phonetic feature and most bigrams.
* **birth** — the year, the three-year window around it (``y-1, y, y+1`` as separate
  features, so a year off by one still shares two of three) and the full date when known.
* **sex**, **nationality**, **birth place** (normalised) — one feature each.

Fields recorded on one side only are not disagreements: the `Present` flags tell the matcher
which fields each record has, so it can discount them (`jokko.linkage.pprl.penalty_table`).

Hardening (each defeats a published attack on plain Bloom-filter encodings):

* **keyed hashing, salted by field** — bit positions come from HMAC-SHA256 under a key that
  HKDF derives from the network secret and the field name, so nobody without the secret can
  encode a dictionary, and the same string in two fields sets unrelated bits. Positions are
  read directly from the digest ("random hashing"), not by double hashing, whose structure
  the Niedermeyer et al. (2014) attack exploits.
* **balancing + keyed permutation** — the filter is concatenated with its complement and the
  ``2 x length`` bits are permuted by a secret permutation: every encoding has exactly
  ``length`` bits set, so the number of set bits no longer reveals how long the names are,
  and an outsider cannot tell a bit from its complement; what frequency and pattern-mining
  attacks (Kuzu et al. 2011, Christen et al. 2017) can still read is discussed in the threat
  model. The Dice coefficient of two balanced filters is ``1 - hamming / (2 x length)``.
* **keyed blocking** — candidate pairs are found through 64-bit keyed hashes of pairs of
  phonetic name keys with sex and birth year (or of one phonetic key with the full birth
  date); no plaintext blocking value leaves the node (see `ClkEncoder.blocking_keys`).

Encoding one record is cheap (features are cached per name string, and one record costs a
few Python integer operations and a handful of keyed hashes), so the crosslink app can encode
a single person for a query with `ClkEncoder.encode_one`.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import itertools
import json
import struct
import sys
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from jokko.linkage.records import PersonRecord
from jokko.names import normalise, phonetic_key, tokens

__all__ = [
    "DEFAULT",
    "FORMAT_VERSION",
    "MIN_SECRET_BYTES",
    "BlockKind",
    "ClkEncoder",
    "ClkError",
    "ClkMismatch",
    "ClkParams",
    "EncodedSet",
    "Present",
    "encode_records",
    "secret_fingerprint",
]

FORMAT_VERSION = 1
MIN_SECRET_BYTES = 32  # the same rule as the crosslink app's secret file
MAGIC = b"JOKKOCLK"
# Name caches are cleared when they grow past this: bounded memory on a national register.
_CACHE_LIMIT = 400_000
# At most this many phonetic keys of one record take part in blocking (pairs grow squared).
_MAX_BLOCKING_NAMES = 8
# Birth years of one person differ by up to two years between registries (estimated ages).
_YEAR_WINDOW = (-2, -1, 1, 2)


class ClkError(ValueError):
    """A secret, a parameter set or a .clk file that cannot be used; the message says why."""


class ClkMismatch(ClkError):
    """Two encoded sets made with different secrets or parameters: comparing them is noise."""


class BlockKind:
    """What a blocking key stands for; `jokko.linkage.pprl` joins kinds by these rules.

    * ``DATE`` (one phonetic name key + full birth date) meets ``DATE``: most pairs, cheaply,
      and a typo in one name does not lose the pair.
    * ``CENTER`` (name pair + sex + birth year) is emitted by every record with a full birth
      date, ``YEAR_ONLY_CENTER`` (the same key) by a record whose birth date is only a year,
      which also emits ``YEAR_WINDOW`` (the same for year - 2, - 1, + 1, + 2). A year-only
      record meets every dated record within two years (estimated ages); two records with
      full dates must agree on the date (``DATE``) to be compared.
    * ``ANY_UNDATED`` / ``ANY_DATED`` (name pair + sex + nationality, no year) of a record
      without / with a birth date: a record without one meets every record sharing its name
      pair, sex and nationality (the nationality keeps these blocks small; a pair where one
      side has no birth date and the other no nationality is not compared).
    """

    DATE = 0
    CENTER = 1
    YEAR_WINDOW = 2
    ANY_DATED = 3
    ANY_UNDATED = 4
    YEAR_ONLY_CENTER = 5


class Present:
    """Which optional fields a record has (flags). Sent in the clear, see `EncodedSet`.

    Why: a field filled in on one side only is no evidence against a match, but in a Bloom
    filter it looks like disagreement (its bits are set on one side only). The matcher uses
    these flags to discount or rank such pairs (`jokko.linkage.pprl.penalty_table`). They say
    only whether a birth date (full or year), a sex, a nationality or a birth place was
    recorded — the blocking key kinds already reveal it for the birth date — never a value.
    """

    DATE = 1  # full birth date
    YEAR = 2  # at least the birth year
    SEX = 4
    NATIONALITY = 8
    PLACE = 16  # birth place


@dataclass(frozen=True, slots=True)
class ClkParams:
    """Encoding parameters; both sides of a linkage must use the same ones (checked).

    ``length`` is the filter length before balancing (a power of two; the stored encoding has
    ``2 x length`` bits). The ``*_hashes`` fields are the number of bit positions each feature
    of that field sets: the field weights, chosen on generated data (phonetic keys weigh most,
    so that transliteration variants stay close; the full birth date and the birth place next,
    because they separate namesakes). ``other_name_bigrams``: other names (aliases, Arabic
    script) add their bigrams too, not only their phonetic keys.
    """

    length: int = 512
    bigram_hashes: int = 5
    phonetic_hashes: int = 32
    year_hashes: int = 12
    year_window_hashes: int = 6
    date_hashes: int = 40
    sex_hashes: int = 4
    nationality_hashes: int = 16
    place_hashes: int = 32
    other_name_bigrams: bool = True
    balanced: bool = True

    def validate(self) -> None:
        if self.length < 64 or self.length > 65536 or self.length & (self.length - 1):
            raise ClkError(f"length must be a power of two from 64 to 65536, not {self.length}")
        for name, value in asdict(self).items():
            if name.endswith("_hashes") and not 0 <= value <= 64:
                raise ClkError(f"{name} must be between 0 and 64, not {value}")

    @property
    def bits(self) -> int:
        """Stored bits per record."""
        return self.length * 2 if self.balanced else self.length

    @property
    def words(self) -> int:
        return self.bits // 64

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> ClkParams:
        known = set(cls.__dataclass_fields__)
        if set(data) != known:
            raise ClkError(f"unknown parameter set {sorted(data)}")
        params = cls(**data)  # type: ignore[arg-type]
        params.validate()
        return params


DEFAULT = ClkParams()


def _check_secret(secret: bytes) -> None:
    if not isinstance(secret, bytes | bytearray):
        raise ClkError("the secret must be bytes")
    if len(secret) < MIN_SECRET_BYTES:
        raise ClkError(
            f"the secret must have at least {MIN_SECRET_BYTES} bytes, this one has {len(secret)}"
        )


def _derive(secret: bytes, label: str) -> bytes:
    """An independent 32-byte key per purpose (field salting): HKDF-SHA256 of the secret."""
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=f"jokko-clk-v1:{label}".encode()
    ).derive(bytes(secret))


def secret_fingerprint(secret: bytes, params: ClkParams = DEFAULT) -> bytes:
    """16 bytes that are equal for two sets exactly when secret and parameters are equal.

    A keyed hash of the parameters under a key derived from the secret: it tells a matcher
    that two files are comparable, and reveals nothing about the secret.
    """
    _check_secret(secret)
    key = _derive(secret, "fingerprint")
    return hmac.digest(key, params.to_json().encode(), "sha256")[:16]


def _permutation(key: bytes, size: int) -> list[int]:
    """A secret permutation of ``range(size)``: Fisher-Yates driven by SHAKE-256 of the key.

    Self-contained (not numpy's generator) so every node and every numpy version derives the
    same permutation from the same secret.
    """
    stream = hashlib.shake_256(key).digest(8 * size)
    order = list(range(size))
    for i in range(size - 1, 0, -1):
        j = int.from_bytes(stream[8 * i : 8 * i + 8], "little") % (i + 1)
        order[i], order[j] = order[j], order[i]
    return order


class ClkEncoder:
    """Encodes records under one secret and one parameter set; reuse it (it caches).

    Masks are Python integers of ``params.bits`` bits, already in the permuted layout: a
    feature's ``plus`` mask holds the permuted positions of its bits, its ``minus`` mask the
    permuted positions of their complements. A record's encoding is then
    ``OR(plus) | (complement_half XOR OR(minus))``: the balanced, permuted filter, computed with
    a few integer operations.
    """

    def __init__(self, secret: bytes, params: ClkParams = DEFAULT) -> None:
        _check_secret(secret)
        params.validate()
        self.params = params
        self.fingerprint = secret_fingerprint(secret, params)
        self._keys = {
            field: _derive(secret, f"field:{field}")
            for field in (
                "bigram",
                "phonetic",
                "year",
                "window",
                "date",
                "sex",
                "nationality",
                "place",
            )
        }
        self._blocking_key = _derive(secret, "blocking")
        length = params.length
        if params.balanced:
            destination = _permutation(_derive(secret, "permutation"), 2 * length)
        else:
            destination = list(range(length))
        self._destination = destination
        self._complement_half = (
            sum(1 << destination[length + j] for j in range(length)) if params.balanced else 0
        )
        self._hashes = {
            "bigram": params.bigram_hashes,
            "phonetic": params.phonetic_hashes,
            "year": params.year_hashes,
            "window": params.year_window_hashes,
            "date": params.date_hashes,
            "sex": params.sex_hashes,
            "nationality": params.nationality_hashes,
            "place": params.place_hashes,
        }
        self._name_cache: dict[str, tuple[int, int, tuple[str, ...]]] = {}
        self._feature_cache: dict[tuple[str, str], tuple[int, int]] = {}
        self._attribute_cache: dict[tuple[str, str, str, str], tuple[int, int, int]] = {}
        self._label_cache: dict[tuple[str, ...], tuple[list[bytes], list[bytes]]] = {}

    # --- features -----------------------------------------------------------------------
    def _positions(self, field: str, feature: str) -> list[int]:
        """``k`` positions in ``[0, length)`` read from HMAC-SHA256 digests (16 bits each)."""
        k = self._hashes[field]
        key = self._keys[field]
        mask = self.params.length - 1
        data = feature.encode()
        positions: list[int] = []
        counter = 0
        while len(positions) < k:
            digest = hmac.digest(key, data + bytes([counter]), "sha256")
            values = struct.unpack("<16H", digest)
            positions.extend(value & mask for value in values[: k - len(positions)])
            counter += 1
        return positions

    def _feature(self, field: str, feature: str) -> tuple[int, int]:
        cached = self._feature_cache.get((field, feature))
        if cached is not None:
            return cached
        destination = self._destination
        length = self.params.length
        plus = 0
        minus = 0
        for position in self._positions(field, feature):
            plus |= 1 << destination[position]
            if self.params.balanced:
                minus |= 1 << destination[length + position]
        if len(self._feature_cache) > _CACHE_LIMIT:
            self._feature_cache.clear()
        self._feature_cache[(field, feature)] = (plus, minus)
        return plus, minus

    def _name(self, text: str, bigrams: bool = True) -> tuple[int, int, tuple[str, ...]]:
        """Masks and phonetic keys of one name string (a given name, a family name...)."""
        cached = self._name_cache.get(text if bigrams else "\0" + text)
        if cached is not None:
            return cached
        plus = 0
        minus = 0
        keys: list[str] = []
        for token in tokens(text):
            padded = f"_{token}_" if bigrams else ""
            for i in range(len(padded) - 1):
                p, m = self._feature("bigram", padded[i : i + 2])
                plus |= p
                minus |= m
            key = phonetic_key(token)
            if key:
                keys.append(key)
                p, m = self._feature("phonetic", key)
                plus |= p
                minus |= m
        result = (plus, minus, tuple(keys))
        if len(self._name_cache) > _CACHE_LIMIT:
            self._name_cache.clear()
        self._name_cache[text if bigrams else "\0" + text] = result
        return result

    def _attributes(
        self, birth_date: str, sex: str, nationality: str, birth_place: str
    ) -> tuple[int, int, int]:
        """Masks and `Present` flags of birth date, sex, nationality, birth place (cached)."""
        cache_key = (birth_date, sex, nationality, birth_place)
        cached = self._attribute_cache.get(cache_key)
        if cached is not None:
            return cached
        features: list[tuple[str, str]] = []
        if birth_date:
            year = int(birth_date[:4])
            features.append(("year", str(year)))
            features.extend(("window", str(year + d)) for d in (-1, 0, 1))
            if len(birth_date) == 10:
                features.append(("date", birth_date))
        if sex:
            features.append(("sex", sex))
        if nationality:
            features.append(("nationality", nationality))
        place = normalise(birth_place) if birth_place else ""
        if place:
            features.append(("place", place))
        plus = 0
        minus = 0
        for field, feature in features:
            p, m = self._feature(field, feature)
            plus |= p
            minus |= m
        present = (
            (Present.DATE if len(birth_date) == 10 else 0)
            | (Present.YEAR if birth_date else 0)
            | (Present.SEX if sex else 0)
            | (Present.NATIONALITY if nationality else 0)
            | (Present.PLACE if place else 0)
        )
        result = (plus, minus, present)
        if len(self._attribute_cache) > _CACHE_LIMIT:
            self._attribute_cache.clear()
        self._attribute_cache[cache_key] = result
        return result

    # --- blocking -----------------------------------------------------------------------
    def _labels(self, phonetic: tuple[str, ...]) -> tuple[list[bytes], list[bytes]]:
        """PRF keys of the name labels (pairs) and loose labels (single keys) of a name set."""
        cached = self._label_cache.get(phonetic)
        if cached is not None:
            return cached
        distinct = sorted(set(phonetic))[:_MAX_BLOCKING_NAMES]
        if len(distinct) == 1:
            pairs = [f"n:{distinct[0]}"]
        else:
            pairs = [f"n:{a} {b}" for a, b in itertools.combinations(distinct, 2)]
        singles = [f"d:{key}" for key in distinct]
        key = self._blocking_key
        result = (
            [hmac.digest(key, label.encode(), "sha256") for label in pairs],
            [hmac.digest(key, label.encode(), "sha256") for label in singles],
        )
        if len(self._label_cache) > _CACHE_LIMIT:
            self._label_cache.clear()
        self._label_cache[phonetic] = result
        return result

    def blocking_keys(
        self, phonetic: Sequence[str], birth_date: str, sex: str = "", nationality: str = ""
    ) -> list[tuple[int, int]]:
        """``(kind, key)`` blocking keys of a record (see `BlockKind`).

        Labels: a name pair is a sorted pair of the record's distinct phonetic keys
        (order-free, so swapped names block together; a one-word name blocks on its single
        key); with a full birth date each single phonetic key is a label too, because the
        date makes it selective and a typo in one word must not lose the pair. Name-pair keys
        also hold the sex (a record without one emits keys for both). Each key is a 64-bit
        BLAKE2b of the birth date, year or ``*``, keyed by HMAC-SHA256(blocking key, label):
        a matcher sees only which records share a key, never a name, a year or a sex.
        """
        if not phonetic:
            return []
        pairs, singles = self._labels(tuple(phonetic))
        keys: list[tuple[int, int]] = []
        if len(birth_date) == 10:
            suffix = birth_date.encode()
            keys.extend((BlockKind.DATE, _keyed64(label, suffix)) for label in singles)
        year = int(birth_date[:4]) if birth_date else None
        year_only = len(birth_date) == 4
        for sex_code in (sex,) if sex else ("M", "F"):
            tag = sex_code.encode() + b"|"
            undated = tag + nationality.encode() + b"|*"
            for label in pairs:
                if year is None:
                    keys.append((BlockKind.ANY_UNDATED, _keyed64(label, undated)))
                    continue
                keys.append((BlockKind.ANY_DATED, _keyed64(label, undated)))
                center = _keyed64(label, tag + str(year).encode())
                keys.append((BlockKind.YEAR_ONLY_CENTER if year_only else BlockKind.CENTER, center))
                if year_only:
                    keys.extend(
                        (BlockKind.YEAR_WINDOW, _keyed64(label, tag + str(year + d).encode()))
                        for d in _YEAR_WINDOW
                    )
        return keys

    # --- records ------------------------------------------------------------------------
    def encode_one(self, record: PersonRecord) -> tuple[bytes, int, list[tuple[int, int]]]:
        """The encoding (``params.bits // 8`` bytes), `Present` flags and blocking keys."""
        plus, minus, present = self._attributes(
            record.birth_date, record.sex, record.nationality, record.birth_place
        )
        phonetic: list[str] = []
        bigrams = self.params.other_name_bigrams
        for text, with_bigrams in (
            (record.given_name, True),
            (record.family_name, True),
            *((text, bigrams) for text in record.other_names),
        ):
            if text:
                p, m, keys = self._name(text, with_bigrams)
                plus |= p
                minus |= m
                phonetic.extend(keys)
        value = plus | (self._complement_half ^ minus) if self.params.balanced else plus
        encoded = value.to_bytes(self.params.bits // 8, "little")
        return (
            encoded,
            present,
            self.blocking_keys(phonetic, record.birth_date, record.sex, record.nationality),
        )

    def encode(self, records: Iterable[PersonRecord], *, progress: bool = False) -> EncodedSet:
        """Encode records in order; memory: compact arrays, no Python object per key."""
        ids: list[str] = []
        chunks: list[bytes] = []
        present = bytearray()
        block_kinds = bytearray()
        block_keys = array("Q")
        block_rows = array("I")
        iterator: Iterable[PersonRecord] = records
        if progress:
            from tqdm import tqdm

            iterator = tqdm(
                records, desc="encode", unit=" records", unit_scale=True, file=sys.stderr
            )
        for row, record in enumerate(iterator):
            encoded, flags, keys = self.encode_one(record)
            ids.append(record.id)
            chunks.append(encoded)
            present.append(flags)
            for kind, key in keys:
                block_kinds.append(kind)
                block_keys.append(key)
                block_rows.append(row)
        bits = np.frombuffer(b"".join(chunks), dtype="<u8").reshape(len(ids), self.params.words)
        del chunks
        return EncodedSet(
            ids=ids,
            bits=bits,
            present=np.frombuffer(bytes(present), dtype=np.uint8),
            block_keys=np.frombuffer(block_keys, dtype=np.uint64).copy(),
            block_rows=np.frombuffer(block_rows, dtype=np.uint32).copy(),
            block_kinds=np.frombuffer(bytes(block_kinds), dtype=np.uint8),
            params=self.params,
            fingerprint=self.fingerprint,
        )


def _keyed64(key: bytes, message: bytes) -> int:
    """A 64-bit keyed hash (BLAKE2b keyed by a per-label PRF output)."""
    return int.from_bytes(hashlib.blake2b(message, key=key, digest_size=8).digest(), "little")


@lru_cache(maxsize=4)
def _encoder(secret: bytes, params: ClkParams) -> ClkEncoder:
    return ClkEncoder(secret, params)


# Below this many records, worker processes cost more than they save.
_PARALLEL_MIN = 20_000
_PARALLEL_CHUNK = 25_000
# Inherited by forked workers (copy-on-write): records are not pickled to each worker.
_SHARED: tuple[Sequence[PersonRecord], bytes, ClkParams] | None = None


def _encode_range(bounds: tuple[int, int]) -> EncodedSet:
    assert _SHARED is not None
    records, secret, params = _SHARED
    return _encoder(secret, params).encode(records[bounds[0] : bounds[1]])


def _encode_parallel(
    records: Sequence[PersonRecord],
    secret: bytes,
    params: ClkParams,
    workers: int,
    progress: bool,
) -> EncodedSet:
    global _SHARED
    import multiprocessing

    bounds = [
        (start, min(start + _PARALLEL_CHUNK, len(records)))
        for start in range(0, len(records), _PARALLEL_CHUNK)
    ]
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(
            total=len(records), desc="encode", unit=" records", unit_scale=True, file=sys.stderr
        )
    _SHARED = (records, secret, params)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            pieces = []
            for piece in pool.imap(_encode_range, bounds):
                pieces.append(piece)
                if bar is not None:
                    bar.update(len(piece))
    finally:
        _SHARED = None
        if bar is not None:
            bar.close()
    return EncodedSet.concatenate(pieces)


def encode_records(
    records: Iterable[PersonRecord],
    secret: bytes,
    *,
    params: ClkParams = DEFAULT,
    progress: bool = False,
    workers: int = 1,
) -> EncodedSet:
    """Encode records into an `EncodedSet` (keyed, balanced, permuted CLKs + blocking keys).

    The encoder of a (secret, parameters) pair is reused between calls, so encoding one
    person at a time (a query) stays cheap. ``workers`` > 1 encodes large inputs in that many
    forked processes (the batch command line uses one per core); the result is identical.
    """
    _check_secret(secret)
    params.validate()
    secret = bytes(secret)
    if workers > 1:
        records = records if isinstance(records, Sequence) else list(records)
        if len(records) >= _PARALLEL_MIN:
            return _encode_parallel(records, secret, params, workers, progress)
    return _encoder(secret, params).encode(records, progress=progress)


@dataclass(eq=False)
class EncodedSet:
    """Encoded persons as a node sends them: ids, bits, keyed blocking keys. No plaintext.

    ``bits`` is ``(len(ids), params.words)`` little-endian uint64; ``present`` holds one byte
    of `Present` flags per record (which fields were filled in, never their values); blocking
    key ``i`` is ``block_keys[i]`` of kind ``block_kinds[i]`` for record ``block_rows[i]``.
    """

    ids: list[str]
    bits: np.ndarray
    present: np.ndarray
    block_keys: np.ndarray
    block_rows: np.ndarray
    block_kinds: np.ndarray
    params: ClkParams
    fingerprint: bytes

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def concatenate(cls, sets: Sequence[EncodedSet]) -> EncodedSet:
        """One set holding the records of ``sets`` in order (same secret and parameters)."""
        if not sets:
            raise ValueError("nothing to concatenate")
        for other in sets[1:]:
            sets[0].check_compatible(other)
        offsets = np.cumsum([0, *(len(s) for s in sets[:-1])], dtype=np.int64)
        return cls(
            ids=[record_id for s in sets for record_id in s.ids],
            bits=np.concatenate([s.bits for s in sets]),
            present=np.concatenate([s.present for s in sets]),
            block_keys=np.concatenate([s.block_keys for s in sets]),
            block_rows=np.concatenate(
                [
                    s.block_rows.astype(np.uint32) + np.uint32(offset)
                    for s, offset in zip(sets, offsets.tolist(), strict=True)
                ]
            ),
            block_kinds=np.concatenate([s.block_kinds for s in sets]),
            params=sets[0].params,
            fingerprint=sets[0].fingerprint,
        )

    def check_compatible(self, other: EncodedSet) -> None:
        """`ClkMismatch` unless both sets were made with the same secret and parameters."""
        if self.params != other.params:
            raise ClkMismatch(
                "the two encoded files use different parameters "
                f"({self.params.to_json()} vs {other.params.to_json()}); re-encode one of them"
            )
        if not hmac.compare_digest(self.fingerprint, other.fingerprint):
            raise ClkMismatch(
                "the two encoded files were made with different secrets: "
                "their encodings cannot be compared (every node must use the network's secret)"
            )

    # --- file format --------------------------------------------------------------------
    def to_bytes(self) -> bytes:
        """The .clk format: magic, header length, JSON header, ids, bits, blocking keys, SHA-256.

        The header holds the format version, the parameters, the record and key counts and the
        keyed fingerprint of the secret — never the secret. The trailing SHA-256 of everything
        before it detects truncated or corrupted files.
        """
        encoded_ids = [i.encode("utf-8") for i in self.ids]
        header = json.dumps(
            {
                "format": FORMAT_VERSION,
                "params": asdict(self.params),
                "fingerprint": self.fingerprint.hex(),
                "records": len(self.ids),
                "block_keys": int(self.block_keys.shape[0]),
            },
            sort_keys=True,
        ).encode()
        out = io.BytesIO()
        out.write(MAGIC)
        out.write(struct.pack("<I", len(header)))
        out.write(header)
        out.write(np.array([len(i) for i in encoded_ids], dtype="<u4").tobytes())
        out.write(b"".join(encoded_ids))
        out.write(np.ascontiguousarray(self.bits, dtype="<u8").tobytes())
        out.write(np.ascontiguousarray(self.present, dtype="u1").tobytes())
        out.write(np.ascontiguousarray(self.block_keys, dtype="<u8").tobytes())
        out.write(np.ascontiguousarray(self.block_rows, dtype="<u4").tobytes())
        out.write(np.ascontiguousarray(self.block_kinds, dtype="u1").tobytes())
        body = out.getvalue()
        return body + hashlib.sha256(body).digest()

    @classmethod
    def from_bytes(cls, data: bytes) -> EncodedSet:
        """Parse a .clk file's content; `ClkError` says what is wrong with a bad one."""
        view = memoryview(data)
        if len(data) < len(MAGIC) + 4 + 32 or bytes(view[: len(MAGIC)]) != MAGIC:
            raise ClkError("not a Jokko .clk file (wrong magic bytes)")
        body, checksum = view[:-32], bytes(view[-32:])
        if not hmac.compare_digest(hashlib.sha256(body).digest(), checksum):
            raise ClkError("the .clk file is corrupt or truncated (checksum mismatch)")
        offset = len(MAGIC)
        (header_length,) = struct.unpack_from("<I", body, offset)
        offset += 4
        try:
            header = json.loads(bytes(body[offset : offset + header_length]))
            offset += header_length
            if header["format"] != FORMAT_VERSION:
                raise ClkError(
                    f"unsupported .clk format version {header['format']} "
                    f"(this Jokko reads version {FORMAT_VERSION})"
                )
            params = ClkParams.from_dict(header["params"])
            fingerprint = bytes.fromhex(header["fingerprint"])
            n = int(header["records"])
            n_keys = int(header["block_keys"])
        except (ValueError, KeyError, TypeError) as exc:
            if isinstance(exc, ClkError):
                raise
            raise ClkError(f"the .clk header is unreadable ({exc})") from exc

        def take(dtype: str, count: int) -> np.ndarray:
            nonlocal offset
            size = np.dtype(dtype).itemsize * count
            if offset + size > len(body):
                raise ClkError("the .clk file is shorter than its header says")
            array = np.frombuffer(body, dtype=dtype, count=count, offset=offset)
            offset += size
            return array

        lengths = take("<u4", n)
        total = int(lengths.sum(dtype=np.int64))
        if offset + total > len(body):
            raise ClkError("the .clk file is shorter than its header says")
        blob = bytes(body[offset : offset + total])
        offset += total
        ends = np.cumsum(lengths, dtype=np.int64).tolist()
        starts = [0, *ends[:-1]]
        try:
            ids = [blob[s:e].decode("utf-8") for s, e in zip(starts, ends, strict=True)]
        except UnicodeDecodeError as exc:
            raise ClkError("the .clk file has ids that are not UTF-8") from exc
        bits = take("<u8", n * params.words).reshape(n, params.words)
        present = take("u1", n)
        block_keys = take("<u8", n_keys)
        block_rows = take("<u4", n_keys)
        block_kinds = take("u1", n_keys)
        if offset != len(body):
            raise ClkError("the .clk file is longer than its header says")
        if n_keys and int(block_rows.max()) >= n:
            raise ClkError("the .clk file has blocking keys for records it does not hold")
        return cls(
            ids=ids,
            bits=bits,
            present=present,
            block_keys=block_keys,
            block_rows=block_rows,
            block_kinds=block_kinds,
            params=params,
            fingerprint=fingerprint,
        )

    def save(self, path: str | Path) -> None:
        Path(path).write_bytes(self.to_bytes())

    @classmethod
    def load(cls, path: str | Path) -> EncodedSet:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise ClkError(f"{path}: cannot read ({exc.strerror})") from exc
        try:
            return cls.from_bytes(data)
        except ClkError as exc:
            raise ClkError(f"{path}: {exc}") from exc
