"""Controlled vocabularies (exploitation types, means of control...) aligned with HTCDS 2.0.

Pure Python (no Django). See :mod:`jokko.taxonomy.vocabularies` for the design.
"""

from jokko.taxonomy.vocabularies import (
    LANGUAGES,
    VOCABULARY_NAMES,
    Term,
    UnknownCode,
    Vocabulary,
    vocabulary,
)

__all__ = ["LANGUAGES", "VOCABULARY_NAMES", "Term", "UnknownCode", "Vocabulary", "vocabulary"]
