"""Record linkage: find the same person across or within data sets. Pure Python, no Django.

* `records` — the persons CSV and matches CSV formats, `PersonRecord`, `Match`, `InputError`.
"""

from __future__ import annotations

from jokko.linkage.records import InputError, Match, PersonRecord, read_persons_csv

__all__ = ["InputError", "Match", "PersonRecord", "read_persons_csv"]
