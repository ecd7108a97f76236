"""What a release is asked to be (`ReleaseSpec`) and what came out of it (`ReleaseOutcome`).

A release is *refused* rather than weakened: when the thresholds chosen in the spec cannot be
met, nothing is published and the outcome lists every reason. Reasons carry a stable ``code``
and their parameters, so the web layer can translate them; ``text`` is the English sentence
used by the command line.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from jokko.opendata.variables import ALIASES, DEFAULT_VARIABLES, DEFAULT_YEAR_RANGE, catalogue


class ReleaseKind(enum.StrEnum):
    KANON = "kanon"
    """k-anonymous microdata: one generalised row per case, every combination shared by >= k."""
    DP = "dp"
    """Differentially private aggregates: one noisy count table per variable."""


DEFAULT_K = 11
"""CTDC's minimum group size: no published combination of values describes fewer than 11 cases."""
DEFAULT_MAX_SUPPRESSION_SHARE = 0.05
"""Refuse a k-anonymous release that would drop more than 5 % of the cases: it would be biased."""
DEFAULT_MAX_MARGINAL_TVD = 0.10
"""Refuse when a published marginal is more than 10 % (total variation) away from the truth."""
DEFAULT_EPSILON = 1.0
MAX_EPSILON = 10.0
"""Above this, the "privacy" of a DP release is nominal; we refuse to call it one."""
DEFAULT_DP_MIN_COUNT = 10
"""Noisy counts below this are published as suppressed: small noisy counts mislead readers and
are where the noise dominates the signal."""


class SpecError(ValueError):
    """A spec that cannot be run at all (unknown variable, k < 2...); ``errors`` lists why."""

    def __init__(self, errors: list[Reason]) -> None:
        self.errors = errors
        super().__init__("; ".join(error.text for error in errors))


@dataclass(frozen=True)
class Reason:
    """Why a spec is invalid or a release is refused: a code, its parameters, an English text."""

    code: str
    text: str
    params: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "text": self.text, "params": self.params}


@dataclass(frozen=True)
class ReleaseSpec:
    """The choices that define a release; everything a reviewer needs to reproduce it.

    ``variables`` are all treated as quasi-identifiers: in case data every published column
    (year, country, age band, sex...) is something a neighbour or employer may know, so k-anonymity
    is enforced on their full combination, as CTDC does.
    """

    variables: tuple[str, ...] = DEFAULT_VARIABLES
    kind: ReleaseKind = ReleaseKind.KANON
    k: int = DEFAULT_K
    max_suppression_share: float = DEFAULT_MAX_SUPPRESSION_SHARE
    max_marginal_tvd: float = DEFAULT_MAX_MARGINAL_TVD
    epsilon: float = DEFAULT_EPSILON
    dp_min_count: int = DEFAULT_DP_MIN_COUNT
    dp_pairs: bool = False
    """Also publish a DP table per pair of variables (the budget is then split over more tables)."""
    year_range: tuple[int, int] = DEFAULT_YEAR_RANGE

    @classmethod
    def build(
        cls, variables: list[str] | tuple[str, ...] | None = None, **options: Any
    ) -> ReleaseSpec:
        """A validated spec; names may use the short aliases (``country``, ``age``)."""
        names = tuple(
            ALIASES.get(name.strip(), name.strip())
            for name in (variables if variables is not None else DEFAULT_VARIABLES)
            if name.strip()
        )
        if "kind" in options and not isinstance(options["kind"], ReleaseKind):
            kind = str(options["kind"])
            if kind not in ReleaseKind.__members__.values():
                raise SpecError(
                    [Reason("unknown_kind", f"Unknown release kind {kind!r}.", {"kind": kind})]
                )
            options["kind"] = ReleaseKind(kind)
        spec = cls(variables=names, **options)
        spec.validate()
        return spec

    def validate(self) -> None:
        """Raise `SpecError` listing every problem at once."""
        errors: list[Reason] = []
        known = catalogue(self.year_range)
        unknown = [name for name in self.variables if name not in known]
        if unknown:
            errors.append(
                Reason(
                    "unknown_variables",
                    f"Unknown variables: {', '.join(unknown)}. Known: {', '.join(known)}.",
                    {"variables": ", ".join(unknown), "known": ", ".join(known)},
                )
            )
        if not self.variables:
            errors.append(Reason("no_variables", "Choose at least one variable."))
        if len(set(self.variables)) != len(self.variables):
            errors.append(Reason("duplicate_variables", "A variable is chosen twice."))
        if self.k < 2:
            errors.append(Reason("k_too_small", "k must be at least 2.", {"k": self.k}))
        if not 0 <= self.max_suppression_share < 1:
            errors.append(
                Reason("bad_suppression_share", "The maximum suppressed share must be in [0, 1).")
            )
        if not 0 < self.max_marginal_tvd <= 1:
            errors.append(Reason("bad_tvd", "The maximum marginal distance must be in (0, 1]."))
        if not 0 < self.epsilon <= MAX_EPSILON:
            errors.append(
                Reason(
                    "bad_epsilon",
                    f"Epsilon must be greater than 0 and at most {MAX_EPSILON}.",
                    {"epsilon": self.epsilon, "max": MAX_EPSILON},
                )
            )
        if self.dp_min_count < 0:
            errors.append(Reason("bad_min_count", "The small-count threshold cannot be negative."))
        if self.year_range[0] > self.year_range[1]:
            errors.append(Reason("bad_year_range", "The first year is after the last year."))
        if errors:
            raise SpecError(errors)

    def as_dict(self) -> dict[str, Any]:
        return {
            "variables": list(self.variables),
            "kind": self.kind.value,
            "k": self.k,
            "max_suppression_share": self.max_suppression_share,
            "max_marginal_tvd": self.max_marginal_tvd,
            "epsilon": self.epsilon,
            "dp_min_count": self.dp_min_count,
            "dp_pairs": self.dp_pairs,
            "year_range": list(self.year_range),
        }


@dataclass
class ReleaseOutcome:
    """The result of running a spec: published or refused, with both reports.

    ``header`` and ``rows_sql`` describe the release table kept in the DuckDB connection; write
    it with `jokko.opendata.engine.write_csv` only when ``published`` is true.
    """

    spec: ReleaseSpec
    published: bool
    reasons: list[Reason]
    disclosure: dict[str, Any]
    utility: dict[str, Any]
    header: list[str]
    rows_sql: str

    @property
    def reasons_text(self) -> list[str]:
        return [reason.text for reason in self.reasons]
