"""Names as West Africa and the Sahel write them: normalisation, transliteration, phonetic keys.

Pure Python (no Django). Search and record linkage both rest on this module:

* `normalise("Aïssatou  DIALLO")` → ``"aissatou diallo"``; Arabic script is transliterated,
  so ``normalise("محمد ولد أحمد")`` → ``"mhmd wld ahmd"``.
* `tokens()` drops particles that carry no identity (ould, mint, bint, ibn, ben, al, el, de...).
* `phonetic_key(token)` gives transliteration variants one key:
  Mamadou/Mamadu, Mohamed/Mouhamed/Muhammad/محمد, Ousmane/Usman/Othman, Diallo/Jallow/Djallo,
  Ndiaye/Njie, Cheikh/Shaykh, Diop/Jobe, Coulibaly/Kulibali...
* `name_keys(name)` are what the fuzzy index stores; `exact_key(name)` what the exact one does.
* `similarity(a, b)` ranks candidates (token-order insensitive Jaro-Winkler, phonetic boost).

The phonetic key is a *consonant skeleton*, because Arabic script writes no short vowels and
French, English and Portuguese spellings of the same name differ mostly in vowels:

===========================  ==================================  ===========================
rule (in order)              why                                 example
===========================  ==================================  ===========================
"ou"/"oo" → u                French/English spelling of /u/      Mamadou → mamadu
"dj", "di"+vowel → j         French "di" before a vowel is /j/   Diallo → jallo, Djallo
"tch" → c, "ch"/"sh" → s     French ch = English sh              Cheikh, Sheikh → seik...
"kh" → k, "ck" → k, q → k    Arabic kh/q written many ways       Khadija → kadija
c before e/i/y → s, else k   French soft/hard c                  Cissé → sisse, Boubacar
"ph" → f, "th" (inside) → s  Arabic th became s in W. Africa     Othman → osman
p → b                        Wolof/Arabic b ~ English p          Diop = Jobe
final "ye" → y, "h" → ∅,     English/Gambian spellings, silent    Ndiaye, Bah → ba, Sowe,
e → ∅, then "ow" → o         final letters                        Jallow → jallo
final "ahi" → ay             Hausa/Arabic ending                  Abdullahi → abdullay
"iy"+vowel → i               Arabic long i                        Mariyama → mariama
vowels dropped after the     vowels vary, consonants don't        Fatoumata = Fatimata
first letter; a first vowel
becomes "a"
doubled consonants collapse  Moussa = Musa, Muhammad = Mohamed
y is a consonant at the      Youssouf; Kouyaté ≠ Keita
start or between vowels
===========================  ==================================  ===========================

A skeleton of fewer than two consonants keeps its first vowel's class (a, i or u) so that
short names stay apart: Sow (su) ≠ Sy (si), Ba (ba) ≠ Bala (bl). A few Arabic-origin names
whose West African forms drop or add a syllable cannot be reached by rules, and share a
canonical skeleton through `_SKELETON_ALIASES` (Ibrahima/Brahim, Aboubacar/Boubacar).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz.distance import JaroWinkler

__all__ = [
    "exact_key",
    "name_keys",
    "normalise",
    "phonetic_key",
    "similarity",
    "split_script",
    "tokens",
]

_ARABIC_RANGES = (
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x08A0, 0x08FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
)

# Arabic letters → Latin, as Mauritanian and Malian civil registries usually write them.
_ARABIC_TO_LATIN = {
    "ا": "a",
    "أ": "a",
    "إ": "i",
    "آ": "a",
    "ٱ": "a",
    "ب": "b",
    "ت": "t",
    "ث": "th",
    "ج": "j",
    "ح": "h",
    "خ": "kh",
    "د": "d",
    "ذ": "d",
    "ر": "r",
    "ز": "z",
    "س": "s",
    "ش": "sh",
    "ص": "s",
    "ض": "d",
    "ط": "t",
    "ظ": "z",
    "ع": "",
    "غ": "gh",
    "ف": "f",
    "ڢ": "f",
    "ق": "q",
    "ڤ": "v",
    "ك": "k",
    "گ": "g",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ه": "h",
    "ة": "a",
    "و": "w",
    "ي": "y",
    "ى": "a",
    "ء": "",
    "ئ": "",
    "ؤ": "",
    "پ": "p",
    "چ": "ch",
    "ی": "y",
    "ک": "k",
}
# Harakat, shadda, sukun, superscript alef, tatweel: not letters, drop them.
_ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670\u0640\u06d6-\u06ed]")

# Words that mark filiation or an article, not identity: "Mohamed Ould Ahmed" is found by
# "Mohamed Ahmed". They stay in `normalise()` (exact search) but not in `tokens()`.
PARTICLES = frozenset(
    {
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
        "al",
        "el",
        "de",
        "da",
        "du",
        "dos",
        "ag",
        "walet",
    }
)

_VOWELS = frozenset("aeiouy")

_SKELETON_ALIASES = {
    "abrhm": "brhm",  # Ibrahima, Ibrahim → Brahim
    "abbkr": "bbkr",  # Abubakar, Aboubacar → Boubacar, Bubakar
    "abdlh": "abdl",  # Abdallah → Abdoulaye, Abdullahi
}


_ARABIC_LETTER = re.compile(
    "[" + "".join(f"\\u{low:04x}-\\u{high:04x}" for low, high in _ARABIC_RANGES) + "]"
)


def split_script(name: str) -> str:
    """``"arabic"`` if the name contains an Arabic letter, else ``"latin"``."""
    for match in _ARABIC_LETTER.finditer(name):
        if match.group().isalpha():
            return "arabic"
    return "latin"


def _transliterate_arabic(text: str) -> str:
    text = _ARABIC_MARKS.sub("", text)
    text = re.sub(r"(^|\s)ال", r"\1al ", text)
    return "".join(_ARABIC_TO_LATIN.get(char, char) for char in text)


@lru_cache(maxsize=65536)
def normalise(name: str) -> str:
    """Casefolded, accent-free, Latin-script name with single spaces.

    >>> normalise("  Aïssatou   DIALLO-Bâ ")
    'aissatou diallo ba'
    """
    text = unicodedata.normalize("NFKC", name)
    if split_script(text) == "arabic":
        text = _transliterate_arabic(text)
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = text.replace("ß", "ss").replace("æ", "ae").replace("œ", "oe").replace("ø", "o")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


def tokens(name: str) -> list[str]:
    """Normalised tokens without filiation particles and articles.

    >>> tokens("Mohamed Ould Ahmed")
    ['mohamed', 'ahmed']
    """
    words = normalise(name).split()
    kept = [word for word in words if word not in PARTICLES]
    return kept or words


def _rewrite(token: str) -> str:
    t = token
    t = t.replace("oo", "u").replace("ou", "u")
    t = re.sub(r"^di(?=[aeou])", "j", t)
    t = re.sub(r"(?<=[^aeiouy])di(?=[aeou])", "j", t)
    t = t.replace("dj", "j").replace("dy", "j")
    t = t.replace("tch", "c").replace("sch", "s").replace("ch", "s").replace("sh", "s")
    t = t.replace("kh", "k").replace("ck", "k").replace("q", "k")
    t = re.sub(r"c(?=[eiy])", "s", t).replace("c", "k")
    t = t.replace("ph", "f").replace("gh", "g").replace("x", "ks").replace("z", "z")
    t = re.sub(r"(?<=.)th", "s", t).replace("th", "t")
    t = t.replace("p", "b")
    t = re.sub(r"iy(?=[aeiou])", "i", t)
    t = re.sub(r"ahi$", "ay", t)
    t = re.sub(r"ye$", "y", t)
    t = re.sub(r"(?<=[aeiouy])h$", "", t)
    t = re.sub(r"(?<=[^aeiouy])e$", "", t)
    t = re.sub(r"ow$", "o", t)
    return t


def _vowel_class(char: str) -> str:
    return {"a": "a", "e": "i", "i": "i", "y": "i", "o": "u", "u": "u"}[char]


@lru_cache(maxsize=65536)
def phonetic_key(token: str) -> str:
    """The consonant skeleton of one token; see the module docstring for the rules.

    >>> phonetic_key("Mamadou") == phonetic_key("Mamadu")
    True
    >>> phonetic_key("Diallo") == phonetic_key("Jallow")
    True
    """
    words = normalise(token).replace(" ", "")
    if not words:
        return ""
    t = _rewrite(words)
    if not t:
        return ""
    first = "a" if t[0] in "aeiou" else t[0]
    skeleton: list[str] = []
    previous = t[0]
    for index in range(1, len(t)):
        char = t[index]
        is_consonant = char not in _VOWELS or (
            char == "y"
            and index + 1 < len(t)
            and t[index - 1] in _VOWELS
            and t[index + 1] in _VOWELS
        )
        if is_consonant:
            adjacent_double = char == previous
            if not adjacent_double:
                skeleton.append(char)
        previous = char
    if first != "a" and skeleton and skeleton[0] == first and t[1:2] == first:
        skeleton = skeleton[1:]
    key = first + "".join(skeleton)
    if len(skeleton) < 1 or (len(skeleton) < 2 and first == "a"):
        vowels = [c for c in t[1:] if c in _VOWELS]
        if vowels:
            key = key[:1] + _vowel_class(vowels[0]) + key[1:]
    return _SKELETON_ALIASES.get(key, key)


def exact_key(name: str) -> str:
    """Normalised name with its words sorted: "DIALLO Mamadou" = "Mamadou Diallo"."""
    return " ".join(sorted(normalise(name).split()))


def name_keys(name: str) -> frozenset[str]:
    """The keys a name is indexed under for fuzzy search.

    * ``p:`` one per token (its phonetic key): a query sharing any name finds the record;
    * ``pp:`` one per pair of tokens (both phonetic keys, sorted): selective blocking keys, so
      "Mouhamed Jallow" is answered from the few records holding both Mohamed and Diallo rather
      than from every Mohamed;
    * ``n:`` the sorted normalised tokens: the same spelling in another order.

    >>> sorted(name_keys("Mamadou Diallo"))
    ['n:diallo mamadou', 'p:jl', 'p:mmd', 'pp:jl mmd']
    """
    words = tokens(name)
    if not words:
        return frozenset()
    phonetic = sorted({key for key in (phonetic_key(word) for word in words) if key})
    keys = {"p:" + key for key in phonetic}
    keys |= {f"pp:{a} {b}" for i, a in enumerate(phonetic) for b in phonetic[i + 1 :]}
    keys.add("n:" + " ".join(sorted(words)))
    return frozenset(keys)


def _token_score(a: str, b: str) -> float:
    score = float(JaroWinkler.similarity(a, b))
    if phonetic_key(a) == phonetic_key(b):
        score = max(score, 0.9)
    return score


def similarity(a: str, b: str) -> float:
    """How alike two names are, 0..1, whatever the order of their words.

    Words are paired best-first (Jaro-Winkler, at least 0.9 when their phonetic keys agree),
    each word used once; the mean over the shorter name is lowered by 5% per word the longer
    name has in excess, capped at 20%.

    >>> similarity("Mamadou Diallo", "DIALLO Mamadou")
    1.0
    >>> similarity("Mouhamed Jallow", "Mohamed Diallo") >= 0.9
    True
    """
    ta, tb = tokens(a), tokens(b)
    if not ta or not tb:
        return 0.0
    shorter, longer = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    # Pair words best-first across the whole matrix, so the result does not depend on order.
    pairs = sorted(
        ((_token_score(x, y), i, j) for i, x in enumerate(shorter) for j, y in enumerate(longer)),
        reverse=True,
    )
    used_short: set[int] = set()
    used_long: set[int] = set()
    total = 0.0
    for score, i, j in pairs:
        if i in used_short or j in used_long:
            continue
        used_short.add(i)
        used_long.add(j)
        total += score
    penalty = min(0.2, 0.05 * (len(longer) - len(shorter)))
    return round(total / len(shorter) * (1.0 - penalty), 6)
