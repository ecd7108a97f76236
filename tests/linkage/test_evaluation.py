"""Generated linkage data sets: deterministic, with known truth and the promised noise."""

from __future__ import annotations

import pytest

from jokko.linkage.evaluation import (
    Noise,
    generate_dedupe_dataset,
    generate_linkage_dataset,
    precision_recall,
)
from jokko.linkage.records import Match
from jokko.names import phonetic_key, split_script


def test_same_seed_same_data_and_other_seed_other_data() -> None:
    first = generate_linkage_dataset(300, 200, overlap=0.5, seed=3)
    again = generate_linkage_dataset(300, 200, overlap=0.5, seed=3)
    other = generate_linkage_dataset(300, 200, overlap=0.5, seed=4)
    assert first == again
    assert first.left != other.left


def test_sizes_overlap_and_truth_refer_to_real_records() -> None:
    data = generate_linkage_dataset(400, 300, overlap=0.4, seed=1)
    assert len(data.left) == 400
    assert len(data.right) == 300
    assert len(data.truth) == 120  # 0.4 x min(400, 300)
    left_ids = {r.id for r in data.left}
    right_ids = {r.id for r in data.right}
    assert len(left_ids) == 400 and len(right_ids) == 300
    assert {a for a, _ in data.truth} <= left_ids
    assert {b for _, b in data.truth} <= right_ids
    # One right record per left record at most: a person is in each file once.
    assert len({a for a, _ in data.truth}) == len({b for _, b in data.truth}) == 120


def test_ids_do_not_reveal_the_pairs() -> None:
    data = generate_linkage_dataset(500, 500, seed=2)
    same_number = sum(1 for a, b in data.truth if a[1:] == b[1:])
    assert same_number < 10


def test_noise_of_every_promised_kind_appears() -> None:
    data = generate_linkage_dataset(3000, 3000, overlap=0.5, seed=5)
    left = {r.id: r for r in data.left}
    right = {r.id: r for r in data.right}
    kinds: set[str] = set()
    for a, b in data.truth:
        x, y = left[a], right[b]
        if split_script(y.given_name + y.family_name) == "arabic":
            kinds.add("arabic")
        elif (y.given_name, y.family_name) == (x.family_name, x.given_name) != ("", ""):
            kinds.add("swapped")
        elif y.family_name != x.family_name and phonetic_key(y.family_name) == phonetic_key(
            x.family_name
        ):
            kinds.add("variant")
        elif len(x.given_name.split()) > 1 and y.given_name == x.given_name.split()[0]:
            kinds.add("middle name dropped")
        if x.birth_date and not y.birth_date:
            kinds.add("birth missing")
        if len(x.birth_date) == 10 and y.birth_date == x.birth_date[:4]:
            kinds.add("year only")
        if (
            x.birth_date
            and y.birth_date
            and abs(int(x.birth_date[:4]) - int(y.birth_date[:4])) in (1, 2)
        ):
            kinds.add("approximate")
    assert kinds == {
        "arabic",
        "swapped",
        "variant",
        "middle name dropped",
        "birth missing",
        "year only",
        "approximate",
    }


def test_no_noise_gives_identical_copies() -> None:
    quiet = Noise(**{name: 0.0 for name in Noise.__dataclass_fields__})
    data = generate_linkage_dataset(200, 200, overlap=1.0, seed=6, noise=quiet)
    left = {r.id: r for r in data.left}
    right = {r.id: r for r in data.right}
    for a, b in data.truth:
        x, y = left[a], right[b]
        assert (x.given_name, x.family_name, x.birth_date, x.sex) == (
            y.given_name,
            y.family_name,
            y.birth_date,
            y.sex,
        )


def test_dedupe_dataset_truth_is_every_pair_of_a_person() -> None:
    data = generate_dedupe_dataset(1000, duplicate_rate=0.2, seed=1)
    ids = {r.id for r in data.records}
    assert len(data.records) == len(ids) == 1000
    assert all(a < b and a in ids and b in ids for a, b in data.truth)
    assert len(data.truth) >= 200


def test_precision_recall() -> None:
    truth = {("a", "1"), ("b", "2"), ("c", "3"), ("d", "4")}
    predicted = [Match("a", "1", 0.9), ("b", "2"), ("x", "9"), ("a", "1")]
    precision, recall, f1 = precision_recall(predicted, truth)
    assert (precision, recall) == (2 / 3, 0.5)
    assert f1 == pytest.approx(2 * (2 / 3) * 0.5 / (2 / 3 + 0.5))
    assert precision_recall([], truth) == (1.0, 0.0, 0.0)
    assert precision_recall([("2", "b")], {("b", "2")}, symmetric=True) == (1.0, 1.0, 1.0)
    assert precision_recall([("2", "b")], {("b", "2")})[0] == 0.0
