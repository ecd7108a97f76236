"""Emerging hotspots: places whose recent counts rise significantly above their own history.

Pure library (no Django): it takes per-place series of counts per period (the maps app builds
them from the analytical store, one period = one calendar month) and says which places to flag.

Why compare a place with its own history: a place like Kédougou always has identifications;
what a coordinator needs to see early is a place where the rate jumps (a new mining site, a new
departure beach), not the places that are always large.

The test, for each place (and each layer: identifications, incidents, interceptions):

* recent window: the last ``recent`` periods (default 3 months), count ``X``;
* baseline: the ``baseline`` periods just before it (default 12 months), count ``B``; or, when
  ``season`` is set (12 for months), the same calendar windows of up to ``seasons`` previous
  years, so that a yearly peak (autumn boat departures to the Canaries) is compared with the
  same months of earlier years rather than flagged every year;
* null hypothesis: events at the place follow a Poisson process whose rate did not change.
  Conditionally on ``N = X + B``, ``X`` is then Binomial(N, r / (r + b)) where r and b are the
  numbers of periods in each window (the exact conditional test comparing two Poisson rates,
  Przyborowski & Wilenski 1940). Unlike a Poisson test against the baseline mean, it accounts
  for the baseline being itself an estimate and needs no special case for a zero history;
* one-sided p-value: P(Binomial(N, r/(r+b)) >= X);
* the p-values of all places tested together are adjusted by Benjamini-Hochberg (false
  discovery rate), because a region has dozens of places and at 1 % each some would be
  flagged by chance alone;
* a place is flagged when the adjusted p-value (``q``) is below ``alpha`` (default 0.01) AND
  the recent count is at least ``min_count`` (default 5, the small-count threshold: a surge
  from 0 to 2 is not a hotspot, and could not be shown to an analyst anyway) AND the recent
  rate is at least ``min_ratio`` (default 1.5) times the baseline rate.

A place without the whole baseline history (fewer periods than recent + baseline, or than the
seasons asked for) is not tested: its status says so, and it is never flagged.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

ALPHA = 0.01
MIN_COUNT = 5
MIN_RATIO = 1.5
RECENT = 3
BASELINE = 12

FLAGGED = "flagged"
NOT_FLAGGED = "not_flagged"
TOO_SHORT = "too_short"


@dataclass(frozen=True)
class Rule:
    """Windows and thresholds of the test (see the module docstring)."""

    recent: int = RECENT
    baseline: int = BASELINE
    alpha: float = ALPHA
    min_count: int = MIN_COUNT
    min_ratio: float = MIN_RATIO
    season: int | None = None
    seasons: int = 2

    def __post_init__(self) -> None:
        if self.recent < 1 or self.baseline < 1 or self.seasons < 1:
            raise ValueError("windows must be at least one period long")
        if not 0 < self.alpha < 1:
            raise ValueError("alpha must be between 0 and 1")
        if self.season is not None and self.season < self.recent:
            raise ValueError("a season must be at least as long as the recent window")

    @property
    def history_needed(self) -> int:
        """Periods a series must have for the place to be tested."""
        if self.season is None:
            return self.recent + self.baseline
        return self.seasons * self.season + self.recent


@dataclass(frozen=True)
class Result:
    """The test's answer for one series.

    ``recent`` and ``baseline`` are counts; ``recent_periods``/``baseline_periods`` the number
    of periods they cover; ``ratio`` the recent rate over the baseline rate (None when the
    baseline is zero); ``p`` the one-sided p-value and ``q`` the same after the
    Benjamini-Hochberg adjustment (None when not tested).
    """

    key: str
    status: str
    recent: int
    baseline: int
    recent_periods: int
    baseline_periods: int
    ratio: float | None
    p: float | None
    q: float | None

    @property
    def flagged(self) -> bool:
        return self.status == FLAGGED


def binomial_sf(k: int, n: int, p: float) -> float:
    """P(X >= k) for X ~ Binomial(n, p), exact (summed in log space, stable for large n)."""
    if k <= 0:
        return 1.0
    if k > n:
        return 0.0
    if p <= 0.0:
        return 0.0
    if p >= 1.0:
        return 1.0
    log_p, log_q = math.log(p), math.log1p(-p)
    terms = [
        math.lgamma(n + 1)
        - math.lgamma(i + 1)
        - math.lgamma(n - i + 1)
        + i * log_p
        + (n - i) * log_q
        for i in range(k, n + 1)
    ]
    top = max(terms)
    return min(1.0, math.exp(top) * sum(math.exp(t - top) for t in terms))


def windows(series: Sequence[int], rule: Rule) -> tuple[int, int, int, int] | None:
    """(recent count, baseline count, recent periods, baseline periods); None if too short."""
    if any(value < 0 for value in series):
        raise ValueError("counts cannot be negative")
    if len(series) < rule.history_needed:
        return None
    end = len(series)
    recent = sum(series[end - rule.recent :])
    if rule.season is None:
        base = series[end - rule.recent - rule.baseline : end - rule.recent]
        return recent, sum(base), rule.recent, rule.baseline
    total = 0
    for year in range(1, rule.seasons + 1):
        stop = end - year * rule.season
        total += sum(series[stop - rule.recent : stop])
    return recent, total, rule.recent, rule.recent * rule.seasons


def p_value(recent: int, baseline: int, recent_periods: int, baseline_periods: int) -> float:
    """One-sided p-value of the conditional test that the recent rate is no higher."""
    share = recent_periods / (recent_periods + baseline_periods)
    return binomial_sf(recent, recent + baseline, share)


def benjamini_hochberg(p_values: Sequence[float]) -> list[float]:
    """Adjusted p-values (q-values) in the input order (step-up, monotone, capped at 1)."""
    m = len(p_values)
    order = sorted(range(m), key=lambda i: p_values[i])
    adjusted = [1.0] * m
    running = 1.0
    for rank in range(m, 0, -1):
        index = order[rank - 1]
        running = min(running, p_values[index] * m / rank)
        adjusted[index] = min(1.0, running)
    return adjusted


def detect(series: Mapping[str, Sequence[int]], rule: Rule | None = None) -> list[Result]:
    """Test every series (key -> counts per period, oldest first, last = most recent period).

    Returns one result per key: flagged ones first (smallest q first), then the other tested
    ones, then those with too short a history; ties by key.
    """
    rule = rule or Rule()
    tested: list[tuple[str, tuple[int, int, int, int], float]] = []
    short: list[Result] = []
    for key in sorted(series):
        counted = windows(series[key], rule)
        if counted is None:
            short.append(
                Result(key, TOO_SHORT, sum(series[key][-rule.recent :]), 0, 0, 0, None, None, None)
            )
            continue
        tested.append((key, counted, p_value(*counted)))
    q_values = benjamini_hochberg([p for _key, _counted, p in tested])
    results: list[Result] = []
    for (key, (recent, baseline, r_periods, b_periods), p), q in zip(tested, q_values, strict=True):
        ratio = (recent / r_periods) / (baseline / b_periods) if baseline else None
        rises = ratio is None or ratio >= rule.min_ratio
        flagged = q < rule.alpha and recent >= rule.min_count and rises and recent > 0
        results.append(
            Result(
                key,
                FLAGGED if flagged else NOT_FLAGGED,
                recent,
                baseline,
                r_periods,
                b_periods,
                ratio,
                p,
                q,
            )
        )
    results.sort(key=lambda r: (not r.flagged, r.q if r.q is not None else 1.0, r.key))
    return results + short
