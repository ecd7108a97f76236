"""Hypothesis properties: the keys are safe to hash whatever text a user types."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jokko.names import (
    exact_key,
    name_keys,
    normalise,
    phonetic_key,
    similarity,
    split_script,
    tokens,
)

# Any text: control characters, emoji, surrogate-free Unicode of every script.
any_text = st.text(alphabet=st.characters(codec="utf-8"), max_size=80)
long_text = st.text(alphabet=st.characters(codec="utf-8"), min_size=1000, max_size=5000)
latin_token = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=15)
accents = st.sampled_from(["\u0300", "\u0301", "\u0302", "\u0303", "\u0308", "\u0327"])
name_words = st.sampled_from(
    ["Awa", "Ndiaye", "Fatou", "Sarr", "Ould", "Sidi", "محمد", "Jallow", "Bâ", "de", "Keïta"]
)


@given(any_text)
def test_normalise_is_idempotent_and_tidy(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once
    assert once == once.strip()
    assert "  " not in once
    assert once == "" or all(char.isascii() and (char.isalnum() or char == " ") for char in once)


@settings(max_examples=20, deadline=None)
@given(long_text)
def test_normalise_never_raises_on_long_text(text: str) -> None:
    assert isinstance(normalise(text), str)
    assert isinstance(name_keys(text), frozenset)


@given(any_text)
def test_every_function_accepts_any_text(text: str) -> None:
    assert isinstance(phonetic_key(text), str)
    assert all(key.startswith(("p:", "pp:", "n:")) for key in name_keys(text))
    assert split_script(text) in ("arabic", "latin")
    assert tokens(text) == [] or all(word and " " not in word for word in tokens(text))
    assert exact_key(text) == exact_key(" ".join(reversed(text.split())))


@given(latin_token)
def test_phonetic_key_ignores_case(token: str) -> None:
    key = phonetic_key(token)
    assert phonetic_key(token.upper()) == key
    assert phonetic_key(token.title()) == key


@given(latin_token, st.data())
def test_phonetic_key_ignores_accents(token: str, data: st.DataObject) -> None:
    marks = data.draw(st.lists(accents, min_size=len(token), max_size=len(token)))
    spelt = "".join(char + mark for char, mark in zip(token, marks, strict=True))
    accented = unicodedata.normalize("NFC", spelt)
    assert phonetic_key(accented) == phonetic_key(token)


@given(any_text, any_text)
def test_similarity_is_symmetric_and_bounded(a: str, b: str) -> None:
    score = similarity(a, b)
    assert 0.0 <= score <= 1.0
    assert score == pytest.approx(similarity(b, a), abs=1e-9)


@given(any_text)
def test_similarity_of_a_name_with_itself_is_one(text: str) -> None:
    expected = 1.0 if tokens(text) else 0.0
    assert similarity(text, text) == expected


@given(st.lists(name_words, min_size=1, max_size=5), st.randoms(use_true_random=False))
def test_name_keys_do_not_depend_on_word_order(words: list[str], rng: object) -> None:
    shuffled = list(words)
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    assert name_keys(" ".join(words)) == name_keys(" ".join(shuffled))
    assert exact_key(" ".join(words)) == exact_key(" ".join(shuffled))
    assert similarity(" ".join(words), " ".join(shuffled)) == 1.0
