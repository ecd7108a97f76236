"""Controlled vocabularies aligned with the Human Trafficking Case Data Standard (HTCDS) 2.0.

Why: case data is only comparable across agencies and borders (Senegal, Mali, Mauritania...)
if everyone records the same categories. Jokko stores its own stable snake_case codes, shows
them in French, English or Arabic, and keeps for each term the exact HTCDS picklist value
(``Term.htcds``) so that import and export to HTCDS-based systems are a lookup, not a guess.
Where HTCDS lacks a regional category (talibé forced begging, gold-mine forced labour,
gendarmerie...), the term is a child of the nearest HTCDS term and ``note`` says so.

HTCDS is published by IOM under CC BY 4.0 (https://github.com/UNMigration/HTCDS); IOM does not
endorse Jokko. The data lives in ``vocabularies.json``, read once via :mod:`importlib.resources`.

This module must not import Django: importers, the CLI and migrations-free tests use it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

LANGUAGES: tuple[str, ...] = ("en", "fr", "ar")
"""Languages every term is labelled in; English is the fallback."""


def _language_key(language: str) -> str:
    """Map a locale tag (fr-FR, ar_SN, AR) to its language: labels are per language."""
    return language.replace("_", "-").split("-", 1)[0].strip().lower()


def _fold(value: str) -> str:
    """Case- and punctuation-insensitive form used to match HTCDS values and labels."""
    return re.sub(r"[^0-9a-z]", "", value.casefold())


class UnknownCode(ValueError):
    """A code (or HTCDS value) that a vocabulary does not contain.

    The message names every offending value and the vocabulary, so a bulk import error can be
    fixed in one pass rather than one value at a time.
    """

    def __init__(self, vocabulary: str, codes: Iterable[str], what: str = "code") -> None:
        self.vocabulary = vocabulary
        self.codes: tuple[str, ...] = tuple(codes)
        listed = ", ".join(repr(code) for code in self.codes)
        plural = "s" if len(self.codes) != 1 else ""
        super().__init__(f"unknown {what}{plural} for vocabulary {vocabulary!r}: {listed}")


@dataclass(frozen=True)
class Term:
    """One entry of a vocabulary.

    ``htcds`` is the exact HTCDS picklist Value Name to export ("" when HTCDS has no
    equivalent); ``parent`` is the code of the broader Jokko term ("" for top-level terms);
    ``note`` explains any approximation. ``htcds_aliases`` are other spellings found in the
    standard (e.g. Field Definitions.md) accepted on import only.
    """

    code: str
    labels: dict[str, str] = field(hash=False)
    htcds: str = ""
    parent: str = ""
    note: str = ""
    htcds_aliases: tuple[str, ...] = ()

    def label(self, language: str) -> str:
        """Label in ``language`` ("fr", "fr-FR", "ar-SN"...), falling back to English."""
        return self.labels.get(_language_key(language)) or self.labels["en"]


@dataclass(frozen=True)
class Vocabulary:
    """A named list of terms mapped to one HTCDS field (``htcds_field``; "" if none)."""

    name: str
    htcds_field: str
    terms: tuple[Term, ...]
    description: str = ""
    _index: dict[str, Term] = field(
        init=False, repr=False, compare=False, hash=False, default_factory=dict
    )
    _htcds: dict[str, Term] = field(
        init=False, repr=False, compare=False, hash=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        index = {term.code: term for term in self.terms}
        if len(index) != len(self.terms):
            raise ValueError(f"duplicate codes in vocabulary {self.name!r}")
        object.__setattr__(self, "_index", index)
        # First term wins, so the HTCDS term itself beats the Jokko refinements sharing its value.
        lookup: dict[str, Term] = {}
        for term in self.terms:
            if term.htcds:
                lookup.setdefault(_fold(term.htcds), term)
        for term in self.terms:
            for alias in term.htcds_aliases:
                lookup.setdefault(_fold(alias), term)
        object.__setattr__(self, "_htcds", lookup)

    @property
    def codes(self) -> tuple[str, ...]:
        """All codes, in display order."""
        return tuple(term.code for term in self.terms)

    def __contains__(self, code: object) -> bool:
        return code in self._index

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms)

    def __len__(self) -> int:
        return len(self.terms)

    def get(self, code: str) -> Term:
        """The term with this exact code; raises :class:`UnknownCode` otherwise."""
        try:
            return self._index[code]
        except KeyError:
            raise UnknownCode(self.name, [code]) from None

    def validate(self, codes: Iterable[str]) -> list[str]:
        """Return ``codes`` deduplicated in first-seen order, or raise listing all unknown ones.

        Used for multi-select fields: the whole submission is checked at once so the user sees
        every bad value in a single error.
        """
        seen: list[str] = []
        unknown: list[str] = []
        for code in codes:
            if code in self._index:
                if code not in seen:
                    seen.append(code)
            elif code not in unknown:
                unknown.append(code)
        if unknown:
            raise UnknownCode(self.name, unknown)
        return seen

    def choices(self, language: str) -> list[tuple[str, str]]:
        """(code, label) pairs in display order, ready for a form's choices."""
        return [(term.code, term.label(language)) for term in self.terms]

    def children(self, code: str) -> tuple[Term, ...]:
        """Direct children of a term (e.g. the regional refinements of an HTCDS value)."""
        self.get(code)
        return tuple(term for term in self.terms if term.parent == code)

    def from_htcds(self, value: str) -> Term:
        """Term for an HTCDS picklist value (inverse of :attr:`Term.htcds`).

        Matching ignores case, spaces and punctuation, so both the Value Name
        ("ForcedMilitaryByNonStateActors") and most Value Labels ("Forced military (by
        non-state actors)") resolve, as do the ``MethodsOfControl...`` names of
        Field Definitions.md. When several terms share a value, the first one, i.e. the HTCDS
        term itself rather than a Jokko refinement, is returned.
        """
        return self._htcds.get(_fold(value)) or self._from_htcds_prefixed(value)

    def _from_htcds_prefixed(self, value: str) -> Term:
        folded = _fold(value)
        stem = _fold(self.htcds_field.split("_", 1)[-1]) if self.htcds_field else ""
        if stem and folded.startswith(stem) and len(folded) > len(stem):
            term = self._htcds.get(folded[len(stem) :])
            if term is not None:
                return term
        raise UnknownCode(self.name, [value], what="HTCDS value")


def _term_from_json(raw: dict[str, Any]) -> Term:
    labels = {str(k): str(v) for k, v in raw["labels"].items()}
    missing = [lang for lang in LANGUAGES if not labels.get(lang)]
    if missing:
        raise ValueError(f"term {raw.get('code')!r} lacks labels for {missing}")
    return Term(
        code=str(raw["code"]),
        labels=labels,
        htcds=str(raw.get("htcds", "")),
        parent=str(raw.get("parent", "")),
        note=str(raw.get("note", "")),
        htcds_aliases=tuple(str(a) for a in raw.get("htcds_aliases", ())),
    )


@lru_cache(maxsize=1)
def _load() -> dict[str, Vocabulary]:
    text = (
        resources.files(__package__ or "jokko.taxonomy")
        .joinpath("vocabularies.json")
        .read_text(encoding="utf-8")
    )
    data: dict[str, Any] = json.loads(text)
    result: dict[str, Vocabulary] = {}
    for raw in data["vocabularies"]:
        vocab = Vocabulary(
            name=str(raw["name"]),
            htcds_field=str(raw.get("htcds_field", "")),
            terms=tuple(_term_from_json(t) for t in raw["terms"]),
            description=str(raw.get("description", "")),
        )
        result[vocab.name] = vocab
    return result


VOCABULARY_NAMES: tuple[str, ...] = (
    "exploitation_type",
    "means_of_control",
    "recruiter_relation",
    "identification_source",
    "sex",
    "service_type",
    "need_type",
    "document_type",
    "case_type",
    "reintegration_type",
)
"""Names accepted by :func:`vocabulary` (kept literal so importing costs no file read)."""


def vocabulary(name: str) -> Vocabulary:
    """The vocabulary called ``name``; raises :class:`KeyError` listing the known names."""
    vocabularies = _load()
    try:
        return vocabularies[name]
    except KeyError:
        known = ", ".join(sorted(vocabularies))
        raise KeyError(f"unknown vocabulary {name!r}; known vocabularies: {known}") from None
