"""Plaintext linkage: quality on generated data, West African spellings, near-namesakes."""

from __future__ import annotations

from dataclasses import replace

import pytest

from jokko.linkage.evaluation import (
    generate_dedupe_dataset,
    generate_linkage_dataset,
    precision_recall,
)
from jokko.linkage.features import record_features
from jokko.linkage.plain import ScoredPair, dedupe, link
from jokko.linkage.records import PersonRecord

P = PersonRecord

# Same person, written by two registries. Birth dates are outside the generated population's
# years, so the background cannot offer a better candidate by chance.
SAME_PERSON = [
    (
        P("a1", "Mamadou", "Diallo", (), "M", "1961-04-12", "SN"),
        P("b1", "Momodou", "Jallow", (), "M", "1961-04-12", "GM"),
    ),
    (
        P("a2", "Mohamed", "Ould Ahmed", (), "M", "1962-01-30", "MR"),
        P("b2", "محمد", "ولد أحمد", (), "M", "1962-01-30", "MR"),
    ),
    (
        P("a3", "Ousmane", "Traoré", (), "M", "1963-07-01", "ML"),
        P("b3", "TRAORE", "Ousmane", (), "M", "1963", "ML"),
    ),
    (
        P("a4", "Cheikh", "Ndiaye", (), "M", "1964-03-15", "SN"),
        P("b4", "Sheikh", "Njie", (), "M", "1964-03-15", ""),
    ),
    (
        P("a5", "Aïssatou", "Bâ", (), "F", "1965-11-02", "SN"),
        P("b5", "Aissatou", "Ba", (), "F", "", "SN"),
    ),
    (
        P("a6", "Mame Diarra", "Sarr", (), "F", "1966-05-05", "SN"),
        P("b6", "Mame", "Sar", (), "F", "1966-05-05", "SN"),
    ),
    (
        P("a7", "Fatimetou", "Mint Sidi", (), "F", "1967-09-09", "MR"),
        P("b7", "Fatimatou", "Mint Sidy", (), "F", "1968", "MR"),
    ),
    (
        P("a8", "Ibrahima", "Coulibaly", (), "M", "1968-02-20", "ML"),
        P("b8", "Ebrima", "Kulibali", (), "M", "1968-02-20", "ML"),
    ),
]
# Different persons whose names agree or nearly agree.
NOT_SAME_PERSON = [
    (
        P("a11", "Fatou", "Sarr", (), "F", "1964-05-05", "SN"),
        P("b11", "Fatou", "Sarr", (), "F", "1971-08-09", "SN"),
    ),
    (
        P("a12", "Aminata", "Konaté", (), "F", "1966-02-03", "ML"),
        P("b12", "Aminata", "Kanté", (), "F", "1969-07-08", "ML"),
    ),
    (
        P("a13", "Moussa", "Diop", (), "M", "1960-01-01", "SN"),
        P("b13", "Modou", "Diop", (), "M", "1966-10-10", "SN"),
    ),
    (
        P("a14", "Awa", "Ndiaye", (), "F", "1963-03-03", "SN"),
        P("b14", "Awa", "Ndiaye", (), "M", "1969-12-12", "SN"),
    ),
]


@pytest.fixture(scope="module")
def quality_run() -> tuple[float, float]:
    data = generate_linkage_dataset(2000, 2000, overlap=0.5, seed=2024)
    precision, recall, _ = precision_recall(link(data.left, data.right), data.truth)
    return precision, recall


def test_precision_and_recall_reach_the_goal_on_noisy_generated_data(
    quality_run: tuple[float, float],
) -> None:
    precision, recall = quality_run
    assert precision >= 0.95, precision
    assert recall >= 0.95, recall


@pytest.fixture(scope="module")
def spelling_run() -> set[tuple[str, str]]:
    background = generate_linkage_dataset(800, 800, overlap=0.5, seed=77)
    left = background.left + [a for a, _ in SAME_PERSON + NOT_SAME_PERSON]
    right = background.right + [b for _, b in SAME_PERSON + NOT_SAME_PERSON]
    return {(m.left_id, m.right_id) for m in link(left, right)}


@pytest.mark.parametrize(("left", "right"), SAME_PERSON, ids=[a.id for a, _ in SAME_PERSON])
def test_spelling_variants_of_one_person_link(
    spelling_run: set[tuple[str, str]], left: PersonRecord, right: PersonRecord
) -> None:
    assert (left.id, right.id) in spelling_run


@pytest.mark.parametrize(("left", "right"), NOT_SAME_PERSON, ids=[a.id for a, _ in NOT_SAME_PERSON])
def test_near_namesakes_do_not_link(
    spelling_run: set[tuple[str, str]], left: PersonRecord, right: PersonRecord
) -> None:
    assert not {pair for pair in spelling_run if left.id in pair or right.id in pair}


def test_link_is_one_to_one_and_scores_are_probabilities() -> None:
    data = generate_linkage_dataset(300, 300, seed=8)
    matches = link(data.left, data.right)
    assert len({m.left_id for m in matches}) == len({m.right_id for m in matches}) == len(matches)
    assert all(0.0 <= m.score <= 1.0 for m in matches)
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)


def test_dedupe_finds_duplicates_with_readable_evidence() -> None:
    data = generate_dedupe_dataset(1500, duplicate_rate=0.15, seed=4)
    extra = [replace(SAME_PERSON[1][0], id="x1"), replace(SAME_PERSON[1][1], id="x2")]
    pairs = dedupe(data.records + extra)
    precision, recall, _ = precision_recall(pairs, data.truth, symmetric=True)
    assert precision >= 0.93 and recall >= 0.8
    assert all(isinstance(p, ScoredPair) and p.left_id < p.right_id for p in pairs)
    arabic = next(p for p in pairs if (p.left_id, p.right_id) == ("x1", "x2"))
    assert arabic.evidence == {
        "name": "phonetic match",
        "birth": "same date",
        "sex": "same",
        "nationality": "same",
        "birth_place": "missing",
    }


def test_arabic_and_latin_spellings_share_the_compared_keys() -> None:
    latin = record_features(SAME_PERSON[1][0])
    arabic = record_features(SAME_PERSON[1][1])
    for column in ("name_ph_sorted", "given_ph", "family_ph", "birth_date", "birth_year"):
        assert latin[column] == arabic[column]
    swapped = record_features(SAME_PERSON[2][1])
    assert swapped["name_sorted"] == record_features(SAME_PERSON[2][0])["name_sorted"]


def test_empty_inputs_and_duplicate_ids() -> None:
    one = [SAME_PERSON[0][0]]
    assert link([], one) == []
    assert dedupe(one) == []
    with pytest.raises(ValueError, match="used twice"):
        link(one + one, one)
