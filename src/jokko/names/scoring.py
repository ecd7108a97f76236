"""Ranking fuzzy candidates: how alike two full names are.

Why: the phonetic keys find candidates but are coarse (a shared "p:" key only says one word
sounds alike). Once candidates are decrypted, this score orders them for a caseworker, and a
threshold drops the clearly different ones.
"""

from __future__ import annotations

from rapidfuzz.distance import JaroWinkler

from jokko.names.phonetic import phonetic_key
from jokko.names.text import tokens

__all__ = ["similarity"]

# A pair of words with the same phonetic key scores at least this much.
PHONETIC_FLOOR = 0.9
# Lost per word the longer name has in excess, and at most.
MISSING_WORD_PENALTY = 0.05
MAX_PENALTY = 0.2
# Up to this many words in the longer name, the best pairing is found exactly.
_EXACT_LIMIT = 10


def _word_score(a: str, b: str) -> float:
    if a == b:
        return 1.0
    score = float(JaroWinkler.similarity(a, b))
    if phonetic_key(a) == phonetic_key(b):
        score = max(score, PHONETIC_FLOOR)
    return min(1.0, max(0.0, score))


def _best_pairing(scores: list[list[float]], n_long: int) -> float:
    """Highest total over pairings of every short word with a distinct long word."""
    if n_long <= _EXACT_LIMIT:
        best: dict[int, float] = {0: 0.0}
        for row in scores:
            step: dict[int, float] = {}
            for mask, total in best.items():
                for j, score in enumerate(row):
                    if not mask & (1 << j):
                        new_mask = mask | (1 << j)
                        if step.get(new_mask, -1.0) < total + score:
                            step[new_mask] = total + score
            best = step
        return max(best.values())
    # Very long inputs: greedy, best pairs first (deterministic tie-break by position).
    pairs = sorted(
        ((score, i, j) for i, row in enumerate(scores) for j, score in enumerate(row)),
        key=lambda item: (-item[0], item[1], item[2]),
    )
    used_short: set[int] = set()
    used_long: set[int] = set()
    total = 0.0
    for score, i, j in pairs:
        if i not in used_short and j not in used_long:
            used_short.add(i)
            used_long.add(j)
            total += score
    return total


def similarity(a: str, b: str) -> float:
    """How alike two names are, from 0.0 (nothing in common) to 1.0 (same words).

    Each word of the shorter name is paired with a distinct word of the longer one, whatever
    their order, so that the total is highest; a pair scores its Jaro-Winkler similarity,
    raised to at least 0.9 when the two words share a phonetic key (Jallow/Diallo). The mean
    over the shorter name is lowered by 5% per word the longer name has in excess (at most
    20%): "Awa Diallo" is probably, not certainly, "Awa Diallo Ba". Particles do not count
    (see `jokko.names.tokens`). Symmetric; 1.0 for identical names; 0.0 if either name has no
    word.

    >>> similarity("Mamadou Diallo", "DIALLO Mamadou")
    1.0
    >>> similarity("Mouhamed Jallow", "Mohamed Diallo") >= 0.9
    True
    >>> similarity("Moussa Diop", "Mamadou Diallo") < 0.8
    True
    """
    ta, tb = tokens(a), tokens(b)
    if not ta or not tb:
        return 0.0
    # Canonical order, so that similarity(a, b) and similarity(b, a) compute the same thing.
    shorter, longer = sorted((ta, tb), key=lambda words: (len(words), words))
    scores = [[_word_score(x, y) for y in longer] for x in shorter]
    mean = _best_pairing(scores, len(longer)) / len(shorter)
    penalty = min(MAX_PENALTY, MISSING_WORD_PENALTY * (len(longer) - len(shorter)))
    return max(0.0, min(1.0, round(mean * (1.0 - penalty), 6)))
