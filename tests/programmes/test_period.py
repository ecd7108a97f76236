"""Reporting periods as programme staff write them."""

from __future__ import annotations

import datetime

import pytest

from jokko.programmes.indicators import suppress_small_counts
from jokko.programmes.period import Period, PeriodError, parse_period

D = datetime.date


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("2024", Period(D(2024, 1, 1), D(2024, 12, 31))),
        ("2024-Q1", Period(D(2024, 1, 1), D(2024, 3, 31))),
        ("2024q4", Period(D(2024, 10, 1), D(2024, 12, 31))),
        ("2024-02", Period(D(2024, 2, 1), D(2024, 2, 29))),
        ("2024-12", Period(D(2024, 12, 1), D(2024, 12, 31))),
        ("2024-01-15..2024-06-30", Period(D(2024, 1, 15), D(2024, 6, 30))),
        ("", None),
    ],
)
def test_periods(text: str, period: Period | None) -> None:
    assert parse_period(text) == period


@pytest.mark.parametrize(
    "text",
    ["24", "2024-Q5", "2024-13", "2024-06-30..2024-01-01", "2024-02-30..2024-03-01", "last year"],
)
def test_bad_periods(text: str) -> None:
    with pytest.raises(PeriodError):
        parse_period(text)


def test_suppression_hides_counts_from_one_to_four_and_record_ids() -> None:
    figures = {
        "events": 3,
        "reach": 1840,
        "none": 0,
        "rate": 0.5,
        "flag": True,
        "cascades": [{"event_id": 7, "reach": 4, "reference": "FOR-SN-2026-0001"}],
    }
    assert suppress_small_counts(figures) == {
        "events": None,
        "reach": 1840,
        "none": 0,
        "rate": 0.5,
        "flag": True,
        "cascades": [{"reach": None, "reference": "FOR-SN-2026-0001"}],
    }
