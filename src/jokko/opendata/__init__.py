"""Anonymised open data: public releases of case data that cannot re-identify a survivor.

Pure library (no Django): the web app `jokko.releases` and the command ``jokko release`` both
feed it a *source table* of non-identifying case fields and get back a release or a refusal.

Read in this order:

* `jokko.opendata.variables` — which variables may be published and how each is generalised
  (date -> year, place -> country, age -> CTDC age band, detailed codes -> top-level HTCDS terms);
* `jokko.opendata.spec` — a `ReleaseSpec` (variables, kind, k, epsilon, thresholds) and the
  `ReleaseOutcome` (published or refused, reasons, reports);
* `jokko.opendata.engine` — the two kinds of release and the privacy reasoning behind each:
  k-anonymous microdata (generalise, recode rare values, suppress groups smaller than k, refuse
  when too much is lost) and differentially private count tables (OpenDP discrete Laplace noise,
  budget split evenly across tables);
* `jokko.opendata.utility` — how far the released counts moved from the truth.
"""

from jokko.opendata.engine import (
    SourceError,
    connect,
    csv_bytes,
    load_csv,
    load_rows,
    run,
    write_csv,
)
from jokko.opendata.spec import (
    Reason,
    ReleaseKind,
    ReleaseOutcome,
    ReleaseSpec,
    SpecError,
)
from jokko.opendata.variables import DEFAULT_VARIABLES, SOURCE_COLUMNS, VARIABLE_NAMES, catalogue

__all__ = [
    "DEFAULT_VARIABLES",
    "SOURCE_COLUMNS",
    "VARIABLE_NAMES",
    "Reason",
    "ReleaseKind",
    "ReleaseOutcome",
    "ReleaseSpec",
    "SourceError",
    "SpecError",
    "catalogue",
    "connect",
    "csv_bytes",
    "load_csv",
    "load_rows",
    "run",
    "write_csv",
]
