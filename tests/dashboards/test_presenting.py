"""What the page shows for a figure, and the time series the charts draw."""

from __future__ import annotations

import datetime

import pytest

from jokko.dashboards.presenting import chart_payload, display, quarter_bounds, recent_quarters


def _row(key: str, value: int | None, suppressed: bool = False) -> dict[str, object]:
    shown = "< 5" if suppressed else str(value)
    return {"key": key, "label": key, "value": value, "display": shown, "suppressed": suppressed}


def _chart(by: str, rows: list[dict[str, object]], kind: str = "line") -> dict[str, object]:
    return {"dom_id": "c", "kind": kind, "title": "t", "aggregate": "count", "by": by, "rows": rows}


def test_empty_months_and_quarters_are_drawn_as_zero_not_skipped() -> None:
    months = _chart("month", [_row("2024-11", 7), _row("2025-02", None, suppressed=True)])
    drawn = chart_payload([months], 5)["charts"][0]
    assert drawn["labels"] == ["2024-11", "2024-12", "2025-01", "2025-02"]
    assert drawn["values"] == [7, 0, 0, None]
    assert drawn["displays"] == ["7", "0", "0", "< 5"]
    quarters = _chart("quarter", [_row("2024-Q3", 9), _row("2025-Q2", 6)])
    assert chart_payload([quarters], 5)["charts"][0]["labels"] == [
        "2024-Q3",
        "2024-Q4",
        "2025-Q1",
        "2025-Q2",
    ]
    # Bars are categories, not time: nothing is added.
    bars = _chart("sex", [_row("female", 9)], kind="bar")
    assert chart_payload([bars], 5)["charts"][0]["labels"] == ["female"]


def test_figures_as_shown() -> None:
    assert display(3, True, "count", 5) == "< 5"
    assert display(0, False, "count", 5) == "0"
    assert display(None, False, "median", 5) == "\N{EN DASH}"
    assert display(2.0, False, "median", 5) == "2.0"
    assert display(0.6667, False, "ratio", 5) == "66.7 %"


def test_quarters() -> None:
    assert quarter_bounds("2025-q4") == (datetime.date(2025, 10, 1), datetime.date(2025, 12, 31))
    assert quarter_bounds("2024-Q1") == (datetime.date(2024, 1, 1), datetime.date(2024, 3, 31))
    with pytest.raises(ValueError, match="2025-Q3"):
        quarter_bounds("2025-Q5")
    codes = [code for code, _ in recent_quarters(datetime.date(2026, 2, 10), 3)]
    assert codes == ["2026-Q1", "2025-Q4", "2025-Q3"]
