"""Record linkage: find the same person across or within data sets. Pure Python, no Django.

* `records` — the persons CSV and matches CSV formats, `PersonRecord`, `Match`, `InputError`.
* `plain` — plaintext probabilistic linkage inside a node: ``link(left, right)`` and
  ``dedupe(records)`` (with human-readable evidence per pair), Splink on DuckDB or Spark;
  `features` and `splink_model` are its columns and its model (`plain_cli`: ``jokko link``).
* `clk`, `pprl` — privacy-preserving linkage across nodes on keyed Bloom-filter encodings.
* `evaluation` — generated data sets with realistic noise and known truth, and
  ``precision_recall``, shared by the tests and the benchmarks.

Heavy dependencies (Splink, DuckDB, pyspark) are imported by the modules that need them, not
here, so reading a CSV stays cheap.
"""

from __future__ import annotations

from jokko.linkage.records import InputError, Match, PersonRecord, read_persons_csv

__all__ = ["InputError", "Match", "PersonRecord", "read_persons_csv"]
