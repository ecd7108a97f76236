"""Emerging-hotspot detection on hand-made series whose answers are known."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jokko.hotspots import (
    FLAGGED,
    NOT_FLAGGED,
    TOO_SHORT,
    Rule,
    benjamini_hochberg,
    binomial_sf,
    detect,
    p_value,
    windows,
)


def one(series: list[int], rule: Rule | None = None) -> str:
    (result,) = detect({"X": series}, rule)
    return result.status


def test_flat_history_is_not_flagged() -> None:
    assert one([2] * 15) == NOT_FLAGGED
    (result,) = detect({"X": [2] * 15})
    assert (result.recent, result.baseline, result.ratio) == (6, 24, 1.0)
    assert result.p == pytest.approx(0.5725, abs=1e-3)


def test_clear_surge_is_flagged() -> None:
    (result,) = detect({"X": [1] * 12 + [6, 8, 9]})
    assert result.status == FLAGGED
    assert (result.recent, result.baseline) == (23, 12)
    assert result.ratio == pytest.approx((23 / 3) / (12 / 12))
    # Exact: P(Binomial(35, 1/5) >= 23), summed with fractions.
    assert result.p == pytest.approx(5.4846444555e-09, rel=1e-6)


def test_tiny_surge_from_zero_to_two_is_not_flagged() -> None:
    (result,) = detect({"X": [0] * 12 + [0, 1, 1]})
    # Exact: P(Binomial(2, 3/15) >= 2) = 0.2 ** 2 = 0.04, above 1 % and under 5 events anyway.
    assert result.p == pytest.approx(0.04)
    assert result.status == NOT_FLAGGED
    # Even a significant rise stays unflagged below the minimum count.
    assert one([0] * 12 + [0, 2, 2], Rule(alpha=0.05)) == NOT_FLAGGED


def test_surge_from_nothing_to_five_is_flagged() -> None:
    (result,) = detect({"X": [0] * 12 + [1, 2, 2]})
    assert result.p == pytest.approx(0.2**5)
    assert result.ratio is None
    assert result.status == FLAGGED


def seasonal_years(peak_last_year: int) -> list[int]:
    """Jan Y1 .. Nov Y3: September to November are high every year (boat season)."""
    series: list[int] = []
    for year in range(3):
        for month in range(12):
            high = peak_last_year if year == 2 else 10
            series.append(high if month in (8, 9, 10) else 1)
    return series[:-1]  # the recent window is Sep-Nov of year 3


def test_seasonal_peak_is_flagged_only_without_the_seasonal_baseline() -> None:
    series = seasonal_years(10)
    assert one(series) == FLAGGED
    seasonal = Rule(season=12, seasons=2)
    assert windows(series, seasonal) == (30, 60, 3, 6)
    assert one(series, seasonal) == NOT_FLAGGED
    assert one(seasonal_years(25), seasonal) == FLAGGED


def test_short_history_is_not_tested() -> None:
    (result,) = detect({"X": [0, 0, 9, 9, 9]})
    assert result.status == TOO_SHORT and result.p is None and not result.flagged
    assert one([0] * 20 + [9, 9], Rule(season=12, seasons=2)) == TOO_SHORT


def test_many_places_false_discovery_control() -> None:
    places = {f"P{i:02d}": [3] * 15 for i in range(40)}
    places["SURGE"] = [3] * 12 + [12, 14, 15]
    # A place just significant at 1 % on its own, but not among 41 places tested.
    places["BORDER"] = [2] * 12 + [4, 5, 6]
    results = detect(places)
    assert results[0].key == "SURGE" and results[0].flagged
    assert [r.key for r in results if r.flagged] == ["SURGE"]
    border = next(r for r in results if r.key == "BORDER")
    assert border.p is not None and border.p < 0.01
    assert border.q is not None and border.q > border.p


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        detect({"X": [1] * 14 + [-1]})
    with pytest.raises(ValueError):
        Rule(recent=0)
    with pytest.raises(ValueError):
        Rule(alpha=1.5)
    with pytest.raises(ValueError):
        Rule(recent=6, season=4)


def test_binomial_tail_matches_the_direct_sum() -> None:
    for n in range(0, 12):
        for k in range(0, n + 2):
            direct = sum(math.comb(n, i) * 0.3**i * 0.7 ** (n - i) for i in range(k, n + 1))
            assert binomial_sf(k, n, 0.3) == pytest.approx(direct, abs=1e-12)
    assert binomial_sf(5000, 10000, 0.5) == pytest.approx(0.504, abs=1e-3)


def test_benjamini_hochberg_known_values() -> None:
    assert benjamini_hochberg([0.01, 0.04, 0.03, 0.5]) == pytest.approx(
        [0.04, 0.04 * 4 / 3, 0.04 * 4 / 3, 0.5]
    )


counts = st.lists(st.integers(min_value=0, max_value=40), min_size=15, max_size=30)


@settings(max_examples=150, deadline=None)
@given(counts, st.integers(min_value=1, max_value=30))
def test_more_recent_events_never_raise_the_p_value(series: list[int], extra: int) -> None:
    recent, baseline, r, b = windows(series, Rule()) or (0, 0, 1, 1)
    p = p_value(recent, baseline, r, b)
    assert 0.0 <= p <= 1.0
    assert p_value(recent + extra, baseline, r, b) <= p + 1e-12
    assert p_value(recent, baseline + extra, r, b) >= p - 1e-12


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.text(min_size=1, max_size=3), counts, min_size=1, max_size=8))
def test_flags_respect_the_thresholds(series: dict[str, list[int]]) -> None:
    rule = Rule()
    for result in detect(series, rule):
        assert result.q is None or result.p is None or result.q >= result.p - 1e-12
        if result.flagged:
            assert result.recent >= rule.min_count
            assert result.q is not None and result.q < rule.alpha
            assert result.ratio is None or result.ratio >= rule.min_ratio
