"""Phonetic keys: one key for the ways West Africa and the Sahel spell one name.

Why: Soundex and Metaphone were designed for English and German surnames; they split
"Diallo" from "Jallow" (Gambian English spelling of the same Fula name) and "Ousmane" from
"Usman" (Hausa), and Arabic script, which writes no short vowels, gives them nothing to work
with. This key is a **consonant skeleton** built by ordered rewrite rules: French, English and
Portuguese colonial spellings and Arabic transliterations of one name differ mostly in vowels
and in how a few sounds are spelt (French "ou"/"dj"/"ch" against English "u"/"j"/"sh").

The rules, applied in this order to one normalised token (`RULES` holds the rewrites):

====  ==========================  =====================================  =======================
step  rewrite                     why                                    example
====  ==========================  =====================================  =======================
1     ``ou``, ``oo`` → ``u``      French and English spellings of /u/    Mamadou, Mamadoo → mamadu
2     ``dh`` → ``d``              Arabic dhal, romanised or not          Dhahabi → dahabi
3     ``dj``, ``dy``+vowel,       French "di" before a vowel is /dʒ/,    Diallo, Djallo → jallo;
      ``di``+vowel (word start    English writes j                       Ndiaye → njaye
      or after a consonant) → j
4     ``tch``, ``sch``, ``ch``,   French ch = English sh = Arabic ش;     Cheikh, Sheikh → ceik
      ``sh`` → ``c``              ``c`` marks that class in the key
      (the sh-class)
5     ``kh``, ``ck``, ``q``,      Arabic kh and q written k, kh, ck, q   Khadija → kadija
      ``gh`` → ``k``/``g``
6     ``c`` + e/i/y → ``s``,      French soft and hard c                 Cissé → sisse;
      other ``c`` → ``k``,                                               Boubacar → bubakar
      ``x`` → ``ks``
7     ``ph`` → ``f``, ``th``      Arabic th (ث) became s in West Africa  Othman → osman
      inside a word → ``s``,
      initial ``th`` → ``t``
8     ``p`` → ``b``               Wolof/Arabic b written p in English    Diop, Jobe → job
9     ``iy`` + vowel → ``i``      Arabic long i                          Mariyama → mariama
10    final ``ahi`` → ``ay``,     Hausa/Nigerian English ending          Abdullahi → abdullay
11    final ``ye`` → ``y``        silent French ending                   Ndiaye → njay
12    final ``h`` after a         silent final h of English spellings    Bah → ba, Konateh
      vowel dropped
13    final ``e`` after a         silent French final e                  Ousmane → usman
      consonant dropped
14    final ``ow`` → ``o``        Gambian English ending                 Jallow → jallo, Sowe
15    doubled letters collapse    French doubles consonants to keep      Moussa = Musa,
                                  vowels short; English does not         Muhammad = Mohamed
16    vowels dropped after the    vowels vary, consonants do not;        Fatoumata = Fatimata;
      first letter; a first       a word-initial vowel is often written  Oumar = Umar = Omar
      vowel is written ``a``      as a different vowel
17    ``y`` is a consonant only   Youssouf; Keyta = Keita;               Kouyaté → kyt
      first or between vowels     Kouyaté keeps its y
18    a key with no consonant     keeps very short names apart           Ba → ba ≠ Bala → bl;
      after the first letter                                             Sow → su ≠ Sy → si
      keeps its first vowel's
      class (a, i or u)
====  ==========================  =====================================  =======================

Rules cannot reach a few Arabic-origin names whose West African forms add or drop a syllable
or changed a sound; for those, and only those, `CANONICAL_SKELETONS` maps one skeleton onto
another (Ibrahima/Ibrahim → Brahim, Abubakar/Aboubacar → Boubacar, Abdallah → Abdoulaye,
Hausa Hadiza → Khadija). It is a table of skeletons, not of spellings: every spelling that
reaches the skeleton by the rules is covered.

Known merges (accepted, because `jokko.names.similarity` reranks candidates on the spelling):
names whose consonants agree and whose vowels differ share a key, e.g. Kanté and Konaté.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from jokko.names.text import normalise

__all__ = ["CANONICAL_SKELETONS", "RULES", "Rule", "phonetic_key"]


class Rule(NamedTuple):
    """One rewrite step: a regular expression, its replacement, and why it exists."""

    pattern: re.Pattern[str]
    replacement: str
    why: str


def _rule(pattern: str, replacement: str, why: str) -> Rule:
    return Rule(re.compile(pattern), replacement, why)


_V = "aeiouy"

# Steps 1 to 14 of the table, in order. "c" stands for the sh-class once step 6 has removed
# every other c.
RULES: tuple[Rule, ...] = (
    _rule("ou|oo", "u", "French and English spellings of /u/"),
    _rule("dh", "d", "Arabic dhal"),
    _rule(f"dj|dy(?=[{_V}])|(?:^|(?<=[^{_V}]))di(?=[aeou])", "j", "French dj/di = English j"),
    _rule("tch|tsh|sch|ch|sh", "§", "sh-class (placeholder until step 6 is done)"),
    _rule("kh|ck|q", "k", "Arabic kh and q"),
    _rule("gh", "g", "Arabic ghain"),
    _rule("c(?=[eiy])", "s", "French soft c"),
    _rule("c", "k", "hard c"),
    _rule("x", "ks", "x"),
    _rule("§", "c", "sh-class written c"),
    _rule("ph", "f", "ph"),
    _rule("(?<=.)th", "s", "Arabic th became s"),
    _rule("^th", "t", "initial th"),
    _rule("p", "b", "Wolof/Arabic b written p"),
    _rule(f"iy(?=[{_V}])", "i", "Arabic long i"),
    _rule("ahi$", "ay", "Hausa -ahi ending"),
    _rule("ye$", "y", "silent final -ye"),
    _rule(f"(?<=[{_V}])h$", "", "silent final h"),
    _rule(f"(?<=[^{_V}])e$", "", "silent final e"),
    _rule("ow$", "o", "Gambian -ow ending"),
    _rule(r"(.)\1+", r"\1", "doubled letters"),
)

# Skeletons the rules cannot bring together (see the module docstring).
CANONICAL_SKELETONS: dict[str, str] = {
    "abrhm": "brhm",  # Ibrahima, Ibrahim → Brahim
    "abbkr": "bbkr",  # Abubakar, Aboubacar → Boubacar, Bubakar
    "abdlh": "abdl",  # Abdallah, عبد الله → Abdoulaye, Abdullahi
    "hdz": "kdj",  # Hausa Hadiza → Khadija
}

_VOWEL_CLASS = {"a": "a", "e": "i", "i": "i", "y": "i", "o": "u", "u": "u"}
_NOT_LETTER = re.compile("[^a-z]")


def _rewrite(token: str) -> str:
    for rule in RULES:
        token = rule.pattern.sub(rule.replacement, token)
    return token


def _skeleton(word: str) -> str:
    """Steps 16 to 18: keep the first letter and the consonants."""
    first = "a" if word[0] in "aeiou" else word[0]
    consonants = [
        char
        for index, char in enumerate(word[1:], start=1)
        if char not in _V
        or (
            char == "y"
            and word[index - 1] in _V
            and index + 1 < len(word)
            and word[index + 1] in _V
        )
    ]
    key = first + "".join(consonants)
    if not consonants and first != "a":
        vowels = [char for char in word[1:] if char in _V]
        if vowels:
            key += _VOWEL_CLASS[vowels[0]]
    return key


@lru_cache(maxsize=65536)
def phonetic_key(token: str) -> str:
    """The phonetic key of ONE name token (a word; spaces inside are ignored).

    Deterministic and independent of case, accents and script, so it can be hashed into a
    blind index: variants of a name share a key, different names (almost always) do not.
    Returns ``""`` when the token has no letter or digit.

    >>> phonetic_key("Mamadou") == phonetic_key("Mamadu") == phonetic_key("Mamadoo")
    True
    >>> [phonetic_key(t) for t in ("Diallo", "Jallow", "Djallo")]
    ['jl', 'jl', 'jl']
    >>> phonetic_key("محمد") == phonetic_key("Mouhammad") == phonetic_key("Mohamed")
    True
    >>> phonetic_key("Ba"), phonetic_key("Bala")
    ('ba', 'bl')
    """
    word = normalise(token).replace(" ", "")
    letters = _NOT_LETTER.sub("", word)
    if not letters:
        return word  # digits only, or nothing
    key = _skeleton(_rewrite(letters))
    return CANONICAL_SKELETONS.get(key, key)
