"""The columns a linkage model compares, computed once per record from `PersonRecord`s.

Why precomputed: the name rules of the foundation (`jokko.names`: normalisation, Arabic
transliteration, particles, phonetic keys for Mamadou/Mamadu, Diallo/Jallow, محمد/Mohamed)
are Python, not SQL. Running them once per record and handing the model plain columns keeps
the model SQL-only, so the same model runs on DuckDB and on Spark, and blocking on a phonetic
key is an ordinary equi-join.

Columns (``None`` when the record has nothing to say; `COLUMNS` lists them):

* ``name_full`` — the normalised full name, given then family (exact match);
* ``name_sorted`` — the identity-bearing words sorted (same words in any order: a swapped
  given/family name, "DIALLO Mamadou");
* ``given``, ``family`` — normalised words without particles ("Ould Ahmed" → "ahmed");
  ``given_first`` — the first given name (a dropped middle name keeps it);
* ``given_ph``, ``family_ph``, ``given_first_ph`` — their phonetic keys;
* ``name_ph_sorted`` — phonetic keys of every word, sorted (order-insensitive phonetic key);
* ``name_ph_all`` — phonetic keys of every word of the name and of the other names (aliases,
  Arabic script), as a list: any shared key lets an alias speak;
* ``name_keys`` — for the name and each other name, its phonetic keys sorted, as a list: two
  records share one when an alias of one is a spelling of the other's name;
* ``birth_year`` (int), ``birth_date`` (``YYYY-MM-DD`` only when the full date is known),
  ``sex``, ``nationality``, ``birth_place`` (normalised).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from jokko.linkage.records import PersonRecord
from jokko.names import normalise, phonetic_key, tokens

__all__ = ["COLUMNS", "feature_columns", "record_features"]

COLUMNS: tuple[str, ...] = (
    "unique_id",
    "name_full",
    "name_sorted",
    "given",
    "family",
    "given_first",
    "given_ph",
    "family_ph",
    "given_first_ph",
    "name_ph_sorted",
    "name_ph_all",
    "name_keys",
    "birth_year",
    "birth_date",
    "sex",
    "nationality",
    "birth_place",
)


@lru_cache(maxsize=262144)
def _part(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(tokens, phonetic keys) of one name part; cached: names repeat a lot."""
    words = tuple(tokens(text)) if text else ()
    return words, tuple(key for key in map(phonetic_key, words) if key)


@lru_cache(maxsize=262144)
def _normalised(text: str) -> str:
    return normalise(text)


def _or_none(text: str) -> str | None:
    return text or None


@lru_cache(maxsize=262144)
def _name_features(given: str, family: str, others: tuple[str, ...]) -> tuple[Any, ...]:
    given_words, given_keys = _part(given)
    family_words, family_keys = _part(family)
    words = given_words + family_words
    keys = given_keys + family_keys
    all_keys = set(keys)
    name_keys = {" ".join(sorted(keys))} if keys else set()
    for other in others:
        other_keys = _part(other)[1]
        all_keys.update(other_keys)
        if other_keys:
            name_keys.add(" ".join(sorted(other_keys)))
    return (
        _or_none(_normalised(f"{given} {family}".strip())),
        _or_none(" ".join(sorted(words))),
        _or_none(" ".join(given_words)),
        _or_none(" ".join(family_words)),
        given_words[0] if given_words else None,
        _or_none(" ".join(given_keys)),
        _or_none(" ".join(family_keys)),
        given_keys[0] if given_keys else None,
        _or_none(" ".join(sorted(keys))),
        tuple(sorted(all_keys)),
        tuple(sorted(name_keys)),
    )


def _row(record: PersonRecord) -> tuple[Any, ...]:
    """The model's columns for one record, in `COLUMNS` order."""
    birth = record.birth_date
    return (
        record.id,
        *_name_features(record.given_name, record.family_name, record.other_names),
        int(birth[:4]) if birth else None,
        birth if len(birth) == 10 else None,
        record.sex or None,
        record.nationality or None,
        _or_none(_normalised(record.birth_place)) if record.birth_place else None,
    )


def record_features(record: PersonRecord) -> dict[str, Any]:
    """The model's columns for one record (see the module docstring)."""
    row = dict(zip(COLUMNS, _row(record), strict=True))
    row["name_ph_all"] = list(row["name_ph_all"])
    row["name_keys"] = list(row["name_keys"])
    return row


def feature_columns(records: Iterable[PersonRecord]) -> dict[str, list[Any]]:
    """Column-wise features of many records: ``{column: [value per record]}``.

    Column-wise because that is what Arrow, DuckDB and Spark take without copying row by
    row. Names repeat (registries share a few hundred given and family names), so name
    columns are computed once per distinct name and cached.
    """
    rows = [_row(record) for record in records]
    columns: dict[str, list[Any]] = {
        name: [row[index] for row in rows] for index, name in enumerate(COLUMNS)
    }
    for name in ("name_ph_all", "name_keys"):
        columns[name] = [list(value) for value in columns[name]]
    return columns
