"""Privacy-preserving matching: Dice similarity of keyed Bloom-filter encodings, with blocking.

Why: the matcher (a peer node, or a node matching a peer's file against its own) must find
the pairs of encodings that stand for the same person without ever seeing a name. It sees
only `jokko.linkage.clk.EncodedSet`s: ids, bit vectors and keyed blocking keys.

How (vectorised with numpy, memory bounded):

1. Candidate pairs come from the keyed blocking keys (`jokko.linkage.clk.BlockKind` says which
   kinds meet): for each key of the left set, the right records holding the same key, found
   with a sorted array and ``searchsorted``. Pairs are produced in chunks of at most
   ``chunk_pairs``, so peak memory does not grow with the size of a block.
2. Each chunk is scored, in worker threads (numpy releases the GIL): ``popcount(left XOR
   right)`` over the uint64 words (``np.bitwise_count``) gives the Hamming distance, hence the
   Dice coefficient ``(|A|+|B|-hamming) / (|A|+|B|)``. The score is that Dice coefficient
   less a few penalties that stand in for what a Fellegi-Sunter model knows (`penalty_table`:
   birth dates not comparable in full, birth place recorded on one side only; the size of the
   block, like term-frequency adjustment; `size_penalty`: the prior). Pairs below the
   threshold are dropped at once.
3. A pair reached through several keys keeps its best score; with ``one_to_one=True`` a
   greedy assignment by decreasing score keeps at most one partner per record (cross-file
   linkage where each file holds a person once).

The matcher only ever reads what the encodings reveal anyway (bits, blocking keys and the
`jokko.linkage.clk.Present` flags); see ``docs/pprl-threat-model.md``.
"""

from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from jokko.linkage.clk import BlockKind, ClkParams, EncodedSet, Present
from jokko.linkage.records import Match

__all__ = [
    "DEFAULT_THRESHOLD",
    "candidate_pairs",
    "count_candidates",
    "match",
    "penalty_table",
    "score_pairs",
    "size_penalty",
]

# Minimum score; calibrated on generated data of REFERENCE_SIZE records per side against the
# plaintext linker (tests/linkage/test_pprl.py), bench/linkage_scale.py measures it at scale.
DEFAULT_THRESHOLD = 0.78
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


@dataclass(frozen=True, slots=True)
class _Join:
    """One join of blocking keys, prepared: left key ``i`` meets ``counts[i]`` right records
    ``right_rows[low[i] : low[i] + counts[i]]``; its block has ``block_bits[i]`` =
    ``log2(left members x right members) / 2`` (the mean log size of the block)."""

    left_rows: np.ndarray
    low: np.ndarray
    counts: np.ndarray
    right_rows: np.ndarray
    block_bits: np.ndarray


def _prepare(left: EncodedSet, right: EncodedSet) -> list[_Join]:
    joins = []
    for left_kinds, right_kinds in _JOINS:
        left_keys, left_rows = _keys_of(left, left_kinds)
        right_keys, right_rows = _keys_of(right, right_kinds)
        if not len(left_keys) or not len(right_keys):
            continue
        order = np.argsort(right_keys, kind="stable")
        right_keys = right_keys[order]
        low = np.searchsorted(right_keys, left_keys, side="left")
        counts = np.searchsorted(right_keys, left_keys, side="right") - low
        hit = counts > 0
        left_keys, left_rows, low, counts = left_keys[hit], left_rows[hit], low[hit], counts[hit]
        _, inverse, left_counts = np.unique(left_keys, return_inverse=True, return_counts=True)
        block_bits = (0.5 * np.log2(left_counts[inverse] * counts.astype(np.float64))).astype(
            np.float32
        )
        joins.append(_Join(left_rows, low, counts, right_rows[order], block_bits))
    return joins


def count_candidates(left: EncodedSet, right: EncodedSet) -> int:
    """How many candidate pairs blocking yields (a pair met through several keys counts
    once per key): the matcher's work."""
    return sum(int(join.counts.sum()) for join in _prepare(left, right))


def _chunks(join: _Join, chunk_pairs: int) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """(left rows, right rows, block bits) of at most ``chunk_pairs`` candidate pairs."""
    left_rows, low, counts, right_rows = join.left_rows, join.low, join.counts, join.right_rows
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
            yield rows_left, rows_right, np.repeat(join.block_bits[start:stop], block_counts)
        else:
            for piece in range(0, total, chunk_pairs):
                size = min(chunk_pairs, total - piece)
                first = int(low[start]) + piece
                yield (
                    np.full(size, left_rows[start], dtype=left_rows.dtype),
                    right_rows[first : first + size],
                    np.full(size, join.block_bits[start], dtype=np.float32),
                )
        start = stop


def candidate_pairs(
    left: EncodedSet, right: EncodedSet, *, chunk_pairs: int = CHUNK_PAIRS
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Chunks of (left rows, right rows) sharing a blocking key; a pair may repeat."""
    for join in _prepare(left, right):
        for rows_left, rows_right, _ in _chunks(join, chunk_pairs):
            yield rows_left, rows_right


# Score penalties when the birth dates could not be compared in full (see `penalty_table`).
YEAR_ONLY_PENALTY = 0.05
UNDATED_PENALTY = 0.08
# Score taken off per doubling of the block a pair was found in (see `match`).
BLOCK_PENALTY = 0.02
# Score taken off per doubling of the larger set beyond REFERENCE_SIZE (see `size_penalty`).
SIZE_PENALTY = 0.012
REFERENCE_SIZE = 2000


def size_penalty(left_size: int, right_size: int, per_doubling: float = SIZE_PENALTY) -> float:
    """What is taken off every score when linking sets of these sizes.

    Why: the more records the other side holds, the more namesakes a record meets, and the
    less a given amount of agreement proves. Fellegi-Sunter linkage says the same through its
    prior: the share of true matches among pairs falls as ``1 / max(size)``, so the evidence
    needed for a match grows with ``log(size)``. The Dice score is roughly linear in agreeing
    evidence, so the matcher asks for ``per_doubling`` more per doubling of the larger set
    beyond `REFERENCE_SIZE` (where `DEFAULT_THRESHOLD` was calibrated against the plaintext
    linker). Measured on generated data (`jokko.linkage.evaluation`, seeds 1 and 2): with
    the defaults, precision and recall are within 0.02 of the plaintext linker's at 2,000 and
    at 10,000 records per side (bench/results/pprl.md has larger sizes). A network can tune
    ``per_doubling`` and the threshold to its own data.
    """
    larger = max(left_size, right_size, REFERENCE_SIZE)
    return per_doubling * float(np.log2(larger / REFERENCE_SIZE))


# Share of a filter's base bits that the other fields set: a field recorded on one side only
# sets about k x (1 - _FILL) bits the other side lacks (twice that once balanced).
_FILL = 0.35


def penalty_table(
    params: ClkParams, year_only: float = YEAR_ONLY_PENALTY, undated: float = UNDATED_PENALTY
) -> tuple[np.ndarray, np.ndarray]:
    """``(hamming_discount, score_penalty)``, each indexed by the two records' `Present` flags.

    * ``hamming_discount``: the birth place is often recorded on one side only, and a Bloom
      filter cannot tell "not recorded" from "different": its bits would count as a
      disagreement. The matcher subtracts their expected number from the Hamming distance.
    * ``score_penalty``: two records that both carry a full birth date only become
      candidates when the dates are equal (`BlockKind.DATE`), which is strong evidence; a pair
      where one side has only a year, or no birth date at all, is more often two namesakes, so
      it is ranked lower by a fixed amount.

    Both use only the flags, which say which fields were recorded and nothing about values.
    """
    factor = (2.0 if params.balanced else 1.0) * (1.0 - _FILL)
    discount = np.zeros((32, 32), dtype=np.int32)
    penalty = np.zeros((32, 32), dtype=np.float32)
    for a in range(32):
        for b in range(32):
            if bool(a & Present.PLACE) != bool(b & Present.PLACE):
                discount[a, b] = round(factor * params.place_hashes)
            if not (a & Present.YEAR and b & Present.YEAR):
                penalty[a, b] = undated
            elif not (a & Present.DATE and b & Present.DATE):
                penalty[a, b] = year_only
    return discount, penalty


def _ones(encoded: EncodedSet) -> np.ndarray:
    """Set bits per record (the same for every record of a balanced set)."""
    return np.bitwise_count(encoded.bits).sum(axis=1, dtype=np.int32)


def score_pairs(
    left: EncodedSet,
    right: EncodedSet,
    rows_left: np.ndarray,
    rows_right: np.ndarray,
    *,
    tables: tuple[np.ndarray, np.ndarray] | None = None,
    left_ones: np.ndarray | None = None,
    right_ones: np.ndarray | None = None,
) -> np.ndarray:
    """Scores of the given pairs (float32): Dice coefficient, less the `penalty_table`.

    Dice is ``2|A∩B| / (|A|+|B|)``, computed from the Hamming distance
    (``|A∩B| = (|A|+|B|-hamming)/2``) with one XOR and ``np.bitwise_count`` per word.
    """
    discount, penalty = penalty_table(left.params) if tables is None else tables
    left_ones = _ones(left) if left_ones is None else left_ones
    right_ones = _ones(right) if right_ones is None else right_ones
    difference = left.bits[rows_left]
    np.bitwise_xor(difference, right.bits[rows_right], out=difference)
    hamming = np.bitwise_count(difference).sum(axis=1, dtype=np.int32)
    flags_left, flags_right = left.present[rows_left], right.present[rows_right]
    hamming = np.maximum(hamming - discount[flags_left, flags_right], 0)
    total = np.maximum(left_ones[rows_left] + right_ones[rows_right], 1)
    dice = (total - hamming).astype(np.float32) / total.astype(np.float32)
    return dice - penalty[flags_left, flags_right]


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
    workers: int | None = None,
    stats: dict[str, int] | None = None,
    block_penalty: float = BLOCK_PENALTY,
    size_penalty_per_doubling: float = SIZE_PENALTY,
) -> list[Match]:
    """Pairs of records whose score is >= ``threshold``, best first.

    The score is the Dice coefficient of the two encodings, less: the `penalty_table` (birth
    dates not comparable in full), ``block_penalty`` per doubling of the (mean) size of the
    block the pair was found in (a common name agreeing proves less, like term-frequency
    adjustment), and the `size_penalty` of the two sets' sizes.

    Raises `jokko.linkage.clk.ClkMismatch` when the two sets were made with different
    secrets or parameters. ``one_to_one`` keeps at most one partner per record (greedy by
    score). Memory is bounded by ``chunk_pairs`` candidate pairs per worker thread plus the
    pairs kept. ``workers`` threads score chunks (default: one per core). ``stats``, if given,
    receives ``candidates`` (pairs compared) and ``kept`` (pairs above the threshold).
    """
    if workers is None:
        workers = max(1, min(4, os.cpu_count() or 1))
    left.check_compatible(right)
    if not 0.0 <= threshold <= 1.0:
        raise ValueError("threshold must be between 0 and 1")
    tables = penalty_table(left.params)
    overall = np.float32(size_penalty(len(left), len(right), size_penalty_per_doubling))
    left_ones, right_ones = _ones(left), _ones(right)
    kept_left: list[np.ndarray] = []
    kept_right: list[np.ndarray] = []
    kept_scores: list[np.ndarray] = []
    joins = _prepare(left, right)
    total = sum(int(join.counts.sum()) for join in joins)
    if stats is not None:
        stats["candidates"] = total
        stats["kept"] = 0

    def keep(
        rows_left: np.ndarray, rows_right: np.ndarray, block_bits: np.ndarray
    ) -> tuple[np.ndarray, ...]:
        scores = score_pairs(
            left,
            right,
            rows_left,
            rows_right,
            tables=tables,
            left_ones=left_ones,
            right_ones=right_ones,
        )
        scores -= np.float32(block_penalty) * block_bits + overall
        good = scores >= np.float32(threshold)
        return rows_left[good], rows_right[good], scores[good], np.array(len(rows_left))

    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=total, desc="match", unit=" pairs", unit_scale=True, file=sys.stderr)
    # numpy releases the GIL in gathers, XOR and popcount: threads share the bit arrays
    # without copies. At most 2 x workers chunks are in flight, so memory stays bounded.
    pending: deque[Future[tuple[np.ndarray, ...]]] = deque()

    def collect(future: Future[tuple[np.ndarray, ...]]) -> None:
        good_left, good_right, good_scores, done = future.result()
        if len(good_left):
            kept_left.append(good_left)
            kept_right.append(good_right)
            kept_scores.append(good_scores)
        if bar is not None:
            bar.update(int(done))

    with ThreadPoolExecutor(max_workers=workers) as executor:
        for join in joins:
            for rows_left, rows_right, block_bits in _chunks(join, chunk_pairs):
                pending.append(executor.submit(keep, rows_left, rows_right, block_bits))
                if len(pending) >= 2 * workers:
                    collect(pending.popleft())
        while pending:
            collect(pending.popleft())
    if bar is not None:
        bar.close()
    if not kept_left:
        return []
    rows_left = np.concatenate(kept_left).astype(np.int64)
    rows_right = np.concatenate(kept_right).astype(np.int64)
    scores = np.concatenate(kept_scores)
    # A pair met through several blocking keys: keep its best score (smallest block).
    order = np.lexsort((-scores, rows_left << 32 | rows_right))
    rows_left, rows_right, scores = rows_left[order], rows_right[order], scores[order]
    _, first = np.unique(rows_left << 32 | rows_right, return_index=True)
    rows_left, rows_right, scores = rows_left[first], rows_right[first], scores[first]
    if stats is not None:
        stats["kept"] = len(rows_left)
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
