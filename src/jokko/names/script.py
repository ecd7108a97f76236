"""Script detection and Arabic-to-Latin transliteration.

Why: in Mauritania, northern Mali, Niger and Chad a person's name may be written in Arabic
script on one document and in French spelling on the next. Search keys are built from Latin
letters only, so Arabic script is transliterated first, the way West African civil registries
usually romanise it (ش → sh, خ → kh, ج → j, ث → th...).

Arabic writes no short vowels, so ``محمد`` becomes ``mhmd``; the phonetic key is a consonant
skeleton precisely so that ``mhmd`` and ``Mohamed`` meet. Long vowels are kept: و and ي are
read as the vowels u and i after a consonant, as the consonants w and y elsewhere
(``يوسف`` → ``yusf``). A word-initial ع is written ``a`` (``عمر`` → ``amr``, like Omar).

The article ال is split off as its own word ``al`` (``الحسن`` → ``al hsn``) so that
`jokko.names.tokens` can drop it; ``عبد`` + ``ال...`` compounds stay one name
(``عبد الله`` → ``abdallah``, ``عبد الرحمن`` → ``abdarhmn``, with the sun-letter assimilation
of the article). Filiation words get their usual Latin forms (ولد → ould, بنت → bint).

Letters outside the core table (Ajami letters used for Wolof, Fula or Hausa, Persian forms)
fall back to their base letter, read from the Unicode character name
(``ARABIC LETTER NOON WITH THREE DOTS ABOVE`` → ``n``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["split_script", "transliterate_arabic"]

_ARABIC_RANGES = (
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x0870, 0x089F),
    (0x08A0, 0x08FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
)
_ARABIC_CHAR = re.compile(
    "[" + "".join(f"\\u{low:04x}-\\u{high:04x}" for low, high in _ARABIC_RANGES) + "]"
)
_ARABIC_WORD = re.compile(_ARABIC_CHAR.pattern + "+")
# "عبد الله" and "عبدالله" are one name, as are Abdallah and Abdoulaye.
_ABD_ARTICLE = re.compile(r"(?<![^\W\d_])عبد\s+ال(?=\w)")

# Harakat (short vowels), tanwin, shadda, sukun, superscript alef, Quranic marks, tatweel:
# not letters, and absent from most handwritten names anyway.
_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u0640\u06d6-\u06ed\u08d3-\u08ff]")

# Core letters. Hamza seats: the hamza itself is dropped, its seat's vowel is kept.
_LETTERS = {
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
    "ذ": "dh",
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
    "ڨ": "g",
    "ڤ": "v",
    "ك": "k",
    "ک": "k",
    "گ": "g",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ه": "h",
    "ة": "a",
    "ى": "a",
    "ء": "",
    "ئ": "i",
    "ؤ": "u",
    "پ": "p",
    "چ": "ch",
}
_WAW = frozenset("و")
_LONG_A = frozenset("اأى")
_YEH = frozenset("يیې")

# Base letters named in Unicode character names, for the letters not in `_LETTERS`.
_BASE_NAMES = {
    "ALEF": "a",
    "BEH": "b",
    "TEH": "t",
    "THEH": "th",
    "JEEM": "j",
    "HAH": "h",
    "KHAH": "kh",
    "DAL": "d",
    "THAL": "dh",
    "REH": "r",
    "ZAIN": "z",
    "SEEN": "s",
    "SHEEN": "sh",
    "SAD": "s",
    "DAD": "d",
    "TAH": "t",
    "ZAH": "z",
    "GHAIN": "gh",
    "FEH": "f",
    "QAF": "q",
    "KAF": "k",
    "KEHEH": "k",
    "GAF": "g",
    "NG": "ng",
    "LAM": "l",
    "MEEM": "m",
    "NOON": "n",
    "HEH": "h",
    "WAW": "w",
    "YEH": "y",
    "PEH": "p",
    "TCHEH": "ch",
    "VEH": "v",
    "JEH": "j",
    "DYEH": "j",
    "NYEH": "ny",
}

# Whole words with a settled Latin form.
_WORDS = {
    "ولد": "ould",
    "بنت": "bint",
    "منت": "mint",
    "ابن": "ibn",
    "بن": "bin",
    "ابو": "abu",
    "أبو": "abu",
    "الله": "allah",
}
_SUN_LETTERS = frozenset("تثدذرزسشصضطظلن")


def split_script(name: str) -> str:
    """``"arabic"`` if the name contains an Arabic letter, else ``"latin"``.

    Why: a caller may want to keep the original script for display, or warn that a name
    was entered in Arabic only. Arabic-Indic digits and punctuation are not letters.

    >>> split_script("فاطمة بنت أحمد")
    'arabic'
    >>> split_script("Fatimetou Mint Ahmed")
    'latin'
    """
    return "arabic" if any(m.group().isalpha() for m in _ARABIC_CHAR.finditer(name)) else "latin"


@lru_cache(maxsize=1024)
def _fallback(char: str) -> str:
    name = unicodedata.name(char, "")
    if not name.startswith("ARABIC LETTER "):
        return ""
    base = name.removeprefix("ARABIC LETTER ").split(" WITH ")[0]
    return _BASE_NAMES.get(base, _BASE_NAMES.get(base.split(" ")[-1], ""))


def _letters(word: str) -> str:
    """Transliterate one Arabic word (no article, no marks)."""
    out = ""
    for index, char in enumerate(word):
        following = word[index + 1] if index + 1 < len(word) else ""
        if char in _WAW or char in _YEH:
            # A consonant at the start, after a vowel or before a long a; a long vowel otherwise.
            consonant = index == 0 or out[-1:] in ("", "a", "i", "u") or following in _LONG_A
            if char in _WAW:
                out += "w" if consonant else "u"
            else:
                out += "y" if consonant else "i"
        elif char == "ع":
            out += "a" if index == 0 else ""
        elif char in _LETTERS:
            out += _LETTERS[char]
        else:
            out += _fallback(char)
    return out


def _word(word: str) -> str:
    if word in _WORDS:
        return _WORDS[word]
    if word.startswith("عبدال") and len(word) > 5:
        rest = word[5:]
        if rest == "له":
            return "abdallah"
        return ("abda" if rest[0] in _SUN_LETTERS else "abdal") + _letters(rest)
    if word.startswith("ال") and len(word) > 2:
        return "al " + _letters(word[2:])
    return _letters(word)


def transliterate_arabic(text: str) -> str:
    """Replace every Arabic word in ``text`` by its Latin transliteration (lower case).

    Why: keys are Latin strings; this is the step that lets ``محمد`` and ``Mohamed`` share
    one. Non-Arabic characters are left as they are, so mixed-script names survive.

    >>> transliterate_arabic("محمد ولد أحمد")
    'mhmd ould ahmd'
    >>> transliterate_arabic("عبد الله")
    'abdallah'
    >>> transliterate_arabic("يوسف")
    'yusf'
    """
    text = _MARKS.sub("", text)
    # Arabic comma, question mark, digits...: separators, not letters of a word.
    text = _ARABIC_CHAR.sub(lambda m: m.group() if m.group().isalpha() else " ", text)
    text = _ABD_ARTICLE.sub("عبدال", text)
    return _ARABIC_WORD.sub(lambda match: _word(match.group()), text)
