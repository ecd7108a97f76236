"""Privacy-preserving matching on generated data: as good as plaintext linkage, and exact."""

from __future__ import annotations

import numpy as np
import pytest

from jokko.linkage.clk import encode_records
from jokko.linkage.evaluation import LinkageDataset, generate_linkage_dataset, precision_recall
from jokko.linkage.pprl import DEFAULT_THRESHOLD, candidate_pairs, count_candidates, match

SECRET = b"network-secret-for-tests-0123456789abcdef"


@pytest.fixture(scope="module")
def data() -> LinkageDataset:
    return generate_linkage_dataset(2000, 2000, seed=11)


def test_blocking_keeps_the_true_pairs_and_few_others(data: LinkageDataset) -> None:
    left = encode_records(data.left, SECRET)
    right = encode_records(data.right, SECRET)
    left_index = {record_id: row for row, record_id in enumerate(left.ids)}
    right_index = {record_id: row for row, record_id in enumerate(right.ids)}
    truth = {left_index[a] << 32 | right_index[b] for a, b in data.truth}
    found = np.unique(
        np.concatenate(
            [
                rows_l.astype(np.int64) << 32 | rows_r
                for rows_l, rows_r in candidate_pairs(left, right)
            ]
        )
    )
    recall = len(truth & set(found.tolist())) / len(truth)
    assert recall >= 0.95
    # Far from the 4,000,000 pairs of a full comparison.
    assert count_candidates(left, right) < 20 * len(data.left)


def test_quality_is_within_two_points_of_plaintext_linkage(data: LinkageDataset) -> None:
    from jokko.linkage.plain import link

    plain_precision, plain_recall, _ = precision_recall(link(data.left, data.right), data.truth)
    matches = match(
        encode_records(data.left, SECRET), encode_records(data.right, SECRET), one_to_one=True
    )
    precision, recall, _ = precision_recall(matches, data.truth)
    assert precision >= 0.95 and recall >= 0.9
    assert abs(precision - plain_precision) <= 0.02, (precision, plain_precision)
    assert abs(recall - plain_recall) <= 0.02, (recall, plain_recall)


def test_matches_are_sorted_best_first_and_one_to_one_when_asked(data: LinkageDataset) -> None:
    left = encode_records(data.left[:600], SECRET)
    right = encode_records(data.right, SECRET)
    every = match(left, right)
    assert every and all(m.score >= DEFAULT_THRESHOLD for m in every)
    assert [m.score for m in every] == sorted((m.score for m in every), reverse=True)
    assert len({(m.left_id, m.right_id) for m in every}) == len(every)
    unique = match(left, right, one_to_one=True)
    assert len({m.left_id for m in unique}) == len(unique)
    assert len({m.right_id for m in unique}) == len(unique)
    assert {(m.left_id, m.right_id) for m in unique} <= {(m.left_id, m.right_id) for m in every}


def test_chunking_and_threads_do_not_change_the_result(data: LinkageDataset) -> None:
    left = encode_records(data.left[:800], SECRET)
    right = encode_records(data.right[:1500], SECRET)
    reference = match(left, right, workers=1)
    assert match(left, right, chunk_pairs=7, workers=3) == reference
    stats: dict[str, int] = {}
    match(left, right, stats=stats)
    assert stats["candidates"] >= stats["kept"] >= len(reference)


def test_a_single_query_record_finds_its_person(data: LinkageDataset) -> None:
    """The crosslink app encodes one person and matches it against a peer's set."""
    right = encode_records(data.right, SECRET)
    left_id, right_id = sorted(data.truth)[0]
    query = next(record for record in data.left if record.id == left_id)
    found = match(encode_records([query], SECRET), right, threshold=0.7)
    assert right_id in {m.right_id for m in found}


def test_nothing_matches_an_empty_set(data: LinkageDataset) -> None:
    assert match(encode_records([], SECRET), encode_records(data.right[:10], SECRET)) == []
