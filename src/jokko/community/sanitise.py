"""Cleaning free text typed by the public before it is stored (pure: no Django).

Reports arrive from anonymous web visitors, SMS gateways and chatbots. Pages escape everything
on output anyway; cleaning on input keeps the stored text what a human meant to write:

* Unicode NFC, so "é" typed two ways compares equal (duplicate detection, search);
* control characters removed (a newline and a tab are kept in long texts);
* zero-width and bidirectional override characters removed: they can hide text or reverse how
  a line reads (e.g. a phone number shown backwards to an operator);
* HTML tags removed: a report is plain text, and markup in it is only ever an attack or noise.
"""

from __future__ import annotations

import re
import unicodedata

# Zero-width characters, bidi embeddings/overrides/isolates, the BOM and the word joiner family.
INVISIBLE = frozenset(
    "\u200b\u200c\u200d\u200e\u200f"  # zero-width space/non-joiner/joiner, LRM, RLM
    "\u202a\u202b\u202c\u202d\u202e"  # LRE, RLE, PDF, LRO, RLO
    "\u2060\u2061\u2062\u2063\u2064"  # word joiner, invisible operators
    "\u2066\u2067\u2068\u2069"  # LRI, RLI, FSI, PDI
    "\ufeff\u180e\u00ad"  # BOM / ZWNBSP, Mongolian vowel separator, soft hyphen
)
_TAG = re.compile(r"<[a-zA-Z/!?][^>]*>|<[a-zA-Z/!?][^<>]*$")
_SPACES = re.compile(r"[ \t]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def clean_text(value: str, *, multiline: bool = False) -> str:
    """The text without markup, invisible or control characters, in NFC, trimmed."""
    text = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    kept = []
    for char in text:
        if char in INVISIBLE:
            continue
        if char == "\n" or char == "\t":
            kept.append(char if multiline else " ")
            continue
        if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co"):
            continue
        kept.append(char)
    text = "".join(kept)
    # Repeat until stable: removing "<b>" from "<<b>script>" must not leave "<script>".
    while True:
        stripped = _TAG.sub("", text)
        if stripped == text:
            break
        text = stripped
    text = _SPACES.sub(" ", text)
    if multiline:
        text = "\n".join(line.strip() for line in text.split("\n"))
        text = _BLANK_LINES.sub("\n\n", text)
    return text.strip()
