"""Normalised text and tokens of a name.

Why: the same person is "Aïssatou DIALLO-BA" on a Senegalese ID card, "Aissatou Diallo Ba" in a
police report and "aïssatou diallo bâ" in a shelter's register. Encrypted fields can only be
searched through keyed hashes of derived keys, so every spelling that differs only in case,
accents, punctuation, spacing or script must give the same string *before* hashing.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from jokko.names.script import split_script, transliterate_arabic

__all__ = ["PARTICLES", "normalise", "tokens"]

# Letters that NFKD does not decompose to ASCII. Includes the African reference alphabet
# letters of Wolof, Pulaar/Fula, Mandinka, Bambara and Hausa orthographies.
_LATIN_EXTRA = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ł": "l",
        "ı": "i",
        "ŋ": "ng",  # Wolof, Mandinka, Fula
        "ɲ": "ny",  # Bambara, Mandinka
        "ɓ": "b",  # Fula, Hausa implosives
        "ɗ": "d",
        "ƙ": "k",  # Hausa ejective
        "ƴ": "y",  # Fula, Hausa
        "ɛ": "e",  # Bambara, Ewe
        "ɔ": "o",
        "ə": "e",
    }
)
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_DIGIT = re.compile(r"\d")

# "N'Diaye", "M'Bengue": an elided prenasal written with an apostrophe is part of the name.
_PRENASAL = re.compile(r"(?<![^\W\d_])([nNmM])[\'’ʼ‘`´]\s*(?=[^\W\d_])")

# Words that mark filiation, an article or a preposition, not identity: "Mohamed Ould Ahmed" is
# found by "Mohamed Ahmed", "Maria da Silva" by "Maria Silva". They stay in `normalise()` (and
# so in the exact key) but not in `tokens()`.
PARTICLES: frozenset[str] = frozenset(
    {
        # Hassaniya and Arabic filiation: son of, daughter of.
        "ould",
        "wuld",
        "wld",
        "ol",
        "mint",
        "bint",
        "bnt",
        "ibn",
        "bn",
        "ben",
        "bin",
        # Tamasheq: son of, daughter of.
        "ag",
        "walet",
        # Arabic article.
        "al",
        "el",
        # French, Portuguese (Cabo Verde, Guinea-Bissau), Spanish prepositions and articles.
        "de",
        "da",
        "do",
        "du",
        "des",
        "das",
        "dos",
        "d",
        "l",
        "e",
    }
)


@lru_cache(maxsize=65536)
def normalise(name: str) -> str:
    """A name as lower-case ASCII letters and digits separated by single spaces.

    Steps: Unicode NFKC (full-width and presentation forms), Arabic script transliterated to
    Latin (see `jokko.names.script`), casefold, diacritics stripped, African-alphabet letters
    mapped (ŋ → ng, ɓ → b...), every other character (punctuation, hyphen, apostrophe, emoji,
    control character) turned into a space, whitespace collapsed. Particles are kept: the exact
    key must tell "Mohamed Ould Ahmed" from "Mohamed Ahmed".

    >>> normalise("  Aïssatou   DIALLO-Bâ ")
    'aissatou diallo ba'
    >>> normalise("Traoré")
    'traore'
    >>> normalise("محمد ولد أحمد")
    'mhmd ould ahmd'
    >>> normalise(" \\t ")
    ''
    """
    # Invisible format characters (zero-width joiners and spaces, bidi controls, soft hyphen,
    # byte-order mark) are deleted, not turned into a space: "Dia\u00adllo" pasted from a
    # document looks like "Diallo" and must find him (as `community.sanitise` reads it too).
    name = "".join(char for char in name if unicodedata.category(char) != "Cf")
    text = unicodedata.normalize("NFKC", name)
    if split_script(text) == "arabic":
        text = transliterate_arabic(text)
    text = text.casefold().translate(_LATIN_EXTRA)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = text.translate(_LATIN_EXTRA)
    # Non-ASCII decimal digits (Devanagari, N'Ko...) as ASCII digits.
    text = _DIGIT.sub(lambda m: str(unicodedata.decimal(m.group(), "")), text)
    return _NOT_ALNUM.sub(" ", text).strip()


def tokens(name: str) -> list[str]:
    """The normalised words of a name that carry identity, in their original order.

    Filiation particles and articles (`PARTICLES`) are dropped, unless the name is made of
    nothing else. An apostrophe after a lone n or m is an elision, not a word break, so
    "N'Diaye" gives the single token ``ndiaye`` (while `normalise` gives ``"n diaye"``).

    >>> tokens("Mohamed Ould Ahmed")
    ['mohamed', 'ahmed']
    >>> tokens("Maria da Graça")
    ['maria', 'graca']
    >>> tokens("Awa N'Diaye")
    ['awa', 'ndiaye']
    """
    words = normalise(_PRENASAL.sub(r"\1", name)).split()
    kept = [word for word in words if word not in PARTICLES]
    return kept or words
