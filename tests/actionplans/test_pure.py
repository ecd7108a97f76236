"""The pure arithmetic behind the completion rate, indicator progress and the timeline."""

from __future__ import annotations

import datetime
from decimal import Decimal

from jokko.actionplans.progress import completion_rate, progress_toward_target
from jokko.actionplans.timeline import Axis


def test_completion_rate_leaves_cancelled_out() -> None:
    assert completion_rate(2, 5, 1) == 0.5
    assert completion_rate(0, 0, 0) is None
    assert completion_rate(0, 2, 2) is None
    assert completion_rate(3, 3, 0) == 1.0


def test_progress_toward_target() -> None:
    assert progress_toward_target(Decimal(0), Decimal(150), Decimal(75)) == 0.5
    # A decreasing indicator: from 40 days to process a request down to 10; now 25.
    assert progress_toward_target(Decimal(40), Decimal(10), Decimal(25)) == 0.5
    assert progress_toward_target(Decimal(0), Decimal(10), None) is None
    assert progress_toward_target(Decimal(0), Decimal(10), Decimal(12)) == 1.2


def test_axis_covers_whole_months() -> None:
    axis = Axis(datetime.date(2024, 1, 15), datetime.date(2024, 3, 10))
    months = axis.months()
    assert [m.first_day.month for m in months] == [1, 2, 3]
    assert axis.days == 31 + 29 + 31
    assert months[0].start_pct == 0 and round(sum(m.width_pct for m in months), 2) == 100
    bar = axis.bar(datetime.date(2024, 2, 1), datetime.date(2024, 2, 29))
    assert bar.start_pct == round(100 * 31 / 91, 3)
    assert round(bar.width_pct, 2) == round(100 * 29 / 91, 2)
    assert axis.contains(datetime.date(2024, 3, 31)) and not axis.contains(
        datetime.date(2024, 4, 1)
    )
    assert axis.bar(datetime.date(2024, 3, 5), datetime.date(2024, 3, 5)).width_pct >= 0.5


def test_long_axes_label_fewer_months() -> None:
    four_years = Axis(datetime.date(2024, 1, 1), datetime.date(2027, 12, 31)).months()
    assert len(four_years) == 48
    assert [m.first_day.year for m in four_years if m.labelled] == [2024, 2025, 2026, 2027]
    assert all(m.year_only for m in four_years)
    eighteen = Axis(datetime.date(2024, 1, 1), datetime.date(2025, 6, 30)).months()
    assert [m.first_day.month for m in eighteen if m.labelled] == [1, 4, 7, 10, 1, 4]
    one_year = Axis(datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)).months()
    assert all(m.labelled and not m.year_only for m in one_year)
