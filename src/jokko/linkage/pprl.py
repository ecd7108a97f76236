"""Privacy-preserving matching: Dice similarity of keyed Bloom-filter encodings, with blocking.

Why: the matcher (a peer node, or a node matching a peer's file against its own) must find
the pairs of encodings that stand for the same person without ever seeing a name. It sees
only `jokko.linkage.clk.EncodedSet`s: ids, bit vectors and keyed blocking keys.

How (vectorised with numpy, memory bounded):

1. Candidate pairs come from the keyed blocking keys (`jokko.linkage.clk.BlockKind` says which
   kinds meet): for each key of the left set, the right records holding the same key, found
   with a sorted array and ``searchsorted``. Pairs are produced in chunks of at most
   ``chunk_pairs``, so peak memory does not grow with the size of a block.
2. Each chunk is scored: ``popcount(left XOR right)`` over the uint64 words of the balanced
   filters (``np.bitwise_count``); for balanced filters of ``length`` base bits the Dice
   coefficient is ``1 - hamming / length``. Pairs below the threshold are dropped at once.
3. A pair reached through several keys is kept once; with ``one_to_one=True`` a greedy
   assignment by decreasing score keeps at most one partner per record (cross-file linkage
   where each file holds a person once).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from jokko.linkage.clk import BlockKind, EncodedSet, Present
from jokko.linkage.records import Match

__all__ = ["DEFAULT_THRESHOLD", "candidate_pairs", "match", "score_pairs"]

# Dice coefficient of balanced filters (1 - hamming / length); chosen on generated data
# (bench/linkage_scale.py, tests/linkage/test_pprl_quality.py).
DEFAULT_THRESHOLD = 0.92
CHUNK_PAIRS = 1 << 19

# (left kinds, right kinds) that meet: see `BlockKind`.
_JOINS: tuple[tuple[tuple[int, ...], tuple[int, ...]], ...] = (
    ((BlockKind.DATE,), (BlockKind.DATE,)),
    # Year-only records against every dated record, within two years.
    ((BlockKind.YEAR_ONLY_CENTER,), (BlockKind.CENTER, BlockKind.YEAR_ONLY_CENTER)),
    ((BlockKind.YEAR_WINDOW,), (BlockKind.CENTER, BlockKind.YEAR_ONLY_CENTER)),
    ((BlockKind.CENTER,), (BlockKind.YEAR_ONLY_CENTER, BlockKind.YEAR_WINDOW)),
    # Records without a birth date against every record sharing a name pair.
    ((BlockKind.ANY_UNDATED,), (BlockKind.ANY_DATED, BlockKind.ANY_UNDATED)),
    ((BlockKind.ANY_DATED,), (BlockKind.ANY_UNDATED,)),
)


def _keys_of(encoded: EncodedSet, kinds: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
    selected = np.isin(encoded.block_kinds, kinds)
    return encoded.block_keys[selected], encoded.block_rows[selected]


def candidate_pairs(
    left: EncodedSet, right: EncodedSet, *, chunk_pairs: int = CHUNK_PAIRS
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Chunks of (left rows, right rows) sharing a blocking key; a pair may repeat."""
    for left_kinds, right_kinds in _JOINS:
        left_keys, left_rows = _keys_of(left, left_kinds)
        right_keys, right_rows = _keys_of(right, right_kinds)
        if not len(left_keys) or not len(right_keys):
            continue
        order = np.argsort(right_keys, kind="stable")
        right_keys = right_keys[order]
        right_rows = right_rows[order]
        low = np.searchsorted(right_keys, left_keys, side="left")
        high = np.searchsorted(right_keys, left_keys, side="right")
        counts = high - low
        hit = counts > 0
        left_rows, low, counts = left_rows[hit], low[hit], counts[hit]
        del left_keys, high, hit
        ends = np.cumsum(counts)
        start = 0
        while start < len(counts):
            base = int(ends[start - 1]) if start else 0
            stop = int(np.searchsorted(ends, base + chunk_pairs, side="right"))
            stop = max(stop, start + 1)  # one key's block larger than a chunk: split it below
            block_counts = counts[start:stop]
            total = int(block_counts.sum())
            if total <= chunk_pairs:
                rows_left = np.repeat(left_rows[start:stop], block_counts)
                offsets = np.arange(total) - np.repeat(
                    np.cumsum(block_counts) - block_counts, block_counts
                )
                rows_right = right_rows[np.repeat(low[start:stop], block_counts) + offsets]
                yield rows_left, rows_right
            else:
                for piece in range(0, total, chunk_pairs):
                    size = min(chunk_pairs, total - piece)
                    first = int(low[start]) + piece
                    yield (
                        np.full(size, left_rows[start], dtype=left_rows.dtype),
                        right_rows[first : first + size],
                    )
            start = stop


# Score penalties when the birth dates could not be compared in full (see `birth_penalty`).
YEAR_ONLY_PENALTY = 0.03
UNDATED_PENALTY = 0.05


def birth_penalty(
    year_only: float = YEAR_ONLY_PENALTY, undated: float = UNDATED_PENALTY
) -> np.ndarray:
    """``table[a, b]``: what is taken off the Dice coefficient, by the two `Present` flags.

    Why: two records that both carry a full birth date only become candidates when the dates
    are equal (`BlockKind.DATE`), which is strong evidence; a pair where one side has only a
    year, or no birth date at all, is more often two namesakes. A Bloom filter alone cannot
    say this (a missing date and a different date look alike), so the matcher ranks such
    pairs lower by a fixed amount, using only flags the blocking keys reveal anyway.
    """
    table = np.zeros((16, 16), dtype=np.float32)
    for a in range(16):
        for b in range(16):
            if not (a & Present.YEAR and b & Present.YEAR):
                table[a, b] = undated
            elif not (a & Present.DATE and b & Present.DATE):
                table[a, b] = year_only
    return table


def _ones(encoded: EncodedSet) -> np.ndarray:
    """Set bits per record (the same for every record of a balanced set)."""
    return np.bitwise_count(encoded.bits).sum(axis=1, dtype=np.int32)


def score_pairs(
    left: EncodedSet,
    right: EncodedSet,
    rows_left: np.ndarray,
    rows_right: np.ndarray,
    *,
    penalty: np.ndarray | None = None,
    left_ones: np.ndarray | None = None,
    right_ones: np.ndarray | None = None,
) -> np.ndarray:
    """Scores of the given pairs (float32): Dice coefficient minus the `birth_penalty`.

    Dice is ``2|A∩B| / (|A|+|B|)``, computed from the Hamming distance
    (``|A∩B| = (|A|+|B|-hamming)/2``) with one XOR and ``np.bitwise_count`` per word.
    """
    if penalty is None:
        penalty = birth_penalty()
    left_ones = _ones(left) if left_ones is None else left_ones
    right_ones = _ones(right) if right_ones is None else right_ones
    difference = left.bits[rows_left]
    np.bitwise_xor(difference, right.bits[rows_right], out=difference)
    hamming = np.bitwise_count(difference).sum(axis=1, dtype=np.int32)
    total = np.maximum(left_ones[rows_left] + right_ones[rows_right], 1)
    dice = (total - hamming).astype(np.float32) / total.astype(np.float32)
    return dice - penalty[left.present[rows_left], right.present[rows_right]]


def _greedy_one_to_one(
    rows_left: np.ndarray, rows_right: np.ndarray, scores: np.ndarray
) -> np.ndarray:
    """Indices of the pairs a greedy assignment keeps: best score first, one partner each."""
    order = np.lexsort((rows_right, rows_left, -scores))
    used_left: set[int] = set()
    used_right: set[int] = set()
    kept: list[int] = []
    for index, a, b in zip(
        order.tolist(), rows_left[order].tolist(), rows_right[order].tolist(), strict=True
    ):
        if a in used_left or b in used_right:
            continue
        used_left.add(a)
        used_right.add(b)
        kept.append(index)
    return np.array(kept, dtype=np.int64)


def match(
    left: EncodedSet,
    right: EncodedSet,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    one_to_one: bool = False,
    progress: bool = False,
    chunk_pairs: int = CHUNK_PAIRS,
) -> list[Match]:
    """Pairs of records whose encodings have a Dice coefficient >= ``threshold``, best first.

    Raises `jokko.linkage.clk.ClkMismatch` when the two sets were made with different
    secrets or parameters. ``one_to_one`` keeps at most one partner per record (greedy by
    score). Memory is bounded by ``chunk_pairs`` candidate pairs at a time plus the pairs kept.
    """
    left.check_compatible(right)
    if not 0.0 <= threshold <= 1.0:
        raise ValueError("threshold must be between 0 and 1")
    penalty = birth_penalty()
    left_ones, right_ones = _ones(left), _ones(right)
    kept_left: list[np.ndarray] = []
    kept_right: list[np.ndarray] = []
    kept_scores: list[np.ndarray] = []
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(desc="match", unit=" pairs", unit_scale=True)
    for rows_left, rows_right in candidate_pairs(left, right, chunk_pairs=chunk_pairs):
        scores = score_pairs(
            left,
            right,
            rows_left,
            rows_right,
            penalty=penalty,
            left_ones=left_ones,
            right_ones=right_ones,
        )
        good = scores >= np.float32(threshold)
        if good.any():
            kept_left.append(rows_left[good])
            kept_right.append(rows_right[good])
            kept_scores.append(scores[good])
        if bar is not None:
            bar.update(len(rows_left))
    if bar is not None:
        bar.close()
    if not kept_left:
        return []
    rows_left = np.concatenate(kept_left).astype(np.int64)
    rows_right = np.concatenate(kept_right).astype(np.int64)
    scores = np.concatenate(kept_scores)
    # A pair met through several blocking keys has the same score each time: keep one.
    _, first = np.unique(rows_left << 32 | rows_right, return_index=True)
    rows_left, rows_right, scores = rows_left[first], rows_right[first], scores[first]
    if one_to_one:
        chosen = _greedy_one_to_one(rows_left, rows_right, scores)
    else:
        chosen = np.lexsort((rows_right, rows_left, -scores))
    left_ids, right_ids = left.ids, right.ids
    return [
        Match(left_ids[a], right_ids[b], round(float(s), 6))
        for a, b, s in zip(
            rows_left[chosen].tolist(),
            rows_right[chosen].tolist(),
            scores[chosen].tolist(),
            strict=True,
        )
    ]
